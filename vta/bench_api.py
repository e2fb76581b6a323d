"""`vta bench api`: an open-loop load test of a real `vta serve` on a fresh database with the demo world.

Open loop: requests leave at fixed times whatever the server does, and each latency counts from
the moment its request was due. A slow server therefore shows as latency and as a lower achieved
rate; a closed loop (each client waits for its answer) would slow down with the server and hide it.
The load client runs on the same machine as the server, as a small office's would not: figures
are a floor, and only ratios within one run compare across these shared machines.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from vta.demo_world import demo_world

API = "/api/v1"
READY_SECONDS = 120
WARM_UP_PAUSE = 5.0  # seconds after the warm-up requests, for the model to load


@dataclass(frozen=True)
class Op:
    """One request of the mix. `route` names it in the report (the path with its ids left out)."""

    route: str
    method: str
    path: str
    role: str
    body: dict[str, Any] | None = None


@dataclass
class World:
    """Ids the mix needs, read from the demo world the server was given."""

    participant_ids: list[str]
    need_ids: list[str]
    employer_need_ids: list[str]
    tokens: dict[str, str] = field(default_factory=dict)


def _reads(w: World, rng: random.Random) -> list[tuple[float, Callable[[], Op]]]:
    """A coordinator's and an employer's reads, weighted as a working day is (pages read lists and
    single records; the employer looks at its candidates and its own needs)."""
    return [
        (3, lambda: Op("GET /needs", "GET", f"{API}/needs?limit=50", "coordinator")),
        (3, lambda: Op("GET /needs/{id}", "GET", f"{API}/needs/{rng.choice(w.need_ids)}", "coordinator")),
        (3, lambda: Op("GET /participants/{id}", "GET", f"{API}/participants/{rng.choice(w.participant_ids)}",
                       "coordinator")),
        (2, lambda: Op("GET /employer/candidates", "GET", f"{API}/employer/candidates", "employer")),
        (2, lambda: Op("GET /needs/{id} (employer)", "GET", f"{API}/needs/{rng.choice(w.employer_need_ids)}",
                       "employer")),
    ]


def _writes(w: World, rng: random.Random) -> list[tuple[float, Callable[[], Op]]]:
    """Writes that can repeat for as long as the run lasts: consents given and withdrawn, and new
    participants (each of which also queues the encoding of its text, as in real use)."""
    def consent() -> Op:
        pid = rng.choice(w.participant_ids)
        if rng.random() < 0.5:
            return Op("POST /participants/{id}/consents", "POST", f"{API}/participants/{pid}/consents",
                      "coordinator", {"scope": "statistics"})
        return Op("DELETE /participants/{id}/consents/{scope}", "DELETE",
                  f"{API}/participants/{pid}/consents/statistics", "coordinator")

    def new_participant() -> Op:
        n = rng.randrange(10**6)
        return Op("POST /participants", "POST", f"{API}/participants", "coordinator", {
            "display_name": f"Deltagare {n}", "latitude": 58.41, "longitude": 15.62, "max_travel_km": 15,
            "hours_max": 30, "placement_types": ["work_training"], "goals": "Arbeta med människor.",
            "interests": "Matlagning och service.", "experience": f"Diskade på restaurang {n % 97}.",
            "skills": ["disk", "servering"], "swedish_level": "basic", "driving_licence": False,
            "adaptation_needs": [{"tag": "quiet_environment", "required": False}], "excluded_employer_ids": []})

    return [(4, consent), (1, new_participant)]


def _picker(options: list[tuple[float, Callable[[], Op]]], rng: random.Random) -> Callable[[], Op]:
    weights = [w for w, _ in options]
    makers = [m for _, m in options]
    return lambda: rng.choices(makers, weights)[0]()


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))


async def _drive(client: httpx.AsyncClient, world: World, pick: Callable[[], Op], rate: float, seconds: float,
                 result: Result) -> None:
    """Send `rate` requests a second for `seconds`, each at its due time, none waiting for another."""
    if rate <= 0:
        return
    loop = asyncio.get_running_loop()
    start = loop.time()
    total = int(rate * seconds)
    tasks: list[asyncio.Task] = []

    async def one(op: Op, due: float) -> None:
        headers = {"Authorization": f"Bearer {world.tokens[op.role]}"}
        try:
            r = await client.request(op.method, op.path, json=op.body, headers=headers)
            status = str(r.status_code)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        result.latencies[op.route].append(loop.time() - due)
        result.statuses[op.route][status] += 1

    for i in range(total):
        due = start + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(pick(), due)))
    await asyncio.gather(*tasks)


def _percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def summarise(result: Result, seconds: float) -> dict[str, Any]:
    """Per route and over all: achieved rate, p50/p99/max in ms, server errors (5xx and broken
    connections) and other answers by status."""
    def stats(latencies: list[float], statuses: Counter) -> dict[str, Any]:
        values = sorted(latencies)
        errors = sum(n for s, n in statuses.items() if not s.isdigit() or s.startswith("5"))
        return {"requests": len(values), "rate": round(len(values) / seconds, 1),
                "p50_ms": round(_percentile(values, 0.50) * 1000, 1),
                "p99_ms": round(_percentile(values, 0.99) * 1000, 1),
                "max_ms": round(values[-1] * 1000, 1), "errors": errors, "statuses": dict(sorted(statuses.items()))}

    routes = {route: stats(result.latencies[route], result.statuses[route]) for route in sorted(result.latencies)}
    everything = stats([x for v in result.latencies.values() for x in v],
                       sum(result.statuses.values(), Counter()))
    return {"routes": routes, "all": everything}


# --- the server under test ------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _vta() -> str:
    return str(Path(sys.executable).with_name("vta"))


@contextlib.asynccontextmanager
async def fresh_database(kind: str, admin_url: str, workdir: Path) -> AsyncIterator[str]:
    """A new, empty database: a SQLite file in `workdir`, or a PostgreSQL database dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
        return
    import asyncpg

    dsn = admin_url.replace("postgresql+asyncpg://", "postgresql://")
    name = f"vta_bench_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(dsn, timeout=10)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        conn = await asyncpg.connect(dsn, timeout=10)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


