"""Sealed columns: a person's own words stored encrypted under their key (vta/keys.py).

The one place that encrypts and decrypts. Models declare personal text columns with `Sealed` or
`SealedJSON` and say whose data a row is (`__sealed_owner__`); services read and write plain
strings and dicts as before:
- reading: the column type opens the value, whatever the query (ORM objects, single columns);
  a value whose key was destroyed reads as the column's erased value;
- writing through the ORM: mapper events seal changed values just before INSERT/UPDATE, with the
  row's owner, and put the plain value back on the object afterwards;
- writing with a bulk UPDATE: call `seal()` yourself. A plain value that reaches the database
  unsealed is refused, so a forgotten path fails loudly instead of leaking.

Why not one TypeDecorator alone: a column type sees a value, never its row, so it cannot know
whose key to use; the mapper events know the row. Why not seal/open in every service: the name
and texts are read in a dozen places (pages, lists, exports, matching), writing is a few.

Stored form: "vk1:" + owner id (hex) + ":" + base64(nonce | AES-GCM ciphertext), the owner id also
bound as associated data, so a value cannot be moved to another person.
"""
from __future__ import annotations

import base64
import json
import secrets
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, String, Text, event, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper, Session, attributes
from sqlalchemy.types import TypeDecorator

from vta.keys import KeyStore, store_of

PREFIX = "vk1:"


class UnsealedPersonalData(ValueError):
    """A plain value was about to be written to a sealed column."""


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def seal_text(store: KeyStore, owner: uuid.UUID, text: str) -> str:
    aead = store.create(owner)
    nonce = secrets.token_bytes(12)
    blob = nonce + aead.encrypt(nonce, text.encode(), owner.hex.encode())
    return f"{PREFIX}{owner.hex}:{base64.b64encode(blob).decode()}"


def open_text(store: KeyStore, value: str) -> str | None:
    """The plain text, or None when the owner's key is gone (the person was erased)."""
    owner, _, blob = value[len(PREFIX):].partition(":")
    aead = store.get(owner)
    if aead is None:
        return None
    raw = base64.b64decode(blob)
    return aead.decrypt(raw[:12], raw[12:], owner.encode()).decode()


def _empty(value: object) -> bool:
    return value is None or value == "" or value == {} or value == []


def seal_value(store: KeyStore, owner: uuid.UUID, value: Any) -> Any:
    """A column value sealed for `owner` (strings as they are, dicts and lists as JSON). Empty
    values stay as they are: they say nothing."""
    if _empty(value) or is_sealed(value):
        return value
    return seal_text(store, owner, value if isinstance(value, str) else json.dumps(value))


def seal(session: Any, owner: uuid.UUID, value: Any) -> Any:
    """For bulk UPDATEs: `update(T).values(col=seal(session, owner_id, text))`."""
    return seal_value(store_of(session.bind.dialect), owner, value)


class Sealed(TypeDecorator):
    """Personal text. `erased` is what a value reads as once its key is destroyed (and the one
    plain value that may be written, as erasure's placeholder)."""

    impl = Text
    cache_ok = True

    def __init__(self, length: int | None = None, erased: str = "") -> None:
        super().__init__()
        self.length = length
        self.erased = erased

    def load_dialect_impl(self, dialect: Any) -> Any:
        # SQLite enforces no length, so the declared VARCHAR(n) stays (changing a column type there
        # means rebuilding the table); PostgreSQL needs TEXT for the longer ciphertext (migration 0010).
        if dialect.name == "sqlite" and self.length:
            return String(self.length)
        return Text()

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None or value == "" or value == self.erased or is_sealed(value):
            return value
        raise UnsealedPersonalData("personal text must be sealed before it is stored (vta/sealed.py)")

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if not is_sealed(value):
            return value
        text = open_text(store_of(dialect), value)
        return self.erased if text is None else text


class SealedJSON(TypeDecorator):
    """Personal data held as JSON (a list of skills, an explanation): sealed as a JSON string."""

    impl = JSON
    cache_ok = True

    def __init__(self, empty: type = dict) -> None:
        super().__init__()
        self.empty = empty

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if _empty(value) or is_sealed(value):
            return value
        raise UnsealedPersonalData("personal data must be sealed before it is stored (vta/sealed.py)")

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if not is_sealed(value):
            return value
        text = open_text(store_of(dialect), value)
        return self.empty() if text is None else json.loads(text)


