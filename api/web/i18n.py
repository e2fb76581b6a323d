"""Swedish by default, English on request: Babel message catalogues behind Jinja's i18n extension.

Templates are written in Swedish (the msgids), so a page is whole in Swedish even before any
catalogue is compiled; `api/translations/en` holds the English. `make install` compiles the .po
files to .mo (`pybabel compile -d api/translations`). The language a visitor chose lives in a
cookie and, for the length of a request, in a context variable the gettext callables read.
"""
from __future__ import annotations

import gettext as _gettext
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from http.cookies import SimpleCookie
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from babel.support import Translations
from jinja2 import Environment
from litestar.types import ASGIApp, Receive, Scope, Send

DEFAULT = "sv"
LANGUAGES = {"sv": "Svenska", "en": "English"}
COOKIE = "vta_lang"
CATALOGUES = Path(__file__).resolve().parents[1] / "translations"
_current: ContextVar[str] = ContextVar("vta_lang", default=DEFAULT)


def current() -> str:
    return _current.get()


@lru_cache(maxsize=None)
def translations(lang: str) -> _gettext.NullTranslations:
    if lang == DEFAULT:
        return _gettext.NullTranslations()  # the templates' own language
    return Translations.load(str(CATALOGUES), [lang], domain="messages")


def gettext(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def pick(cookie_header: str | None) -> str:
    if not cookie_header:
        return DEFAULT
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(cookie_header)
    except Exception:  # noqa: BLE001 - a malformed cookie header is no choice
        return DEFAULT
    chosen = jar.get(COOKIE)
    return chosen.value if chosen is not None and chosen.value in LANGUAGES else DEFAULT


def language_middleware(app: ASGIApp) -> ASGIApp:
    """Sets the request's language from its cookie for everything the request renders. The JSON API
    renders nothing in a language (its messages are English, its codes are codes): it is skipped."""
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/api/"):
            await app(scope, receive, send)
            return
        raw = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"cookie"), None)
        token = _current.set(pick(raw))
        try:
            await app(scope, receive, send)
        finally:
            _current.reset(token)

    return middleware


def _date(value: date | datetime | None, style: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "short" if style == "medium" else style, locale=current())
    return format_date(value, style, locale=current())


def _number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return ""
    return format_decimal(round(value, digits), locale=current())


def install(env: Environment) -> None:
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["current_language"] = current
    env.globals["LANGUAGES"] = LANGUAGES
    env.filters["date"] = _date
    env.filters["number"] = _number