@contextlib.contextmanager
def server(database_url: str, workdir: Path, workers: int) -> Iterator[tuple[str, subprocess.Popen]]:
    env = {k: v for k, v in os.environ.items() if k != "VTA_REDIS_URL"}
    env["VTA_DATABASE_URL"] = database_url
    loaded = subprocess.run([_vta(), "demo"], cwd=workdir, env=env, capture_output=True, text=True, timeout=600)
    if loaded.returncode != 0:
        raise RuntimeError(f"loading the demo world failed: {loaded.stderr.strip()[-300:]}")
    port = _free_port()
    log = (workdir / "serve.log").open("w")
    args = [_vta(), "serve", "--port", str(port)] + (["--workers", str(workers)] if workers > 1 else [])
    proc = subprocess.Popen(args, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            if proc.poll() is not None:
                raise RuntimeError(f"the server stopped while starting; see {workdir / 'serve.log'}")
            time.sleep(0.3)
        else:
            raise RuntimeError("the server did not become ready")
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


async def _world(client: httpx.AsyncClient, database_url: str) -> World:
    """Sign in as the first demo coordinator and employer, and read the ids the mix uses."""
    from sqlalchemy import select

    from employers.models import Need, Workplace
    from vta.db import make_engine, make_sessionmaker
    from vta.models import Participant, User

    users = {u["role"]: u for u in reversed(demo_world()["users"])}  # the first of each role wins
    tokens = {}
    for role in ("coordinator", "employer"):
        r = await client.post(f"{API}/auth/token", json={"email": users[role]["email"],
                                                          "password": users[role]["password"]})
        r.raise_for_status()
        tokens[role] = r.json()["access_token"]
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            # erased people (the demo's earlier placements) answer 404, as they should
            participants = [str(i) for i in (await session.scalars(
                select(Participant.id).where(Participant.erased_at.is_(None)))).all()]
            needs = (await session.execute(select(Need.id, Workplace.employer_id).join(
                Workplace, Workplace.id == Need.workplace_id))).all()
            own = await session.scalar(select(User.employer_id).where(User.email == users["employer"]["email"]))
    finally:
        await engine.dispose()
    return World(participant_ids=participants, need_ids=[str(n) for n, _ in needs],
                 employer_need_ids=[str(n) for n, e in needs if e == own], tokens=tokens)


@contextlib.contextmanager
def profiler(pid: int, path: Path | None, seconds: float) -> Iterator[None]:
    """py-spy samples the server (and its worker processes) while the load runs; the raw stacks go
    to `path` (one collapsed stack a line with its sample count, for flamegraph tools)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if path is None:
        yield
        return
    if not Path(spy).exists():
        raise RuntimeError("--profile needs py-spy (pip install py-spy)")
    proc = subprocess.Popen([spy, "record", "--pid", str(pid), "--subprocesses", "--rate", "100",
                             "--format", "raw", "--output", str(path), "--duration", str(int(seconds) + 1),
                             "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield
    finally:
        try:
            proc.wait(timeout=seconds + 30)
        except subprocess.TimeoutExpired:
            proc.kill()


OUR_CODE = ("(vta/", "(api/", "(employers/", "(matching/", "(workers/")  # as py-spy names files


def hot_frames(path: Path, top: int = 15) -> list[dict[str, Any]]:
    """Where the server's busy time went, from py-spy's raw stacks: for each function of our own
    code, the share of busy samples in which it was on the stack (idle waits in the event loop's
    selector are left out, so the shares are of the work done)."""
    inclusive: Counter = Counter()
    busy = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit() or stack.rsplit(";", 1)[-1].startswith(("EpollSelector.select", "select (")):
            continue
        busy += int(count)
        # "get_need (employers/services.py:139)" -> "get_need (employers/services.py)": per function
        for frame in {f.rpartition(":")[0] + ")" for f in stack.split(";") if any(p in f for p in OUR_CODE)}:
            inclusive[frame] += int(count)
    return [{"frame": f, "share": round(n / busy, 3)} for f, n in inclusive.most_common(top)] if busy else []


async def _warm_up(client: httpx.AsyncClient, world: World, rng: random.Random, writes: bool) -> None:
    """Each kind of request once, then a pause: the first new participant loads the embedding model
    in the server, which is start-up cost, not load."""
    for _, make in [*_reads(world, rng), *(_writes(world, rng) if writes else [])]:
        op = make()
        await client.request(op.method, op.path, json=op.body,
                             headers={"Authorization": f"Bearer {world.tokens[op.role]}"})
    if writes:
        await asyncio.sleep(WARM_UP_PAUSE)


async def unloaded_cost(client: httpx.AsyncClient, world: World, n: int = 40) -> dict[str, float]:
    """One request at a time, before the load: the median cost of /health and of an authenticated
    read of one need, and their ratio (what a request spends on our side beyond the framework)."""
    async def median(path: str, headers: dict[str, str]) -> float:
        times = []
        for _ in range(n):
            start = time.perf_counter()
            (await client.get(path, headers=headers)).raise_for_status()
            times.append(time.perf_counter() - start)
        return sorted(times)[n // 2] * 1000

    health = await median("/health", {})
    read = await median(f"{API}/needs/{world.need_ids[0]}", {"Authorization": f"Bearer {world.tokens['coordinator']}"})
    return {"health_ms": round(health, 2), "read_ms": round(read, 2), "ratio": round(read / health, 1)}


async def _run_match(client: httpx.AsyncClient, token: str, result: dict[str, Any]) -> None:
    """A match run of the whole demo world alongside the load, timed until it finishes."""
    headers = {"Authorization": f"Bearer {token}"}
    start = time.monotonic()
    r = await client.post(f"{API}/match-runs", json={}, headers=headers)
    run_id = r.json()["id"]
    status = "queued"
    while status in ("queued", "running"):
        await asyncio.sleep(0.5)
        status = (await client.get(f"{API}/match-runs/{run_id}", headers=headers)).json()["status"]
    result.update({"status": status, "seconds": round(time.monotonic() - start, 1)})


async def bench_api(*, database: str, admin_url: str, rate: float, write_rate: float, seconds: float,
                    workers: int = 1, match_run: bool = False, profile: Path | None = None,
                    seed: int = 0) -> dict[str, Any]:
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request would drown the report
    workdir = Path(tempfile.mkdtemp(prefix="vta-bench-"))
    try:
        async with fresh_database(database, admin_url, workdir) as url:
            with server(url, workdir, workers) as (base, proc):
                limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
                async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
                    world = await _world(client, url)
                    rng = random.Random(seed)
                    await _warm_up(client, world, rng, writes=write_rate > 0)
                    unloaded = await unloaded_cost(client, world)
                    result = Result()
                    run: dict[str, Any] = {}
                    with profiler(proc.pid, profile, seconds):
                        jobs = [_drive(client, world, _picker(_reads(world, rng), rng), rate, seconds, result),
                                _drive(client, world, _picker(_writes(world, rng), rng), write_rate, seconds,
                                       result)]
                        if match_run:
                            jobs.append(_run_match(client, world.tokens["coordinator"], run))
                        await asyncio.gather(*jobs)
        report = {"database": database, "workers": workers, "rate": rate, "write_rate": write_rate,
                  "seconds": seconds, "unloaded": unloaded, **summarise(result, seconds)}
        if match_run:
            report["match_run"] = run
        if profile is not None and profile.exists():
            report["profile"] = {"file": str(profile), "hot_frames": hot_frames(profile)}
        return report
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def table(report: dict[str, Any]) -> str:
    """The report as a plain table for the terminal."""
    rows = [f"{'route':44} {'rate/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}  answers"]
    for route, s in [*report["routes"].items(), ("all", report["all"])]:
        answers = " ".join(f"{k}:{v}" for k, v in s["statuses"].items())
        rows.append(f"{route:44} {s['rate']:>7} {s['p50_ms']:>8} {s['p99_ms']:>8} {s['max_ms']:>8} "
                    f"{s['errors']:>6}  {answers}")
    return "\n".join(rows)


def dumps(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False)
