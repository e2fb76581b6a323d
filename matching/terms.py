"""Swedish lexical evidence: word forms, compounds and rare telling words.

A text becomes a weighted bag of *units*. A unit is the simplemma lemma of a word, cut to its
Snowball stem when that removes a verb/agent/participle ending, so inflections meet ("böcker" and
"bok", "tvättade" and "tvättar" and "tvättare"). Compounds are split
with word frequencies (Koehn & Knight: split when the parts are more frequent than the whole) and
their parts become units too, so "industritvätt" meets "tvätt" and "boklådan" meets "bok". Each
unit weighs by how rare its word is in Swedish (wordfreq Zipf): a shifted idf that stands in for
a stop-word list, so "jag", "och", "har" weigh nothing and "sömnad" a lot.

Units also meet their derivations ("sortera"/"sortering"/"sorterare", "städ"/"städning"): a
shared start with a suffix-like rest, found with rapidfuzz over the vocabulary (term_index.py).

Words count by the weight of their field (text.py: skills and titles more, goals and need
descriptions less). A participant is compared with a need by *coverage*: the share of the
participant's (weighted) units the need's text covers, each with a saturating amount of evidence.
A long need full of boilerplate does not dilute it, unlike a cosine. The scalar functions here and
the vectorised TermIndex compute the same numbers.
"""
from __future__ import annotations

import math
import re
import threading
import unicodedata
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import simplemma
import snowballstemmer
from rapidfuzz import distance, fuzz, utils
from wordfreq import get_frequency_dict

try:  # simplemma >= 2: the dictionaries lemmatize() has already loaded
    from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY
except ImportError:  # pragma: no cover - simplemma 1.x: lemmas as simplemma gives them
    DEFAULT_DICTIONARY_FACTORY = None

if TYPE_CHECKING:
    from matching.taxonomy import Taxonomy

LANG = "sv"
_WORD = re.compile(r"[^\W\d_]+")  # letters only: hyphens and digits split words
# a Snowball stemmer keeps its word in instance state: one per thread, or concurrent match runs
# corrupt each other's stems
_STEMMERS = threading.local()

# weight = ZIPF_TOP - max(zipf, ZIPF_FLOOR): words at ZIPF_TOP (function words) weigh 0, words
# never seen (mostly new compounds) weigh the most
ZIPF_TOP = 6.5
ZIPF_FLOOR = 1.5
MAX_WEIGHT = ZIPF_TOP - ZIPF_FLOOR
PART_FACTOR = 0.6  # a compound part counts as this many occurrences of its own word
MIN_PART = 3  # shortest compound part
KNOWN_ZIPF = 2.0  # a part must be this frequent, or known to simplemma or the taxonomy
SHORT_PART_ZIPF = 4.0  # a three-letter part must be a common word ("bil", "bok", "kök")
SHORT_PART_PENALTY = 1.5  # ...and counts less when splits compete (abbreviations: "tex|til")
FUNCTION_ZIPF = 6.0  # words this frequent are function words, never compound parts
RECURSE_ZIPF = 3.0  # only rare parts are split again
MIN_STEM = 4  # shorter stems conflate words: keep the lemma
STEM_ENDINGS = frozenset({"a", "e", "are", "ande", "ende", "ad", "at"})  # verb, agent, participle
# Swedish derivational endings that are also short words ("are", "het", "ande"): they are never
# compound parts, and a unit may differ from a derivation of it by one of them
SUFFIXES = frozenset(
    "are ande ende else het ing ning eri isk lig skap dom ism ist ör ös tion ion inna iv bar sam "
    "aktig ig ens ans era ering ligen ster nad ant ent atör s t n".split())
VOWELS = frozenset("aeiouyåäöé")
# derivation: a shared start of at least MIN_SHARED letters, each rest at most MAX_REST letters
# and suffix-like (a known suffix, or an inflection Snowball strips)
MIN_SHARED = 4
MAX_REST = 4
DERIVED_SIM = 0.7
# spelling variants and typos of long units ("städnig")
TYPO_MIN_LEN = 6
TYPO_CUTOFF = 90.0
TYPO_SIM = 0.8
SATURATION = 1.0  # coverage of a unit = evidence / (evidence + SATURATION)

_FREQ: dict[str, float] | None = None


class _NoTaxonomy:
    """The key of the shared analyzer without a taxonomy (a weak key must be an object)."""


_NO_TAXONOMY = _NoTaxonomy()