# --- sealing on flush -----------------------------------------------------------------------------

Owner = str | Callable[[Connection, Any], "uuid.UUID | None"]
_COLUMNS: dict[type, dict[str, object]] = {}


def sealed_columns(cls: type) -> dict[str, object]:
    """A class's sealed attributes and the placeholder each may hold in the clear (None: none)."""
    cols = _COLUMNS.get(cls)
    if cols is None:
        cols = _COLUMNS[cls] = {a.key: getattr(a.columns[0].type, "erased", None) for a in inspect(cls).column_attrs
                                if isinstance(a.columns[0].type, (Sealed, SealedJSON))}
    return cols


def _owner(connection: Connection, target: Any) -> uuid.UUID | None:
    how: Owner = type(target).__sealed_owner__
    if isinstance(how, str):
        return getattr(target, how)
    return how(connection, target)


def _seal_target(connection: Connection, target: Any, inserting: bool) -> None:
    names = [n for n, erased in sealed_columns(type(target)).items()
             if not _empty(target.__dict__.get(n)) and not is_sealed(target.__dict__.get(n))
             and target.__dict__.get(n) != erased
             and (inserting or attributes.get_history(target, n).has_changes())]
    if not names:
        return
    owner = _owner(connection, target)
    if owner is None:
        raise UnsealedPersonalData(f"{type(target).__name__}: no owner to seal personal data for")
    store = store_of(connection.dialect)
    plain = attributes.instance_state(target).info.setdefault("vta_plain", {})
    for name in names:
        value = target.__dict__[name]
        plain[name] = value
        setattr(target, name, seal_value(store, owner, value))


def _restore(target: Any) -> None:
    plain = attributes.instance_state(target).info.pop("vta_plain", None)
    for name, value in (plain or {}).items():
        attributes.set_committed_value(target, name, value)


def owner_by(stmt_for: Callable[[Any], Any]) -> Callable[[Connection, Any], uuid.UUID | None]:
    """An owner found with a query (a checkpoint's owner is its placement's participant)."""
    def find(connection: Connection, target: Any) -> uuid.UUID | None:
        return connection.execute(stmt_for(target)).scalar()
    return find


def install(base: type) -> None:
    """Listen on every mapped class that declares `__sealed_owner__`."""
    def before_insert(mapper: Mapper, connection: Connection, target: Any) -> None:
        if getattr(type(target), "__sealed_owner__", None) is not None:
            if type(target).__sealed_owner__ == "id" and target.id is None:
                from vta.db import new_id

                target.id = new_id()
            _seal_target(connection, target, inserting=True)

    def before_update(mapper: Mapper, connection: Connection, target: Any) -> None:
        if getattr(type(target), "__sealed_owner__", None) is not None:
            _seal_target(connection, target, inserting=False)

    def after(mapper: Mapper, connection: Connection, target: Any) -> None:
        _restore(target)

    event.listen(base, "before_insert", before_insert, propagate=True)
    event.listen(base, "before_update", before_update, propagate=True)
    event.listen(base, "after_insert", after, propagate=True)
    event.listen(base, "after_update", after, propagate=True)

    @event.listens_for(Session, "before_flush")
    def _create_keys(session: Session, _ctx: Any, _instances: Any) -> None:
        # New people's keys in one write to the key file, not one each (a demo world, an import).
        new = [o for o in session.new if getattr(type(o), "__sealed_owner__", None) == "id"
               and getattr(o, "erased_at", None) is None]
        if not new:
            return
        from vta.db import new_id

        for o in new:
            if o.id is None:
                o.id = new_id()
        store_of(session.get_bind().dialect).create_many([o.id for o in new])


__all__ = ["PREFIX", "Sealed", "SealedJSON", "UnsealedPersonalData", "install", "is_sealed", "open_text",
           "owner_by", "seal", "seal_text", "seal_value"]
