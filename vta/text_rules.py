"""Names and e-mail addresses as people will see them: Unicode NFC (one spelling for "ö"), and no
invisible characters that change how text around them is shown (bidirectional overrides and
isolates, zero-width characters, other control and format characters, line separators). Those are
refused, not stripped: a name that was spoofed once should be looked at by a person."""
from __future__ import annotations

import unicodedata

from vta.errors import InvalidInput

# Categories refused: control (Cc), format (Cf: bidi controls, zero-width space/joiners, BOM, soft
# hyphen...), line and paragraph separators.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def clean_name(value: str, field: str) -> str:
    """NFC, trimmed, and free of invisible characters (else a 422 that names the field)."""
    value = unicodedata.normalize("NFC", value).strip()
    bad = sorted({f"U+{ord(c):04X}" for c in value if unicodedata.category(c) in REFUSED_CATEGORIES})
    if bad:
        raise InvalidInput(f"{field} contains invisible control characters ({', '.join(bad[:5])}), such as "
                           "bidirectional or zero-width ones; remove them.")
    return value


def clean_email(value: str) -> str:
    return clean_name(value, "email").lower()
