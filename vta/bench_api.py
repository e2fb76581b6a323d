"""`vta bench api`: an open-loop load test of a real `vta serve` on a fresh database with the demo world.

Open loop: requests leave at fixed times whatever the server does, and each latency counts from
the moment its request was due. A slow server therefore shows as latency and as a lower achieved
rate; a closed loop (each client waits for its answer) would slow down with the server and hide it.
The load client runs on the same machine as the server, as a small office's would not: figures
are a floor, and only ratios within one run compare across these shared machines.

The writes are a coordinator's and an employer's day: proposals approved, approved candidates
accepted by the employer whose need they are for, checkpoints of placements completed, and as a
smaller share consents given and withdrawn and new participants. The first three change state
once, so their material is made before the timed phase (a match run over the demo world, loaded
as many times as the planned writes need; placements started today for their checkpoints) and
each such write takes the next unused item. One that finds its pool empty is sent as a consent
write instead, and the report counts it.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict, deque
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx

from vta.demo_world import demo_world

API = "/api/v1"
READY_SECONDS = 120
SETTLE_SECONDS = 180  # at most this long for the server's processes to finish starting up


@dataclass(frozen=True)
class Op:
    """One request of the mix. `route` names it in the report (the path with its ids left out).
    A write names its `kind` (counted in the report) and may have an `after` to call with the
    answer's status (an approval makes its candidate acceptable)."""

    route: str
    method: str
    path: str
    role: str
    body: dict[str, Any] | None = None
    kind: str | None = None
    after: Callable[[str], None] | None = field(default=None, compare=False)


@dataclass
class World:
    """Ids the mix needs, read from the demo world the server was given."""

    participant_ids: list[str]
    need_ids: list[str]
    employer_need_ids: list[str]
    tokens: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    """A proposal of the preparing match run, with the employer whose need it is for."""

    proposal_id: str
    need_id: str
    employer_id: str


@dataclass
class Material:
    """What the one-shot writes use up, made before the timed phase. An approved proposal goes to
    `approved`; an accept takes the most recent approval first (the employer answering what the
    coordinator has just sent), else one approved while preparing."""

    to_approve: deque[Candidate] = field(default_factory=deque)
    approved: deque[Candidate] = field(default_factory=deque)
    approved_before: deque[Candidate] = field(default_factory=deque)
    checkpoints: deque[tuple[str, str]] = field(default_factory=deque)  # (placement id, checkpoint id)
    fell_back: Counter = field(default_factory=Counter)  # write kind -> sent as a consent write instead
    placements: int = 0  # started while preparing


def employer_role(employer_id: str) -> str:
    """The token key of an employer's user: accepts go to the employer whose need it is."""
    return f"employer {employer_id}"


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


# The write mix: the three steps of a placement's life at equal shares, then consents and new
# participants (each of which also queues the encoding of its text, as in real use).
WRITE_WEIGHTS = {"approve": 3, "accept": 3, "complete": 3, "consent": 2, "new participant": 1}
WRITE_ROUTES = {
    "approve": "POST /proposals/{id}/approve",
    "accept": "POST /employer/candidates/{id}/accept",
    "complete": "POST /placements/{id}/checkpoints/{id}/complete",
    "new participant": "POST /participants",
}


def _today() -> date:
    return datetime.now(timezone.utc).date()  # the server's `today` (UTC)


