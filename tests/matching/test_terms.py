"""Swedish lexical evidence: forms, compounds, derivations, rare words. Pairs are worded
differently on purpose (a copy would match with any tokeniser)."""
import numpy as np
import pytest

from matching.term_index import TermIndex
from matching.terms import Analyzer, Bag, coverage, rarity, split_compound, unit_of, unit_similarity, words, zipf


@pytest.mark.parametrize("word, parts", [
    ("lagerarbetare", ("lager", "arbetare")),
    ("växtodling", ("växt", "odling")),
    ("industritvätt", ("industri", "tvätt")),
    ("boklådan", ("bok", "låda")),  # inflected: split in base form
    ("gräsmattor", ("gräs", "matta")),
    ("arbetskläder", ("arbets", "kläder")),  # linking -s-
    ("återvinningscentral", ("återvinning", "central")),
    ("truckförare", ("truck", "förare")),
    ("felsökning", ("fel", "sökning")),  # not "fel|ökning"
    ("kopieringsställe", ("kopiering", "ställe")),  # not "kopie|ring|ställe"
])
def test_compounds_split_into_their_parts(word, parts):
    assert split_compound(word) == parts


@pytest.mark.parametrize("word", ["receptionist", "sortering", "romaner", "leverans", "textil", "sömnad", "mottagning",
                                  "montering", "plantera", "servering"])
def test_plain_words_and_derivations_are_not_split(word):
    # derivational endings ("-ist", "-ning") and short junk ("tex|til") are not compound parts, and
    # a derivation is not cut inside its suffix ("monte|ring", "plan|tera", "serve|ring")
    assert split_compound(word) == ()


@pytest.mark.parametrize("a, b", [("böcker", "bok"), ("tvättade", "tvättar"), ("bilar", "bilen"),
                                  ("hyllorna", "hylla"), ("sorterat", "sortera"),
                                  ("växter", "växt"), ("kurser", "kurs")])  # not "växa", "kur"
def test_inflections_share_a_unit(a, b):
    assert unit_of(a) == unit_of(b)


def test_short_stems_keep_their_lemma():
    # Snowball cuts both to "lag": a cook must not meet a warehouse
    assert unit_of("laga") != unit_of("lager")


@pytest.mark.parametrize("a, b", [("städ", "städning"), ("sorter", "sortering"), ("försälj", "försäljning"),
                                  ("tvätt", "tvätteri"), ("kontroll", "kontrollant"), ("kläd", "kläder")])
def test_derivations_are_similar_but_not_equal(a, b):
    assert 0 < unit_similarity(a, b) < 1


@pytest.mark.parametrize("a, b", [("kontakt", "kontor"), ("arbet", "arbetsliv"), ("plat", "plast"), ("lag", "lager"),
                                  ("komma", "kommun"), ("central", "centrum"), ("särskild", "särskola")])
def test_unrelated_starts_are_not_similar(a, b):
    assert unit_similarity(unit_of(a), unit_of(b)) == 0


def test_near_spelling_of_a_long_word_is_similar():
    assert unit_similarity("städning", "städnig") > 0


def test_rare_words_weigh_more_than_common_ones():
    assert rarity("jag") == 0 and rarity("och") == 0
    assert rarity("sömnad") > rarity("tvätt") > rarity("arbete") > 0
    assert zipf("tvätt") == pytest.approx(3.93, abs=0.01)  # wordfreq's scale


def test_an_unseen_compound_weighs_as_its_most_telling_part():
    bag = Analyzer().bag("tvätteriarbetare")
    assert max(bag.weights.values()) <= rarity("tvätteri") + 1e-9


def _cov(p_text: str, n_text: str) -> float:
    a = Analyzer()
    p, n = a.bag(p_text), a.bag(n_text)
    total = sum(p.weights.values())
    return coverage({u: w / total for u, w in p.weights.items()}, n)[0]


