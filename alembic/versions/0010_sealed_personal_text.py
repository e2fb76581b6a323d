"""sealed personal text: every participant's own words encrypted under a key of their own

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04

Crypto-shredding (vta/keys.py, vta/sealed.py). Each living participant gets a key in the key
store (a file outside this database, VTA_KEYSTORE_PATH) and every personal text of theirs is
sealed with it: the name, goals, interests, experience and skills; adaptation wording and
parameters; languages; the consent document; proposal explanations and comments and the
comments of their history; checkpoint notes of both sides; the reason a placement ended; a support
decision's reference number; BIP scores. Erased participants need no key (their texts are gone).

PostgreSQL: the VARCHAR(n) columns among them become TEXT (a sealed value is longer than its
text). SQLite enforces no length, so its columns stay as they are, never a batch rebuild (the
rebuild of a parent table would delete the rows that cascade from it).
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

LIMITED = (("participants", "display_name", 200), ("adaptation_needs", "employer_visible_wording", 300),
           ("participant_languages", "language", 40), ("consents", "document_ref", 100),
           ("support_decisions", "reference_no", 60))

# table: (its sealed columns and whether they hold JSON, how to find the owner from the row's id)
P = "SELECT participant_id FROM placements WHERE placements.id = t.placement_id"
SEALED = {
    "participants": ({"display_name": False, "goals": False, "interests": False, "experience": False,
                      "skills": True}, "t.id"),
    "adaptation_needs": ({"employer_visible_wording": False, "parameters": True}, "t.participant_id"),
    "participant_languages": ({"language": False}, "t.participant_id"),
    "consents": ({"document_ref": False}, "t.participant_id"),
    "proposals": ({"explanation": True, "comment": False}, "t.participant_id"),
    "proposal_events": ({"comment": False},
                        "(SELECT participant_id FROM proposals WHERE proposals.id = t.proposal_id)"),
    "placements": ({"end_reason": False}, "t.participant_id"),
    "checkpoints": ({"notes": False}, f"({P})"),
    "checkpoint_entries": ({"notes": False}, "(SELECT pl.participant_id FROM checkpoints c JOIN placements pl "
                                             "ON pl.id = c.placement_id WHERE c.id = t.checkpoint_id)"),
    "support_decisions": ({"reference_no": False}, f"({P})"),
    "bip_assessments": ({"scores": True}, "t.participant_id"),
}


def _store():  # noqa: ANN202
    from vta import keys

    bind = op.get_bind()
    store = getattr(bind.dialect, "vta_keys", None)
    return store or keys.store_for(bind.engine.url.render_as_string(hide_password=False))


def _rewrite(change) -> None:  # noqa: ANN001
    """Apply change(owner, value, is_json, column) -> new value to every sealed column of every row of a living person."""
    bind = op.get_bind()
    for table, (columns, owner_sql) in SEALED.items():
        tbl = sa.table(table, sa.column("id", sa.Uuid),
                       *[sa.column(c, sa.JSON if is_json else sa.Text) for c, is_json in columns.items()])
        stmt = sa.text(f"SELECT t.id, {owner_sql} AS owner, {', '.join('t.' + c for c in columns)} FROM {table} t")
        stmt = stmt.columns(sa.column("id", sa.Uuid), sa.column("owner", sa.Uuid),
                            *[sa.column(c, sa.JSON if is_json else sa.Text) for c, is_json in columns.items()])
        rows = bind.execute(stmt).all()
        living = _living(bind)
        for row in rows:
            if row.owner is None or row.owner not in living:
                continue
            values = {c: change(row.owner, getattr(row, c), is_json, c) for c, is_json in columns.items()}
            values = {c: v for c, v in values.items() if v is not _SAME}
            if values:
                bind.execute(sa.update(tbl).where(tbl.c.id == row.id).values(**values))


_SAME = object()
_LIVING: dict = {}


def _living(bind) -> set:  # noqa: ANN001
    key = id(bind)
    if key not in _LIVING:
        _LIVING.clear()
        _LIVING[key] = set(bind.execute(sa.text("SELECT id FROM participants WHERE erased_at IS NULL")
                                        .columns(sa.column("id", sa.Uuid))).scalars())
    return _LIVING[key]


def upgrade() -> None:
    from vta.sealed import is_sealed, seal_value

    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        for table, column, _ in LIMITED:
            op.alter_column(table, column, type_=sa.Text(), existing_nullable=column != "display_name"
                            and column != "language")
    _LIVING.clear()
    store = _store()
    store.create_many(sorted(_living(bind)))

    def seal(owner, value, is_json, _column):  # noqa: ANN001, ANN202
        if value is None or value in ("", {}, []) or is_sealed(value) or (not is_json and value == "(raderad)"):
            return _SAME
        return seal_value(store, owner, value)

    _rewrite(seal)
    _LIVING.clear()


def downgrade() -> None:
    import json

    from vta.sealed import is_sealed, open_text

    bind = op.get_bind()
    store = _store()
    _LIVING.clear()

    def unseal(owner, value, is_json, column):  # noqa: ANN001, ANN202
        if not is_sealed(value):
            return _SAME
        text = open_text(store, value)
        if is_json:
            return json.loads(text) if text is not None else [] if column == "skills" else {}
        return "" if text is None else text

    _rewrite(unseal)
    _LIVING.clear()
    if bind.dialect.name != "sqlite":
        for table, column, length in LIMITED:
            op.alter_column(table, column, type_=sa.String(length), existing_nullable=column != "display_name"
                            and column != "language", postgresql_using=f"left({column}, {length})")
