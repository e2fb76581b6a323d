"""Which passwords we accept (NIST SP 800-63B, 3.1.1.2): long enough, and not one that is common,
breached or guessable from the account itself. No composition rules and no expiry, as 800-63B
advises. zxcvbn's estimate covers the offline lists (the most common passwords of public
breaches, common words and names, keyboard patterns, repeats, sequences and dates). The e-mail
address is refused outright, and its parts are given to zxcvbn as words an attacker knows."""
from __future__ import annotations

import re
import unicodedata

from zxcvbn import zxcvbn
from zxcvbn.matching import add_frequency_lists

from vta.errors import InvalidInput

MIN_LENGTH = 12
MAX_LENGTH = 1000
MIN_SCORE = 3  # zxcvbn's "safely unguessable: moderate protection from offline slow-hash attacks"
ESTIMATE_CHARS = 72  # zxcvbn's own limit (its time grows with length); more only adds strength

# zxcvbn's lists are English; these are the Swedish words that lead Swedish password leaks
# (most common first), so "lösenord1234" is as weak as "password1234".
SWEDISH = ("lösenord", "losenord", "hejsan", "sommar", "vinter", "hemligt", "sverige", "älskling",
           "alskling", "kärlek", "karlek", "hejhej", "fotboll", "mamma", "pappa", "välkommen", "valkommen",
           "katten", "hunden", "stockholm", "göteborg", "goteborg", "malmö", "malmo", "linköping",
           "linkoping", "norrköping", "norrkoping", "jultomten", "midsommar", "blåbär", "kanelbulle",
           "samordning", "koordinator", "arbetsgivare", "deltagare")
add_frequency_lists({"vta_swedish": list(SWEDISH)})


def check_password(password: str, email: str) -> None:
    """Raise InvalidInput (a 422 that says why) for a password we will not store."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"password must be at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"password must be at most {MAX_LENGTH} characters.")
    folded = unicodedata.normalize("NFKC", password).casefold()
    email = unicodedata.normalize("NFKC", email).casefold().strip()
    if email and email in folded:
        raise InvalidInput("password must not contain the e-mail address.")
    # Its parts (the user name, the domain) are words zxcvbn counts as known to an attacker: a
    # password that is little more than them scores low below.
    local, _, domain = email.partition("@")
    words = [email, local, domain, *re.split(r"[^\w]+", email)]
    result = zxcvbn(password[:ESTIMATE_CHARS], user_inputs=[w for w in words if len(w) >= 3])
    if result["score"] < MIN_SCORE:
        warning = (result["feedback"].get("warning") or "").rstrip(".")
        why = f" ({warning[0].lower() + warning[1:]})" if warning else ""
        raise InvalidInput(f"password is too common or too easy to guess{why}; a few unrelated words make a "
                           "strong one.")