@pytest.mark.parametrize("participant, good, bad", [
    ("Har jobbat på ett lager och packat beställningar.", "Lagerarbetare till centrallager", "Kock till restaurang"),
    ("Jag odlar tomater på balkongen.", "Växtodling i handelsträdgård", "Kassabiträde i butik"),
    ("Jag städade trapphus åt en förening.", "Städning av kontor, lokalvård", "Truckförare på terminal"),
    ("Böcker är mitt liv.", "Biblioteket lånar ut bok och film", "Däckbyte på verkstad"),
    ("Tvättade bilar på en mack.", "Biltvätt och rekond", "Plantera blommor i rabatter"),
    ("Jag har sorterat sopor och skrot.", "Sorterare på återvinningscentral", "Barista på kafé"),
])
def test_differently_worded_pairs_meet(participant, good, bad):
    assert _cov(participant, good) > 0
    assert _cov(participant, good) > _cov(participant, bad)


def test_fields_weigh_their_words():
    from matching_builders import participant

    from matching.text import participant_text

    a = Analyzer()
    as_goal = a.bag(participant_text(participant(goals="tvätt", interests="", experience="", skills=())))
    as_skill = a.bag(participant_text(participant(goals="", interests="", experience="", skills=("tvätt",))))
    plain = a.bag("tvätt")
    assert as_goal.weights[unit_of("tvätt")] < plain.weights[unit_of("tvätt")] < as_skill.weights[unit_of("tvätt")]


def test_function_words_alone_give_no_evidence():
    assert _cov("Jag har och det är som på", "Det är som jag har och på") == 0


def test_matched_terms_name_the_words():
    a = Analyzer()
    p, n = a.bag("Jag har packat pallar på ett lager"), a.bag("Lagerarbetare: packa och plasta pallar")
    _, found = coverage({u: 1 / len(p.weights) for u in p.weights}, n)
    pairs = {(p.surface[u], n.surface[v]) for _, u, v, _ in found}
    assert ("lager", "lagerarbetare") in pairs and ("pallar", "pallar") in pairs  # whole words, never parts


def test_addresses_are_not_words():
    assert words("Ansök på www.jobb.se eller http://x.nu/a eller mejla hr@firma.se idag") == [
        "ansök", "på", "eller", "eller", "mejla", "idag"]


def test_vectorised_coverage_equals_the_scalar_one():
    a = Analyzer()
    people = ["Har jobbat på ett lager med truck.", "Jag bakar bröd och kakor.", "Städade kontor och trapphus.",
              "Tvättade bilar, gillar motorer.", "", "jag och du"]
    jobs = ["Lagerarbetare med truckkort", "Bageri söker bagare till brödbak", "Lokalvårdare, städning",
            "Biltvätt och däckbyte", "Kock"]
    bags = [a.bag(t) for t in people]
    index = TermIndex(bags)
    need_bags = [a.bag(t) for t in jobs]
    nt = index.need_terms(need_bags)
    import numpy as np

    dense = index.scores(np.arange(len(people)), nt)
    for i in range(len(people)):
        for j in range(len(jobs)):
            scalar = coverage(index.queries[i], need_bags[j])[0]
            via_index = index.explain(i, nt, j, need_bags[j])[0]
            assert dense[i, j] == pytest.approx(scalar, abs=1e-12)
            assert via_index == pytest.approx(scalar, abs=1e-12)
    assert dense[0, 0] > 0 and dense[1, 1] > 0 and dense[2, 2] > 0 and dense[3, 3] > 0


def test_queries_built_at_once_equal_bag_by_bag():
    """The index builds every participant's query with numpy; each must be what `query` gives for
    its bag alone: damped by the corpus, cut below MIN_QUERY_WEIGHT, summing to 1, in order."""
    common = {"arbete": 1.0}  # in every bag: damped to nothing with enough bags
    bags = [Bag({**common, "truck": 2.0, "lager": 1.0, "kaka": 2e-4}, {}), Bag(dict(common), {}),
            Bag({"bröd": 0.5, **common, "kaka": 0.25, "bulle": 0.125}, {})]
    bags += [Bag({**common, f"ord{i}": 1.0 + i / 7}, {}) for i in range(10)]
    few = bags[:3] + [Bag({}, {})]  # too few to damp anything, and an empty bag
    for some, empty in ((bags, 1), (few, 3)):
        index = TermIndex(some)
        want = [index.query(b) for b in some]
        assert want[0] and "kaka" not in want[0] and want[empty] == {}  # a unit cut, a query left empty
        assert index.queries == want
        assert [list(q.values()) for q in index.queries] == [list(q.values()) for q in want]  # same order
        assert list(np.diff(index.q_indptr)) == [len(q) for q in want]
        assert index.q_units.tolist() == [index.unit_id[u] for q in want for u in q]


