"""Scoring chunks on several threads at once.

numpy lets go of the interpreter lock inside its array loops and matrix products, so the chunks
of a large run (independent of each other) score side by side on the cores the process may use.
Each matrix product then runs on the thread that asked for it: BLAS' own threads on top of ours
would ask the cores for twice what they have."""
from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from threadpoolctl import ThreadpoolController

T = TypeVar("T")
R = TypeVar("R")

MAX_THREADS = 4  # beyond this, memory bandwidth rather than cores bounds the array loops

_lock = threading.Lock()
_users = 0
_limit = None
_controller: ThreadpoolController | None = None


def available(wanted: int = 0) -> int:
    """Threads to score with: `wanted`, or (0) one per core this process may run on, at most MAX_THREADS."""
    if wanted > 0:
        return wanted
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(MAX_THREADS, cores))


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """BLAS on one thread per call while any run scores in parallel. The limit is process-wide: the
    first run in limits it, the last one out restores it (runs may overlap in one process)."""
    global _users, _limit, _controller
    with _lock:
        if _users == 0:
            if _controller is None:
                _controller = ThreadpoolController()
            _limit = _controller.limit(limits=1, user_api="blas")
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0 and _limit is not None:
                _limit.restore_original_limits()
                _limit = None


def beside(fn: Callable[[], R], threads: int) -> Callable[[], R]:
    """Start fn on a thread of its own while the caller goes on (with threads > 1; otherwise fn
    runs when its result is asked for); returns what waits for that result. For array work beside
    work in plain Python, which holds the interpreter lock."""
    if threads <= 1:
        return fn

    def run() -> R:
        with _one_blas_thread():
            return fn()

    pool = ThreadPoolExecutor(1, thread_name_prefix="vta-beside")
    future = pool.submit(run)

    def result() -> R:
        try:
            return future.result()
        finally:
            pool.shutdown(wait=True)  # nothing of it outlives the caller's wait

    return result


def ordered_map(fn: Callable[[T], R], items: Sequence[T], threads: int) -> Iterable[R]:
    """fn over items, results in the items' order (yielded as they are ready, in that order).
    One thread, or a single item, runs in the caller's thread as a plain loop. The pool's threads
    start from the caller's thread and so share its priority (a lowered job thread stays lowered)."""
    if threads <= 1 or len(items) <= 1:
        yield from map(fn, items)
        return
    with _one_blas_thread():
        pool = ThreadPoolExecutor(min(threads, len(items)), thread_name_prefix="vta-score")
        try:
            yield from pool.map(fn, items)
        finally:  # also when the caller stops early: what has not started never does
            pool.shutdown(wait=True, cancel_futures=True)
