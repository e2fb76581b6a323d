"""The embedded server's CPU-bound jobs (matching, encoding) in a child process of their own.

Run in the server's process, even in a thread, a match run or the embedding model holds the
interpreter's lock for long stretches; every request then waits for it at each point where it
gave the lock up (each database call, each socket write), and a read that costs milliseconds takes
hundreds. A child process has its own interpreter, runs at a lower priority (nice 10) so the
requests come first on a small machine, and keeps the model and the taxonomy out of the
server's memory. With Redis the same work runs in `vta worker` instead, and this is not used.

One child per job name, started on first use and kept: jobs of one name run one at a time, as in
the in-process queue. Follow-up jobs the child's tasks enqueue are sent back and enqueued here. A
child that dies (killed, out of memory) fails the job it ran; the reconciler finds the
interrupted run in the database and the next job starts a new child.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from multiprocessing.connection import Connection
from typing import Any

from vta import tasks
from vta.queue import Job, _SafeEnqueue
from vta.settings import Settings

log = logging.getLogger("vta.job_process")
NICENESS = 10
DRAIN_SECONDS = 5.0  # after a job, the child lets the work it scheduled for later finish


class ChildGone(RuntimeError):
    """The child process ended while running a job."""


class JobProcess:
    def __init__(self, settings: Settings, enqueue: Any) -> None:
        self._settings = settings.model_dump()
        self._enqueue = enqueue  # the server's queue.enqueue_safely, for follow-up jobs
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._turn = asyncio.Lock()

    def _start(self) -> Connection:
        spawn = multiprocessing.get_context("spawn")  # never fork a process that has threads and a loop
        ours, theirs = spawn.Pipe()
        self._process = spawn.Process(target=_child_main, args=(theirs, self._settings), daemon=True,
                                      name="vta-jobs")
        self._process.start()
        theirs.close()
        self._conn = ours
        return ours

    async def run(self, job: Job) -> Any:
        async with self._turn:
            alive = self._process is not None and self._process.is_alive()
            conn = self._conn if alive and self._conn is not None else self._start()
            conn.send((job.name, job.kwargs))
            try:
                while True:
                    try:
                        kind, value = await asyncio.to_thread(conn.recv)
                    except (EOFError, OSError) as exc:
                        self.stop()
                        raise ChildGone(f"the job process ended during {job.job_id}") from exc
                    if kind == "enqueue":
                        await self._enqueue(value)
                    elif kind == "done":
                        return value
                    else:
                        raise RuntimeError(f"{job.job_id} failed in the job process: {value}")
            except asyncio.CancelledError:
                self.stop()  # shutting down: the database keeps the intent for the next start
                raise

    def stop(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None


class JobProcesses:
    """One JobProcess per job name, for the in-process queue's `offload`."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._by_name: dict[str, JobProcess] = {}
        self.queue: Any = None  # set by the server once its queue exists

    async def __call__(self, job: Job) -> Any:
        process = self._by_name.get(job.name)
        if process is None:
            process = self._by_name[job.name] = JobProcess(self._settings, self._follow_up)
        return await process.run(job)

    async def _follow_up(self, job: Job) -> bool:
        return await self.queue.enqueue_safely(job) if self.queue is not None else False

    def stop(self) -> None:
        for process in self._by_name.values():
            process.stop()


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


def _child_main(conn: Connection, settings: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s (jobs): %(message)s")
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    ctx = tasks.Context(Settings(**settings))
    ctx.queue = _ParentQueue(conn)
    try:
        while True:
            try:
                name, kwargs = conn.recv()
            except (EOFError, OSError):  # the server is gone
                return
            try:
                result = loop.run_until_complete(tasks.TASKS[name](ctx, **kwargs))
                _drain(loop)
                conn.send(("done", result))
            except Exception as exc:  # noqa: BLE001 - reported to the server, which logs it
                log.exception("job %s failed", name)
                conn.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        loop.run_until_complete(ctx.close())
        loop.close()


def _drain(loop: asyncio.AbstractEventLoop) -> None:
    """Let what a job scheduled for a moment later (a continuation's enqueue) run before the next."""
    pending = asyncio.all_tasks(loop)
    if pending:
        loop.run_until_complete(asyncio.wait(pending, timeout=DRAIN_SECONDS))