def _writes(w: World, m: Material, rng: random.Random) -> list[tuple[float, Callable[[], Op]]]:
    """The write mix, in the order of WRITE_WEIGHTS. A one-shot write whose pool is empty is sent
    as a consent write instead (counted in `m.fell_back`): the run never fails for lack of material."""
    def consent() -> Op:
        pid = rng.choice(w.participant_ids)
        if rng.random() < 0.5:
            return Op("POST /participants/{id}/consents", "POST", f"{API}/participants/{pid}/consents",
                      "coordinator", {"scope": "statistics"}, kind="consent")
        return Op("DELETE /participants/{id}/consents/{scope}", "DELETE",
                  f"{API}/participants/{pid}/consents/statistics", "coordinator", kind="consent")

    def instead(kind: str) -> Op:
        m.fell_back[kind] += 1
        return consent()

    def approve() -> Op:
        if not m.to_approve:
            return instead("approve")
        c = m.to_approve.popleft()

        def after(status: str) -> None:
            if status == "200" and employer_role(c.employer_id) in w.tokens:
                m.approved.append(c)

        return Op(WRITE_ROUTES["approve"], "POST", f"{API}/proposals/{c.proposal_id}/approve", "coordinator",
                  kind="approve", after=after)

    def accept() -> Op:
        if not (m.approved or m.approved_before):
            return instead("accept")
        c = m.approved.pop() if m.approved else m.approved_before.popleft()
        return Op(WRITE_ROUTES["accept"], "POST", f"{API}/employer/candidates/{c.proposal_id}/accept",
                  employer_role(c.employer_id), {"start_date": _today().isoformat()}, kind="accept")

    def complete() -> Op:
        if not m.checkpoints:
            return instead("complete")
        placement_id, checkpoint_id = m.checkpoints.popleft()
        return Op(WRITE_ROUTES["complete"], "POST",
                  f"{API}/placements/{placement_id}/checkpoints/{checkpoint_id}/complete", "coordinator",
                  {"notes": "Uppföljning enligt plan, inga nya behov.", "rating": rng.randint(3, 5)},
                  kind="complete")

    def new_participant() -> Op:
        n = rng.randrange(10**6)
        return Op(WRITE_ROUTES["new participant"], "POST", f"{API}/participants", "coordinator", {
            "display_name": f"Deltagare {n}", "latitude": 58.41, "longitude": 15.62, "max_travel_km": 15,
            "hours_max": 30, "placement_types": ["work_training"], "goals": "Arbeta med människor.",
            "interests": "Matlagning och service.", "experience": f"Diskade på restaurang {n % 97}.",
            "skills": ["disk", "servering"], "swedish_level": "basic", "driving_licence": False,
            "adaptation_needs": [{"tag": "quiet_environment", "required": False}], "excluded_employer_ids": []},
            kind="new participant")

    makers = {"approve": approve, "accept": accept, "complete": complete, "consent": consent,
              "new participant": new_participant}
    return [(weight, makers[kind]) for kind, weight in WRITE_WEIGHTS.items()]


def _interleaved(weights: list[float]) -> Iterator[int]:
    """Indices in proportion to `weights`, spread evenly (smooth weighted round robin): every
    stretch of sum(weights) picks holds each index its weight's number of times, so a short run
    has every kind."""
    current = [0.0] * len(weights)
    total = sum(weights)
    while True:
        for i, w in enumerate(weights):
            current[i] += w
        best = max(range(len(weights)), key=current.__getitem__)
        current[best] -= total
        yield best


def write_plan(total: int) -> Counter:
    """How many writes of each kind a run of `total` writes sends (before any pool runs dry)."""
    kinds = list(WRITE_WEIGHTS)
    picks = _interleaved(list(WRITE_WEIGHTS.values()))
    return Counter(kinds[next(picks)] for _ in range(total))


def _picker(options: list[tuple[float, Callable[[], Op]]], rng: random.Random) -> Callable[[], Op]:
    weights = [w for w, _ in options]
    makers = [m for _, m in options]
    return lambda: rng.choices(makers, weights)[0]()


def _spread(options: list[tuple[float, Callable[[], Op]]]) -> Callable[[], Op]:
    picks = _interleaved([w for w, _ in options])
    return lambda: options[next(picks)][1]()


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    writes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # kind -> statuses


async def _send(client: httpx.AsyncClient, world: World, op: Op) -> str:
    """One request; its status, or the name of the error that stopped it. Calls `op.after`."""
    headers = {"Authorization": f"Bearer {world.tokens[op.role]}"}
    try:
        r = await client.request(op.method, op.path, json=op.body, headers=headers)
        status = str(r.status_code)
    except httpx.HTTPError as exc:
        status = type(exc).__name__
    if op.after is not None:
        op.after(status)
    return status


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
        status = await _send(client, world, op)
        result.latencies[op.route].append(loop.time() - due)
        result.statuses[op.route][status] += 1
        if op.kind is not None:
            result.writes[op.kind][status] += 1

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
    writes = {kind: {"sent": sum(result.writes[kind].values()),
                     "ok": sum(n for s, n in result.writes[kind].items() if s.startswith("2"))}
              for kind in WRITE_WEIGHTS if kind in result.writes}
    return {"routes": routes, "all": everything, "writes": writes}


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


def _server_env(database_url: str) -> dict[str, str]:
    # the product's defaults: jobs run by the server, in its job process (not the test suite's threads)
    env = {k: v for k, v in os.environ.items() if k not in ("VTA_REDIS_URL", "VTA_JOBS_IN_CHILD_PROCESS")}
    env["VTA_DATABASE_URL"] = database_url
    return env


