import numpy as np
from haversine import haversine
from matching_builders import need, participant, workplace

from matching.constraints import hours
from matching.features import Chunk, Codebook, Codebooks, NeedBlock, ParticipantBlock, distances_km, small_ints, unit_xyz


def test_vectorised_distances_agree_with_haversine():
    rng = np.random.default_rng(1)
    a = np.c_[rng.uniform(55, 69, 40), rng.uniform(10, 24, 40)]
    b = np.c_[rng.uniform(55, 69, 30), rng.uniform(10, 24, 30)]
    d = distances_km(unit_xyz(a[:, 0], a[:, 1]), unit_xyz(b[:, 0], b[:, 1]))
    expected = np.array([[haversine(tuple(x), tuple(y)) for y in b] for x in a])
    assert np.abs(d - expected).max() < 1e-6  # well under the rule's millimetre margin
    near = distances_km(unit_xyz(np.array([58.41]), np.array([15.62])), unit_xyz(np.array([58.41001]), np.array([15.62])))
    assert abs(near[0, 0] - haversine((58.41, 15.62), (58.41001, 15.62))) < 1e-6


def test_codebook_spans_several_words():
    book = Codebook()
    bits = book.encode([{f"t{i}" for i in range(70)}, {"t69"}, set()])
    assert bits.shape == (3, 2) and bits.dtype == np.uint64
    i = book.index["t69"]
    assert int(bits[1, i // 64]) == 1 << (i % 64) and int(bits[1, 1 - i // 64]) == 0
    assert all(bin(int(w)).count("1") for w in bits[0]) and sum(bin(int(w)).count("1") for w in bits[0]) == 70
    assert not bits[2].any()
    # later sets may add names: earlier bit positions never move
    more = book.encode([{"t0", "new"}])
    assert book.index["new"] == 70 and more.shape == (1, 2)
    assert int(more[0, book.index["t0"] // 64]) & (1 << (book.index["t0"] % 64))


def test_hours_are_narrow_unless_a_value_needs_more():
    assert small_ints([0, 40, 168]).dtype == np.int16
    wide = small_ints([10, 100_000])
    assert wide.dtype == np.int64 and wide.tolist() == [10, 100_000]
    # a wide side still compares right against a narrow one
    people = [participant("p1", hours_max=100_000), participant("p2", hours_max=20)]
    needs = [need("n1", hours_min=40_000), need("n2", hours_min=10)]
    books = Codebooks()
    chunk = Chunk(ParticipantBlock.build(people, books), np.arange(2), NeedBlock.build(needs, {"w1": workplace()}, books))
    assert hours.mask(chunk).tolist() == [[hours.check(p, n, None) for n in needs] for p in people]