def test_pairs_explained_at_once_equal_pair_by_pair():
    """explain_pairs joins all pairs in numpy: the same gains, sums and order as explain, each
    pair cut to its best `limit` terms (the sum still over all of them)."""
    import numpy as np

    a = Analyzer()
    people = ["Har jobbat på ett lager med truck och truckkort.", "Jag bakar bröd, kakor och bullar.", "",
              "Städade kontor, trapphus och lager.", "Tvättade bilar, lagade motorer och däck."]
    jobs = ["Lagerarbetare med truckkort till lager", "Bageri söker bagare till brödbak och kakor", "Kock",
            "Biltvätt, däckbyte och motorer", "Lokalvårdare, städning av kontor och lager"]
    index = TermIndex([a.bag(t) for t in people])
    need_bags = [a.bag(t) for t in jobs]
    nt = index.need_terms(need_bags)
    rows, cols = (x.ravel() for x in np.meshgrid(np.arange(len(people)), np.arange(len(jobs)), indexing="ij"))
    order = np.random.default_rng(0).permutation(len(rows))  # pairs in any order
    rows, cols = rows[order], cols[order]
    got = index.explain_pairs(rows, cols, nt, need_bags, limit=2)
    want = [index.explain(r, nt, c, need_bags[c]) for r, c in zip(rows.tolist(), cols.tolist())]
    assert any(len(found) > 2 for _, found in want) and any(not found for _, found in want)
    assert got == [(total, found[:2]) for total, found in want]
    assert index.explain_pairs(rows[:0], cols[:0], nt, need_bags, limit=2) == []


def test_corpus_stop_words_fade_with_enough_participants():
    a = Analyzer()
    bags = [a.bag(f"Få ett arbete som passar mig. {w}") for w in
            ["tvätt", "bok", "bil", "truck", "städning", "kock", "odling", "kassa", "lager", "hund"] * 3]
    index = TermIndex(bags)
    q = index.queries[0]
    assert q.get(unit_of("arbete"), 0) == 0  # in every profile
    assert q[unit_of("tvätt")] > 0.5


def test_boilerplate_common_to_the_needs_fades():
    a = Analyzer()
    index = TermIndex([a.bag("Jag har erfarenhet av truck och lager."), a.bag("Jag har erfarenhet av bakning.")])
    jobs = [f"Vi söker dig med erfarenhet. {w}" for w in ["Lagerarbetare", "Bagare", "Kock", "Städare", "Frisör",
                                                          "Målare", "Väktare", "Barista", "Snickare", "Florist"]]
    bags = [a.bag(t) for t in jobs]
    nt = index.need_terms(bags)
    assert nt.damping[index.unit_id[unit_of("erfarenhet")]] == 0  # in every ad
    assert index.unit_id[unit_of("lager")] not in nt.damping
    import numpy as np

    dense = index.scores(np.arange(2), nt)
    assert dense[0, 0] > 0 and dense[0, 2] == 0  # the shared boilerplate no longer scores
    assert dense[0, 0] == pytest.approx(index.explain(0, nt, 0, bags[0])[0])


def test_empty_text_gives_an_empty_bag():
    assert Analyzer().bag("") == Bag({}, {})


def test_stemming_is_safe_across_threads():
    """Concurrent match runs stem in parallel threads; a shared Snowball stemmer corrupts them."""
    import itertools
    from concurrent.futures import ThreadPoolExecutor

    import snowballstemmer

    from matching.terms import stem

    letters = "abdefgiklmnoprstuvyåäö"
    pool = ["".join(p) + ending for p in itertools.product(letters, repeat=3)
            for ending in ("ningarna", "are", "ade")]
    reference = snowballstemmer.stemmer("swedish")
    expected = [reference.stemWord(w) for w in pool]
    stem.cache_clear()
    with ThreadPoolExecutor(8) as threads:
        chunks = [pool[i::8] for i in range(8)]
        results = list(threads.map(lambda chunk: [stem(w) for w in chunk], chunks))
    got = {w: s for chunk, out in zip(chunks, results) for w, s in zip(chunk, out)}
    assert [got[w] for w in pool] == expected