@contextlib.contextmanager
def key_store(workdir: Path) -> Iterator[None]:
    """One key store (vta/keys.py) for the server, `vta demo` and this process's own writes: the
    one given in VTA_KEYSTORE_PATH, else a file in `workdir` (removed with it)."""
    from vta.keys import ENV

    if os.environ.get(ENV):
        yield
        return
    os.environ[ENV] = str(workdir / ".vta-keys.db")
    try:
        yield
    finally:
        os.environ.pop(ENV, None)


async def load_world(database_url: str, workdir: Path, scale: int) -> None:
    """`vta demo` (which also creates the schema), then the demo's workplaces, needs and
    participants `scale - 1` more times, at the same employers, through the services; then
    their texts are encoded, as the server's pre-encoding jobs do after each one is stored."""
    loaded = subprocess.run([_vta(), "demo"], cwd=workdir, env=_server_env(database_url), capture_output=True,
                            text=True, timeout=600)
    if loaded.returncode != 0:
        raise RuntimeError(f"loading the demo world failed: {loaded.stderr.strip()[-300:]}")
    if scale > 1:
        await _load_copies(database_url, scale - 1)
    await _pre_encode(database_url)


async def _pre_encode(database_url: str) -> None:
    """Encode every participant's and need's text into the vector cache. `vta demo` and the copies
    store texts without a job queue; without this the preparing match run would spend its time
    budget (a few dozen seconds) on the model and the texts instead of matching."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    import matching
    from employers.models import Need
    from matching.encoder import CachedEncoder, cache_key
    from matching.text import need_text, participant_text
    from vta.db import make_engine, make_sessionmaker
    from vta.embedding_store import DbVectorStore
    from vta.models import Participant
    from vta.settings import get_settings

    encoder = matching.default_encoder(get_settings().embedding_model)
    engine = make_engine(database_url)
    try:
        sessionmaker = make_sessionmaker(engine)
        async with sessionmaker() as session:
            people = [(p.id, participant_text(p)) for p in (await session.scalars(
                select(Participant).where(Participant.erased_at.is_(None)))).all()]
            needs = [need_text(n) for n in (await session.scalars(
                select(Need).options(selectinload(Need.tasks)))).all()]
        owners = {cache_key(encoder.model_id, text): pid for pid, text in people}
        cached = CachedEncoder(encoder, DbVectorStore(sessionmaker, asyncio.get_running_loop(), owners))
        await asyncio.to_thread(cached.encode, [text for _, text in people] + needs)
    finally:
        await engine.dispose()


async def _load_copies(database_url: str, copies: int) -> None:
    from sqlalchemy import select

    from employers import services as employer_services
    from employers.models import Employer
    from vta.db import make_engine, make_sessionmaker
    from vta.models import User
    from vta.services import accounts, participants

    world = demo_world()
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            coordinator_email = next(u["email"] for u in world["users"] if u["role"] == "coordinator")
            user = (await session.execute(select(User).where(User.email == coordinator_email))).scalar_one()
            coordinator = accounts.principal_of(user)
            by_name = {name: eid for eid, name in (await session.execute(select(Employer.id, Employer.name))).all()}
            employers = {e["key"]: by_name[e["name"]] for e in world["employers"]}
            for copy in range(2, copies + 2):
                # each copy at sites of its own: a workplace's supervisors take only so many people
                workplaces = {}
                for w in world["workplaces"]:
                    site = await employer_services.create_workplace(
                        session, coordinator, employers[w["employer"]], name=f"{w['name']} ({copy})",
                        latitude=w["latitude"], longitude=w["longitude"], municipality_code=w["municipality_code"],
                        supervisor_capacity=w["supervisor_capacity"])
                    workplaces[w["key"]] = site.id
                for n in world["needs"]:
                    await employer_services.create_need(
                        session, coordinator, workplace_id=workplaces[n["workplace"]], title=n["title"],
                        description=n["description"],
                        tasks=[employer_services.TaskIn(title=t["title"], description=t.get("description", ""))
                               for t in n["tasks"]],
                        slots=n["slots"], hours_min=n["hours_min"], hours_max=n["hours_max"],
                        placement_types=n["placement_types"], adaptations_offered=n["adaptations_offered"],
                        skills=n["skills"], swedish_level_required=n["swedish_level_required"],
                        driving_licence_required=n["driving_licence_required"])
                for p in world["participants"]:
                    person = await participants.create_participant(
                        session, coordinator, display_name=p["display_name"], latitude=p["latitude"],
                        longitude=p["longitude"], max_travel_km=p["max_travel_km"], hours_max=p["hours_max"],
                        placement_types=p["placement_types"], goals=p["goals"], interests=p["interests"],
                        experience=p["experience"], skills=p["skills"], swedish_level=p["swedish_level"],
                        driving_licence=p["driving_licence"],
                        adaptation_needs=[participants.AdaptationIn(tag=a["tag"], required=a["required"])
                                          for a in p["adaptation_needs"]],
                        excluded_employer_ids=[str(employers[k]) for k in p["excluded_employers"]])
                    if p.get("consent"):
                        await participants.give_consent(session, coordinator, person.id, "share_with_employers")
    finally:
        await engine.dispose()


@contextlib.contextmanager
def server(database_url: str, workdir: Path, workers: int) -> Iterator[tuple[str, subprocess.Popen]]:
    env = _server_env(database_url)
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
    tokens[employer_role(str(own))] = tokens["employer"]
    return World(participant_ids=participants, need_ids=[str(n) for n, _ in needs],
                 employer_need_ids=[str(n) for n, e in needs if e == own], tokens=tokens)


# --- material for the one-shot writes (made before the timed phase) -------------------------------

CHECKPOINTS_A_PLACEMENT = 5  # started today: pre-start, day 1, day 3, week 1 and week 2 are within the 14
# days a checkpoint may be completed ahead of its due date
ASSIGNMENTS_A_COPY = 15  # proposals to distinct people a match run over one copy of the demo world gives
MATCH_RUN_SECONDS = 900


def material_needed(plan: Counter) -> dict[str, int]:
    """Items each pool needs for a run that sends `plan`, with one each for the warm-up. An accept
    takes the run's own latest approval when one has been answered, else a candidate approved while
    preparing: there are as many of those as accepts, since under load approvals answer late."""
    def ceil_div(a: int, b: int) -> int:
        return -(-a // b)

    return {"placements": ceil_div(plan["complete"] + 1, CHECKPOINTS_A_PLACEMENT) if plan["complete"] else 0,
            "approved_before": plan["accept"] + 1 if plan["accept"] else 0,
            "to_approve": plan["approve"] + 1 if plan["approve"] else 0}


def scale_for(needed: dict[str, int]) -> int:
    """How many times to load the demo world so that one match run gives `needed` proposals."""
    return max(1, -(-sum(needed.values()) // ASSIGNMENTS_A_COPY))


async def _match_run(client: httpx.AsyncClient, token: str) -> str:
    headers = {"Authorization": f"Bearer {token}"}
    r = await client.post(f"{API}/match-runs", json={}, headers=headers)
    r.raise_for_status()
    run_id = r.json()["id"]
    deadline = time.monotonic() + MATCH_RUN_SECONDS
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        run = (await client.get(f"{API}/match-runs/{run_id}", headers=headers)).json()
        if run["status"] == "succeeded":
            return run_id
        if run["status"] == "failed":
            raise RuntimeError(f"the preparing match run failed: {run.get('error')}")
    raise RuntimeError("the preparing match run did not finish")


async def _candidates(database_url: str, run_id: str, rng: random.Random) -> list[Candidate]:
    """The run's assignments (one per person; none beyond a need's free slots), in random order."""
    from sqlalchemy import select

    from employers.models import Need
    from vta.db import make_engine, make_sessionmaker
    from vta.models import Proposal

    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = (await session.execute(
                select(Proposal.id, Proposal.participant_id, Need.id, Need.employer_id,
                       Need.slots - Need.filled_slots)
                .join(Need, Need.id == Proposal.need_id)
                .where(Proposal.run_id == uuid.UUID(run_id), Proposal.kind == "assignment",
                       Proposal.status == "proposed", Need.status.in_(("open", "partially_filled")))
                .order_by(Proposal.id))).all()
    finally:
        await engine.dispose()
    rng.shuffle(rows)
    people: set[uuid.UUID] = set()
    taken: Counter = Counter()
    chosen = []
    for proposal_id, person, need_id, employer_id, free in rows:
        if person in people or taken[need_id] >= free:
            continue
        people.add(person)
        taken[need_id] += 1
        chosen.append(Candidate(str(proposal_id), str(need_id), str(employer_id)))
    return chosen


async def _employer_tokens(client: httpx.AsyncClient, database_url: str, world: World,
                           employer_ids: set[str]) -> None:
    """A token for a user of each of these employers: the demo's own employer users, and for an
    employer without one a user made here (through the services, with a random password)."""
    from sqlalchemy import select

    from vta.db import make_engine, make_sessionmaker
    from vta.models import User
    from vta.services import accounts

    missing = {e for e in employer_ids if employer_role(e) not in world.tokens}
    if not missing:
        return
    passwords = {u["email"]: u["password"] for u in demo_world()["users"] if u["role"] == "employer"}
    logins: dict[str, tuple[str, str]] = {}
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            for email, employer_id in (await session.execute(
                    select(User.email, User.employer_id).where(User.role == "employer"))).all():
                if str(employer_id) in missing and email in passwords:
                    logins.setdefault(str(employer_id), (email, passwords[email]))
            for n, employer_id in enumerate(sorted(missing - set(logins))):
                email, password = f"arbetsgivare.{n}@bench.vta.se", secrets.token_urlsafe(18)
                await accounts.create_user(session, email=email, password=password, role="employer",
                                           employer_id=uuid.UUID(employer_id))
                logins[employer_id] = (email, password)
    finally:
        await engine.dispose()
    for employer_id, (email, password) in logins.items():
        r = await client.post(f"{API}/auth/token", json={"email": email, "password": password})
        r.raise_for_status()
        world.tokens[employer_role(employer_id)] = r.json()["access_token"]


async def _each(work: list[Callable[[], Any]], at_once: int = 8) -> list[Any]:
    gate = asyncio.Semaphore(at_once)

    async def one(job: Callable[[], Any]) -> Any:
        async with gate:
            return await job()

    return await asyncio.gather(*(one(job) for job in work))


async def prepare_material(client: httpx.AsyncClient, database_url: str, world: World, needed: dict[str, int],
                           rng: random.Random) -> Material:
    """A match run over the whole world; of its proposals, some approved and accepted now
    (placements started today, whose open checkpoints the coordinator completes), some approved
    now (candidates for the employers to accept), and the rest left for the coordinator to approve."""
    candidates = await _candidates(database_url, await _match_run(client, world.tokens["coordinator"]), rng)
    n_placed, n_before = needed["placements"], needed["approved_before"]
    placed = candidates[:n_placed]
    before = candidates[n_placed:n_placed + n_before]
    to_approve = candidates[n_placed + n_before:n_placed + n_before + needed["to_approve"]]
    await _employer_tokens(client, database_url, world, {c.employer_id for c in placed + before + to_approve})

    async def call(path: str, role: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        r = await client.post(f"{API}{path}", json=body, headers={"Authorization": f"Bearer {world.tokens[role]}"})
        if r.status_code not in (200, 201):
            raise RuntimeError(f"preparing: POST {path} answered {r.status_code}: {r.text[:300]}")
        return r.json()

    await _each([lambda c=c: call(f"/proposals/{c.proposal_id}/approve", "coordinator") for c in placed + before])
    start = {"start_date": _today().isoformat()}
    placements = await _each([lambda c=c: call(f"/employer/candidates/{c.proposal_id}/accept",
                                               employer_role(c.employer_id), start) for c in placed])
    return Material(to_approve=deque(to_approve), approved_before=deque(before), placements=len(placements),
                    checkpoints=deque(await _open_checkpoints(database_url, [p["placement_id"] for p in placements])))


async def _open_checkpoints(database_url: str, placement_ids: list[str]) -> list[tuple[str, str]]:
    """The checkpoints of these placements that may be completed today, earliest due first."""
    from sqlalchemy import select

    from vta.db import make_engine, make_sessionmaker
    from vta.models import Checkpoint

    if not placement_ids:
        return []
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = (await session.execute(
                select(Checkpoint.placement_id, Checkpoint.id)
                .where(Checkpoint.placement_id.in_([uuid.UUID(p) for p in placement_ids]),
                       Checkpoint.status == "scheduled", Checkpoint.due_date <= _today() + timedelta(days=14))
                .order_by(Checkpoint.due_date, Checkpoint.placement_id, Checkpoint.kind))).all()
    finally:
        await engine.dispose()
    return [(str(p), str(c)) for p, c in rows]


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


async def _warm_up(client: httpx.AsyncClient, world: World, material: Material, rng: random.Random,
                   writes: bool, server_pid: int) -> None:
    """Each kind of request once, then until the server's processes are idle: its job process loads
    the model and builds the taxonomy at start, which is start-up cost, not load."""
    for _, make in [*_reads(world, rng), *(_writes(world, material, rng) if writes else [])]:
        await _send(client, world, make())
    material.fell_back.clear()  # the report counts the timed phase's only
    await settled(server_pid)


def _cpu_ticks(root: int) -> int:
    """CPU clock ticks used so far by `root` and every process below it (Linux /proc)."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
                stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))  # ppid, utime+stime
    family, total, grew = {root}, 0, True
    while grew:
        grew = False
        for pid, (ppid, _) in stats.items():
            if ppid in family and pid not in family:
                family.add(pid)
                grew = True
    return sum(stats[p][1] for p in family if p in stats)


