"""The embedded server's CPU-bound jobs (matching, encoding) in a child process of its own.

Run in the server's process, even in a thread, a match run or the embedding model holds the
interpreter's lock for long stretches; every request then waits for it at each point where it
gave the lock up (each database call, each socket write), and a read that costs milliseconds takes
hundreds. A child process has its own interpreter, computes at a lower priority (nice 10) so the
requests come first on a small machine, and keeps the model and the taxonomy out of the
server's memory. Only its computing threads are lowered, not the event loop that writes the
results: a lowered writer holding SQLite's write lock made every request wait until the scheduler
let it run again (p99 of the bench's writes mix 170-220 ms instead of 40). With Redis the same
work runs in `vta worker` instead, and this is not used.

One child per server process, started with the server so that it has loaded the model and built
the taxonomy before the first run. The in-process queue still lets one job of each name run at
a time, so a match run and an encoding can be in the child together. Follow-up jobs the child's
tasks enqueue come back and are enqueued here. A child that dies (killed, out of memory) fails
the jobs it had; the reconciler finds an interrupted run in the database, and the next job
starts a new child.
"""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import multiprocessing
import os
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from vta import tasks
from vta.queue import Job, Queue, _SafeEnqueue
from vta.settings import Settings

log = logging.getLogger("vta.job_process")
NICENESS = 10


class ChildGone(RuntimeError):
    """The child process ended while it had jobs."""


class JobProcess:
    """The server's side: `await job_process(job)` runs the job in the child (the in-process
    queue's `offload`)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings.model_dump()
        self.queue: Queue | None = None  # the server's queue, for follow-up jobs; set by the server
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._numbers = itertools.count()

    def start(self) -> None:
        """Start the child if it is not running (at server start, and again after it died)."""
        if self._process is not None and self._process.is_alive():
            return
        self.stop()
        spawn = multiprocessing.get_context("spawn")  # never fork a process that has threads and a loop
        ours, theirs = spawn.Pipe()
        self._process = spawn.Process(target=_child_main, args=(theirs, self._settings), daemon=True,
                                      name="vta-jobs")
        self._process.start()
        theirs.close()
        self._conn = ours
        asyncio.get_running_loop().add_reader(ours.fileno(), self._receive)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def __call__(self, job: Job) -> Any:
        self.start()
        assert self._conn is not None
        number = next(self._numbers)
        answer = self._waiting[number] = asyncio.get_running_loop().create_future()
        try:
            self._conn.send(("run", number, job.name, job.kwargs))
            kind, value = await answer
        finally:
            self._waiting.pop(number, None)
        if kind == "failed":
            raise RuntimeError(f"{job.job_id} failed in the job process: {value}")
        return value

    def _receive(self) -> None:
        """Called by the event loop when the child has written (or has gone)."""
        assert self._conn is not None
        try:
            message = self._conn.recv()
        except (EOFError, OSError):
            pid = self.pid
            self.stop()
            for answer in self._waiting.values():
                if not answer.done():
                    answer.set_exception(ChildGone(f"the job process {pid} ended"))
            return
        if message[0] == "enqueue":
            if self.queue is not None:
                asyncio.get_running_loop().create_task(self.queue.enqueue_safely(message[1]))
            return
        kind, number, value = message
        answer = self._waiting.get(number)
        if answer is not None and not answer.done():
            answer.set_result((kind, value))

    def stop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self._conn.fileno())
            self._conn.close()
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join(5)
        self._process, self._conn = None, None


# --- in the child ---------------------------------------------------------------------------------

class _ParentQueue(_SafeEnqueue):
    """The child's queue: follow-up jobs go back to the server, which enqueues them."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def enqueue(self, job: Job) -> bool:
        self._conn.send(("enqueue", job))
        return True

    async def close(self) -> None:
        return None


def _lower_priority() -> None:
    """For each computing thread. Linux keeps the nice value per thread (elsewhere this lowers the
    whole process, as before); threads a lowered thread starts (the model's) inherit it."""
    with contextlib.suppress(OSError):
        os.nice(NICENESS)


def _child_main(conn: Connection, settings: dict[str, Any]) -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s (jobs): %(message)s")
    asyncio.run(_serve(conn, Settings(**settings)))


async def _serve(conn: Connection, settings: Settings) -> None:
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(thread_name_prefix="vta-jobs", initializer=_lower_priority))
    # made in a lowered thread: the thread it starts to build the shipped taxonomy is lowered too
    ctx = await asyncio.to_thread(tasks.Context, settings)
    ctx.queue = _ParentQueue(conn)
    gone = asyncio.Event()
    running: set[asyncio.Task[None]] = set()

    async def run(number: int, name: str, kwargs: dict[str, Any]) -> None:
        try:
            conn.send(("done", number, await tasks.TASKS[name](ctx, **kwargs)))
        except Exception as exc:  # noqa: BLE001 - reported to the server, which logs it
            log.exception("job %s failed", name)
            conn.send(("failed", number, f"{type(exc).__name__}: {exc}"))

    def receive() -> None:
        try:
            _, number, name, kwargs = conn.recv()
        except (EOFError, OSError):  # the server is gone
            loop.remove_reader(conn.fileno())
            gone.set()
            return
        task = loop.create_task(run(number, name, kwargs))
        running.add(task)
        task.add_done_callback(running.discard)

    loop.add_reader(conn.fileno(), receive)
    with contextlib.suppress(Exception):  # a model that cannot load is reported by the first run
        await asyncio.to_thread(lambda: ctx.model_encoder)
    try:
        await gone.wait()
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
        await ctx.close()