@lru_cache(maxsize=500_000)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of a single normalised word (same value as
    zipf_frequency(word, "sv"), read straight from the frequency table: no re-tokenising)."""
    global _FREQ
    if _FREQ is None:
        _FREQ = get_frequency_dict(LANG)
    f = _FREQ.get(word)
    return round(math.log10(f) + 9, 2) if f else 0.0


@lru_cache(maxsize=1)
def _headwords() -> frozenset[str]:
    """The lemmas of simplemma's Swedish dictionary."""
    if DEFAULT_DICTIONARY_FACTORY is None:  # pragma: no cover
        return frozenset()
    return frozenset(DEFAULT_DICTIONARY_FACTORY.get_dictionary(LANG).values())


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """simplemma's lemma, except that a word that is a lemma itself stays itself: simplemma reads
    "växt" as a form of "växa" and "kurs" as one of "kur", so "växter" (-> "växt") would not meet
    "växt" in "växtodling"."""
    return word if word in _headwords() else simplemma.lemmatize(word, lang=LANG).casefold()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    stemmer = getattr(_STEMMERS, "swedish", None)
    if stemmer is None:
        stemmer = _STEMMERS.swedish = snowballstemmer.stemmer("swedish")
    return stemmer.stemWord(word)


def unit_of(word: str) -> str:
    """The key under which all forms of a word meet: the lemma, cut to its stem when Snowball
    removes a verb, agent or participle ending ("tvätta", "tvättare", "städad"). Other cuts of a base form
    conflate words ("kontor" -> "kont", "lager" -> "lag", the stem of "laga"): keep the lemma."""
    base = lemma(word)
    s = stem(base)
    return s if len(s) >= MIN_STEM and base[len(s):] in STEM_ENDINGS and base.startswith(s) else base


def rarity(word: str) -> float:
    """Evidence weight of a word in [0, MAX_WEIGHT]. The more frequent of the form and its lemma
    counts, so a rare inflection of a common word does not look telling."""
    z = max(zipf(word), zipf(lemma(word)))
    return max(0.0, ZIPF_TOP - max(z, ZIPF_FLOOR))


_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|\S+\.(?:se|com|nu|org|net)\b", re.IGNORECASE)
# what every address contains: searched for first, since _ADDRESS tries a \S+ run at every position
_ADDRESS_HINT = re.compile(r"://|www\.|@|\.(?:se|com|nu|org|net)\b", re.IGNORECASE)


def words(text: str) -> list[str]:
    """Letter runs, casefolded; web and e-mail addresses are not words ("www" carried evidence)."""
    text = unicodedata.normalize("NFC", text)
    if _ADDRESS_HINT.search(text):
        text = _ADDRESS.sub(" ", text)
    return _WORD.findall(text.casefold())


# ---------------------------------------------------------------------------------- compounds

def _part_zipf(word: str, taxonomy: Taxonomy | None) -> float:
    """Frequency of a candidate compound part; 0 when it cannot be one. Function words ("han",
    "om") and short rare strings ("tex", "nad") are not parts: they split real words into junk."""
    if len(word) < MIN_PART or word in SUFFIXES:
        return 0.0
    # the form itself must be frequent: through its lemma, junk looks like a word ("erans"->"era")
    z = zipf(word)
    if taxonomy is not None and taxonomy.knows(word):
        z = max(z, 3.0)
    if z >= FUNCTION_ZIPF or (len(word) == MIN_PART and z < SHORT_PART_ZIPF):
        return 0.0
    if z < KNOWN_ZIPF:
        return KNOWN_ZIPF if len(word) > MIN_PART and simplemma.is_known(word, lang=LANG) else 0.0
    return z - SHORT_PART_PENALTY if len(word) == MIN_PART else z


def _heads(head: str) -> list[str]:
    """Readings of a first part. Swedish links compounds with -s- ("arbetskläder" from "arbete",
    "gods|terminal"), with -u-/-o- for -a ("gatukök" from "gata") or drops a final vowel
    ("skolbibliotek" from "skola")."""
    out = [head]
    if len(head) > MIN_PART:
        if head.endswith("s"):
            out += [head[:-1], head[:-1] + "e"]
        elif head[-1] in "uo":
            out.append(head[:-1] + "a")
        else:
            out += [head + "a", head + "e"]
    return out


def split_compound(word: str, taxonomy: Taxonomy | None = None) -> tuple[str, ...]:
    """Parts of a compound in their standalone forms, or () when the word is best read whole.

    Takes the split whose parts have the highest mean Zipf frequency and keeps it only when that
    beats the whole word's frequency. A part is split again only when it is itself rare. An
    inflected word is split in its base form ("gräsmattor" as "gräsmatta")."""
    base = lemma(word)
    if base != word and zipf(base) > 0:
        word = base
    return _split(word, taxonomy, 2)