async def settled(pid: int, quiet_share: float = 0.05) -> None:
    """Wait until the server's processes use under `quiet_share` of a core over a second."""
    per_second = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + SETTLE_SECONDS
    before = _cpu_ticks(pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(1.0)
        now = _cpu_ticks(pid)
        if now - before <= quiet_share * per_second:
            return
        before = now


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
                    scale: int | None = None, seed: int = 0) -> dict[str, Any]:
    """The whole bench. `scale`: how many times the demo world is loaded; by default as many times
    as the planned writes need (material_needed, scale_for)."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request would drown the report
    workdir = Path(tempfile.mkdtemp(prefix="vta-bench-"))
    needed = material_needed(write_plan(int(write_rate * seconds)))
    scale = scale or scale_for(needed)
    writes = write_rate > 0
    try:
        with key_store(workdir):
            async with fresh_database(database, admin_url, workdir) as url:
                started = time.monotonic()
                await load_world(url, workdir, scale)
                with server(url, workdir, workers) as (base, proc):
                    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
                    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
                        world = await _world(client, url)
                        rng = random.Random(seed)
                        material = await prepare_material(client, url, world, needed, rng) if writes else Material()
                        prepared = {"scale": scale, "placements": material.placements,
                                    "checkpoints": len(material.checkpoints),
                                    "approved_candidates": len(material.approved_before),
                                    "proposals_to_approve": len(material.to_approve),
                                    "seconds": round(time.monotonic() - started, 1)}
                        await _warm_up(client, world, material, rng, writes=writes, server_pid=proc.pid)
                        unloaded = await unloaded_cost(client, world)
                        result = Result()
                        run: dict[str, Any] = {}
                        with profiler(proc.pid, profile, seconds):
                            jobs = [_drive(client, world, _picker(_reads(world, rng), rng), rate, seconds, result),
                                    _drive(client, world, _spread(_writes(world, material, rng)), write_rate,
                                           seconds, result)]
                            if match_run:
                                jobs.append(_run_match(client, world.tokens["coordinator"], run))
                            await asyncio.gather(*jobs)
        report = {"database": database, "workers": workers, "rate": rate, "write_rate": write_rate,
                  "seconds": seconds, "prepared": prepared, "unloaded": unloaded, **summarise(result, seconds),
                  "writes_fell_back": dict(material.fell_back)}
        if match_run:
            report["match_run"] = run
        if profile is not None and profile.exists():
            report["profile"] = {"file": str(profile), "hot_frames": hot_frames(profile)}
        return report
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def table(report: dict[str, Any]) -> str:
    """The report as a plain table for the terminal."""
    rows = [f"{'route':48} {'rate/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}  answers"]
    for route, s in [*report["routes"].items(), ("all", report["all"])]:
        answers = " ".join(f"{k}:{v}" for k, v in s["statuses"].items())
        rows.append(f"{route:48} {s['rate']:>7} {s['p50_ms']:>8} {s['p99_ms']:>8} {s['max_ms']:>8} "
                    f"{s['errors']:>6}  {answers}")
    if report["writes"]:
        done = ", ".join(f"{kind} {w['ok']} of {w['sent']}" for kind, w in report["writes"].items())
        rows.append(f"writes (2xx of sent): {done}")
        dry = ", ".join(f"{kind} {n}" for kind, n in report["writes_fell_back"].items())
        rows.append(f"sent as consents when their pool ran dry: {dry or 'none'}")
    p = report["prepared"]
    rows.append(f"prepared in {p['seconds']} s: the demo world x{p['scale']}, {p['placements']} placements with "
                f"{p['checkpoints']} open checkpoints, {p['approved_candidates']} approved candidates, "
                f"{p['proposals_to_approve']} proposals to approve")
    return "\n".join(rows)


def dumps(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False)
