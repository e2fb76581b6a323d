"""Stored document frequency (term_index.DocumentFrequency) replaces counting over the run's texts."""
from __future__ import annotations

from matching.term_index import DocumentFrequency, TermIndex, term_key
from matching.terms import Analyzer, unit_of

SEWING = unit_of("sömnad")

KEY = b"k" * 32


def _frequency(participants: dict[str, int], n_participants: int, needs: dict[str, int], n_needs: int):
    return DocumentFrequency(KEY, {term_key(u, KEY): c for u, c in participants.items()}, n_participants,
                             {term_key(u, KEY): c for u, c in needs.items()}, n_needs)


def test_term_keys_depend_on_the_key() -> None:
    assert term_key("tvätt", KEY) == term_key("tvätt", KEY)
    assert term_key("tvätt", KEY) != term_key("tvätt", b"x" * 32)
    assert term_key("tvätt", KEY) != term_key("tvätta", KEY)
    assert -(2 ** 63) <= term_key("tvätt", KEY) < 2 ** 63


def test_a_word_in_every_stored_profile_fades_even_in_a_small_run() -> None:
    analyzer = Analyzer()
    bags = [analyzer.bag("sömnad och tvätt"), analyzer.bag("truck och lager")]
    units = {u for b in bags for u in b.weights}
    counted = TermIndex(bags)  # two texts: too few to estimate anything, nothing fades
    assert all(counted.damping[u] == 1.0 for u in units)
    stored = TermIndex(bags, _frequency({"tvätt": 100, SEWING: 3}, 100, {}, 0))
    assert stored.damping["tvätt"] == 0.0
    assert stored.damping[SEWING] == 1.0
    assert stored.queries[0].keys() == {SEWING}


def test_need_side_damping_comes_from_the_stored_needs() -> None:
    analyzer = Analyzer()
    p_bags = [analyzer.bag("kollektivavtal sömnad")]
    need = analyzer.bag("Vi har kollektivavtal. Sömnad av gardiner.")
    plain = TermIndex(p_bags).need_terms([need])
    assert plain.damping == {}
    index = TermIndex(p_bags, _frequency({}, 0, {"kollektivavtal": 50, SEWING: 2}, 50))
    nt = index.need_terms([need])
    assert nt.damping[index.unit_id["kollektivavtal"]] == 0.0
    assert index.unit_id[SEWING] not in nt.damping