def _derivation_stem(word: str) -> int:
    """Length of the word a derivation is made from ("montering" from "monter(a)"), else of the
    whole word."""
    for suffix in sorted((s for s in SUFFIXES if len(s) > 1 and word.endswith(s)), key=len, reverse=True):
        stem = word[:-len(suffix)]
        if len(stem) >= MIN_STEM and any(zipf(base) >= KNOWN_ZIPF or simplemma.is_known(base, lang=LANG)
                                         for base in (stem, stem + "a")):
            return len(stem)
    return len(word)


@lru_cache(maxsize=200_000)
def _split(word: str, taxonomy: Taxonomy | None, depth: int) -> tuple[str, ...]:
    if depth <= 0 or len(word) < 2 * MIN_PART:
        return ()
    # the last part keeps at least MIN_PART letters of a derivation's stem: a cut inside the
    # suffix reads "monte|ring", "kopie|ring", "plan|tera" as compounds of frequent words
    last_cut = _derivation_stem(word) - MIN_PART
    best: tuple[float, str, str] | None = None
    for i in range(MIN_PART, last_cut + 1):
        tail = word[i:]
        zt = _part_zipf(tail, taxonomy)
        if not zt:
            continue
        readings = [(z, h) for h in _heads(word[:i]) if (z := _part_zipf(h, taxonomy))]
        if not readings:
            continue
        # the written form wins when it is a word by itself ("gods", not "god")
        zh, head = readings[0] if readings[0][1] == word[:i] and readings[0][0] >= 3.0 else max(readings)
        score = (zh + zt) / 2 + 1e-3 * min(len(head), len(tail))  # longer parts win ties
        if best is None or score > best[0]:
            best = (score, head, tail)
    if best is None or best[0] <= max(zipf(word), zipf(lemma(word))):
        return ()
    parts: list[str] = []
    for part in best[1:]:
        sub = _split(part, taxonomy, depth - 1) if _part_zipf(part, taxonomy) < RECURSE_ZIPF else ()
        parts.extend(sub or (part,))
    return tuple(parts)


# ---------------------------------------------------------------------------------- bags

@dataclass(frozen=True, slots=True)
class Bag:
    """Weighted units of one text; `surface` keeps a readable word per unit for explanations."""

    weights: dict[str, float]
    surface: dict[str, str]
    # what is derived from the bag alone, kept with it (an Analyzer shares its bags across runs)
    memo: dict = field(default_factory=dict, compare=False, repr=False)


# texts whose bags an Analyzer keeps: a worker's runs read mostly the same texts again (the bags
# of unchanged texts, like their cached vectors, are not made twice)
MAX_CACHED_BAGS = 100_000
_SHARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()


