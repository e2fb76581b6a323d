"""Chunks scored on several threads give the very result of one thread, in the same order, and
leave BLAS' own thread count as they found it."""
import dataclasses
import threading

from threadpoolctl import threadpool_info

from matching import MatchConfig, ParticipantIndex, match, threads
from matching.bench import NoEncoder, synthetic_world


def _blas_threads() -> list[int]:
    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


def test_several_threads_give_the_result_of_one():
    ps, ns, wps, blocked, p_vec, n_vec = synthetic_world(900, 300, seed=3)
    before = _blas_threads()
    results = []
    for n in (1, 3):
        # small chunks: many of them, scored side by side
        config = MatchConfig(threads=n, chunk_elements=20_000)
        index = ParticipantIndex.build(ps, encoder=NoEncoder(), embeddings=p_vec)
        results.append(match(ps, ns, wps, encoder=NoEncoder(), config=config, blocked_pairs=blocked, index=index,
                             need_embeddings=n_vec))
    one, many = results
    assert len(one.proposals) > 100 and one.unmatched
    assert [dataclasses.asdict(p) for p in one.proposals] == [dataclasses.asdict(p) for p in many.proposals]
    assert one.unmatched == many.unmatched
    assert _blas_threads() == before


def test_ordered_map_keeps_order_and_stops_early():
    started = []
    lock = threading.Lock()

    def work(i: int) -> int:
        with lock:
            started.append(i)
        return i * i

    assert list(threads.ordered_map(work, list(range(50)), 3)) == [i * i for i in range(50)]
    started.clear()
    results = threads.ordered_map(work, list(range(10_000)), 2)
    assert next(iter(results)) == 0
    results.close()  # a caller that stops (a stopped run): what had not started never does
    assert len(started) < 10_000


def test_beside_runs_on_another_thread_and_waits_for_it():
    result = threads.beside(lambda: threading.get_ident(), 2)
    assert result() != threading.get_ident()
    assert threads.beside(lambda: threading.get_ident(), 1)() == threading.get_ident()