class Analyzer:
    """Text -> Bag, caching per word (vocabularies are small next to the number of texts) and per text."""

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        self.taxonomy = taxonomy
        self._cache: dict[str, tuple[tuple[str, float, float, str], ...]] = {}
        self._bags: dict[tuple, Bag] = {}

    @classmethod
    def shared(cls, taxonomy: Taxonomy | None = None) -> Analyzer:
        """One analyzer per taxonomy for the whole process, with its caches (a new taxonomy gets a
        new one; the old one goes with its taxonomy)."""
        key = taxonomy if taxonomy is not None else _NO_TAXONOMY
        with _SHARED_LOCK:
            analyzer = _SHARED.get(key)
            if analyzer is None:
                analyzer = _SHARED[key] = cls(taxonomy)
        return analyzer

    def word_units(self, word: str) -> tuple[tuple[str, float, float, str], ...]:
        """(unit, occurrences, weight, surface) for a word and its compound parts."""
        hit = self._cache.get(word)
        if hit is None:
            hit = self._cache[word] = self._analyse(word)
        return hit

    def _analyse(self, word: str) -> tuple[tuple[str, float, float, str], ...]:
        tax = self.taxonomy
        parts = split_compound(word, tax)
        forms = [(word, 1.0, rarity(word))] + [(p, PART_FACTOR, rarity(p)) for p in parts]
        if parts:
            # a compound is as telling as its most telling part: an unseen compound is not
            # evidence in itself, and would otherwise get the top weight
            forms[0] = (word, 1.0, min(forms[0][2], max(r for _, _, r in forms[1:])))
        out = []
        for form, count, weight in forms:
            unit = unit_of(form)
            if tax is not None:
                weight = min(MAX_WEIGHT, weight * tax.weight_factor(unit))
            if weight > 0:
                # explanations quote the word as written, never a compound part ("nog" of "noggrann")
                out.append((unit, count, weight, word))
        return tuple(out)

    def bag(self, text: str) -> Bag:
        """A plain text counts each word once per occurrence; a text.FieldText counts it times the
        weight of its field. The same text gives the same (shared, never changed) Bag."""
        key = (str(text), getattr(text, "fields", None))
        hit = self._bags.get(key)
        if hit is None:
            if len(self._bags) >= MAX_CACHED_BAGS:
                self._bags.clear()
            hit = self._bags[key] = self._bag(text)
        return hit

    def _bag(self, text: str) -> Bag:
        counts: dict[str, float] = {}
        weight: dict[str, float] = {}
        surface: dict[str, str] = {}
        via_part: set[str] = set()  # units whose quoted word so far only contains them
        cache = self._cache
        times: dict[str, float] = {}  # each word's occurrences, times its field's weight
        for field, field_weight in getattr(text, "fields", None) or ((text, 1.0),):
            for w in words(field):
                times[w] = times.get(w, 0.0) + field_weight
        for w, n in times.items():
            if len(w) < 2:
                continue
            units = cache.get(w)
            if units is None:
                units = self.word_units(w)
            for unit, count, wt, form in units:
                if unit in counts:
                    counts[unit] += count * n
                    if wt > weight[unit]:
                        weight[unit] = wt
                    if unit in via_part and count == 1.0:  # the word itself beats a compound with it
                        surface[unit] = form
                        via_part.discard(unit)
                else:
                    counts[unit] = count * n
                    weight[unit] = wt
                    surface[unit] = form
                    if count != 1.0:
                        via_part.add(unit)
        # sublinear term frequency: repeating a word adds little
        return Bag({u: weight[u] * (1.0 + math.log(c) if c > 1 else c) for u, c in counts.items()}, surface)


# ---------------------------------------------------------------------------------- similarity

def _suffix_like(root: str, rest: str) -> bool:
    """A derivational suffix, or an ending Snowball strips as inflection ("kläd|er"); not any
    vowel-led rest ("komm|un", "centr|al", "särsk|ild")."""
    return not rest or (len(rest) <= MAX_REST and (rest in SUFFIXES or stem(root + rest) == stem(root)))


def derived(a: str, b: str, shared: int) -> bool:
    """Whether two units that share their first `shared` letters are forms of one word: one
    contains the other, or both a long common start, and the rests are suffix-like ("sorter" /
    "sortering"); or a short verb meets its noun ("odla" / "odling": root + vowel vs root + a
    derivational suffix)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if shared >= MIN_SHARED and (shared == len(short) or (shared >= 5 and shared >= 0.7 * len(short))):
        root = a[:shared]
        return _suffix_like(root, a[shared:]) and _suffix_like(root, b[shared:])
    return (shared >= MIN_PART and shared == len(short) - 1 and short[-1] in VOWELS
            and long_[shared:] in SUFFIXES and len(long_) - shared > 1)


def unit_similarity(a: str, b: str) -> float:
    """1 for the same unit, DERIVED_SIM for derivations, TYPO_SIM for near spellings (typos
    rarely hit the first two letters, which lets the vocabulary be searched in blocks), else 0.
    TermIndex finds the same pairs over a whole vocabulary with rapidfuzz.cdist."""
    if a == b:
        return 1.0
    if derived(a, b, int(distance.Prefix.similarity(a, b, processor=utils.default_process))):
        return DERIVED_SIM
    if a[:2] == b[:2] and min(len(a), len(b)) >= TYPO_MIN_LEN and fuzz.ratio(a, b, processor=utils.default_process,
                                                          score_cutoff=TYPO_CUTOFF):
        return TYPO_SIM
    return 0.0


def saturate(evidence: float) -> float:
    return evidence / (evidence + SATURATION)


def coverage(query: Mapping[str, float], need: Bag) -> tuple[float, list[dict]]:
    """Scalar coverage of a participant query (unit -> weight summing to 1) by a need's bag, with
    the matched terms (participant word, need word, similarity, share of the term score)."""
    score = 0.0
    found = []
    for u, q in query.items():
        pairs = [(unit_similarity(u, v), v, w) for v, w in need.weights.items()]
        pairs = [(s, v, w) for s, v, w in pairs if s]
        if pairs:
            gain = q * saturate(sum(s * w for s, v, w in pairs))
            score += gain
            best = max(pairs, key=lambda t: (t[0] * t[2], t[1]))
            found.append((gain, u, best[1], best[0]))
    return score, found
