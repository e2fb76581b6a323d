"""The `vta` command line. It is the composition root, so it may start the api and the workers."""
from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import click

from vta.errors import DomainError
from vta.settings import get_settings
from vta.vocabulary import ROLES


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _run(coro_fn: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    """Run a coroutine; turn every failure into one sentence and a non-zero exit, never a traceback."""
    try:
        return asyncio.run(coro_fn())
    except DomainError as exc:
        _fail(exc.detail)
    except OSError as exc:
        _fail(f"{exc.strerror or exc} ({get_settings().database_url}).")
    except Exception as exc:  # noqa: BLE001 - the CLI's promise is one readable line
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        _fail(f"{type(exc).__name__}: {first[:300]}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """vta: employer needs, participants, matching and follow-up for VTA employer coordinators."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)


# --- database -----------------------------------------------------------------------------

@main.group()
def db() -> None:
    """Database schema."""


async def _upgrade(keys_must_match: bool = False) -> None:
    """Migrate, write the reference catalogues, then check the key store (vta/keystore_check.py):
    a wrong one refuses `keys_must_match` commands (serve, demo); the others only warn, since the
    migrations must run whatever the key store. Term counts are recounted only with the right key
    store (with another, every participant's texts would read as erased and count as nothing)."""
    from vta import keystore_check, migrations
    from employers import term_counts
    from vta.services.reference_data import sync_reference_data

    settings = get_settings()
    await migrations.upgrade(settings.database_url)
    await sync_reference_data(settings.database_url)
    finding = await keystore_check.inspect(settings.database_url)
    if not finding.ok:
        if keys_must_match:
            raise keystore_check.WrongKeyStore.of(finding)
        click.echo(f"Warning: {finding.message()} Term counts are not recounted until then.", err=True)
        return
    await term_counts.recount_if_stale(settings.database_url)


@db.command("upgrade")
def db_upgrade() -> None:
    """Bring the schema up to date and write our reference catalogues."""
    _run(_upgrade)
    click.echo("Database is up to date.")


@db.command("downgrade")
@click.argument("revision", default="base")
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION (default: base, an empty database)."""
    from vta import migrations

    _run(lambda: migrations.downgrade(get_settings().database_url, revision))
    click.echo(f"Database downgraded to {revision}.")


# --- serving ------------------------------------------------------------------------------

@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes. More than one is for PostgreSQL: SQLite takes one writer at a time.")
def serve(host: str, port: int, workers: int) -> None:
    """Serve the API and pages (brings the schema up to date first)."""
    import uvicorn

    _run(lambda: _upgrade(keys_must_match=True))  # once, before any server process starts
    settings = get_settings()
    if workers > 1 and settings.database_url.startswith("sqlite"):
        _fail("--workers above 1 needs PostgreSQL (VTA_DATABASE_URL): SQLite takes one writer at a time.")
    click.echo(f"vta on http://{host}:{port}/  (API viewer: http://{host}:{port}/schema)  "
               f"jobs: {'arq on ' + settings.redis_url if settings.redis_url else 'by the server'}"
               + (f"  processes: {workers}" if workers > 1 else ""))
    options = {"host": host, "port": port, "log_level": "info", "proxy_headers": False, "server_header": False,
               "h11_max_incomplete_event_size": 64 * 1024}
    if workers > 1:  # each process builds its own app from the same environment
        uvicorn.run("api.app:create_app", factory=True, workers=workers, **options)
    else:
        from api.app import create_app

        uvicorn.run(create_app(settings), **options)


@main.command()
@click.option("--check", is_flag=True, help="Exit 0 if a worker is alive, 1 if not (liveness probe).")
def worker(check: bool) -> None:
    """Run the background worker (needs VTA_REDIS_URL)."""
    settings = get_settings()
    if not settings.redis_url:
        _fail("VTA_REDIS_URL is not set; without it background jobs run inside `vta serve`.")
    from workers.settings import check_health, run_worker

    if check:
        sys.exit(0 if _run(check_health) else 1)
    from vta.keystore_check import verify

    _run(lambda: verify(settings.database_url))
    run_worker()


# --- users ----------------------------------------------------------------------------------

@main.group()
def users() -> None:
    """User accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES.codes))
@click.option("--employer-id", default=None, help="Required for the employer and csr roles.")
def users_create(email: str, password: str, role: str, employer_id: str | None) -> None:
    """Create a user in the configured database."""
    from vta.ids import parse_id
    from vta.services.accounts import create_user

    async def go() -> tuple[str, str]:
        await _upgrade()
        from vta.db import make_engine, make_sessionmaker

        engine = make_engine(get_settings().database_url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                user = await create_user(session, email=email, password=password, role=role,
                                         employer_id=parse_id(employer_id, "Employer") if employer_id else None)
                return user.email, str(user.id)
        finally:
            await engine.dispose()

    stored, user_id = _run(go)
    click.echo(f"Created {role} {stored} ({user_id}).")


@users.command("unlock")
@click.option("--email", required=True)
def users_unlock(email: str) -> None:
    """Let a locked-out user log in again at once (failed-login delays end)."""
    from vta.principal import SYSTEM
    from vta.services.accounts import unlock_email

    async def go() -> int:
        await _upgrade()
        from vta.db import make_engine, make_sessionmaker

        engine = make_engine(get_settings().database_url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                return await unlock_email(session, SYSTEM, email)
        finally:
            await engine.dispose()

    cleared = _run(go)
    click.echo(f"Unlocked {email.strip().lower()}" + ("." if cleared else " (it had no failed logins)."))


# --- associations ---------------------------------------------------------------------------

@main.group()
def associations() -> None:
    """Associations (samordningsförbund): the tenants coordinators work in."""


async def _admin_session(work: Callable[[Any], Coroutine[Any, Any, Any]]) -> Any:
    from vta.db import make_engine, make_sessionmaker

    await _upgrade()
    engine = make_engine(get_settings().database_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            return await work(session)
    finally:
        await engine.dispose()


@associations.command("create")
@click.option("--name", required=True)
def associations_create(name: str) -> None:
    """Create an association."""
    from vta.principal import SYSTEM
    from vta.services.associations import create_association

    async def go(session: Any) -> tuple[str, str]:
        a = await create_association(session, SYSTEM, name)
        return a.name, str(a.id)

    stored, association_id = _run(lambda: _admin_session(go))
    click.echo(f"Created association {stored} ({association_id}).")


@associations.command("place")
@click.option("--email", required=True, help="The coordinator's e-mail.")
@click.option("--association", "association_name", required=True, help="The association's name.")
def associations_place(email: str, association_name: str) -> None:
    """Place a coordinator in an association."""
    from vta.principal import SYSTEM
    from vta.services.associations import association_by_name, place_coordinator, user_by_email

    async def go(session: Any) -> None:
        association = await association_by_name(session, association_name)
        await place_coordinator(session, SYSTEM, association.id, (await user_by_email(session, email)).id)

    _run(lambda: _admin_session(go))
    click.echo(f"{email} now works in {association_name}.")


# --- data -------------------------------------------------------------------------------------

@main.command()
def demo() -> None:
    """Load the Swedish demo world (employers, needs, participants, demo users)."""
    from vta.demo import load_demo

    async def go() -> dict:
        await _upgrade(keys_must_match=True)
        return await load_demo(get_settings().database_url)

    summary = _run(go)
    if summary.get("already_loaded"):
        click.echo("The demo world is already loaded.")
    else:
        click.echo(f"Loaded the demo world: {summary['employers']} employers, {summary['needs']} needs, "
                   f"{summary['participants']} participants.")
    click.echo("Demo users (e-mail / password / role):")
    for u in summary["users"]:
        click.echo(f"  {u['email']:32} {u['password']:22} {u['role']}")


@main.group(name="import")
def import_() -> None:
    """Import reference data supplied by the operator."""


@import_.command("taxonomy")
@click.argument("path", type=click.Path(path_type=Path))
def import_taxonomy(path: Path) -> None:
    """Import the JobTech taxonomy (taxonomy_to_concept.json format) from PATH."""
    from rich.progress import Progress

    from vta.db import make_engine, make_sessionmaker
    from vta.services.taxonomy import import_concepts, read_concepts

    async def go() -> int:
        concepts = list(read_concepts(path))
        if not concepts:
            raise DomainError(f"{path} holds no taxonomy concepts.")
        await _upgrade()
        engine = make_engine(get_settings().database_url)
        try:
            with Progress(transient=False) as progress:
                bar = progress.add_task("Importing concepts", total=len(concepts))
                async with make_sessionmaker(engine)() as session, session.begin():
                    return await import_concepts(session, concepts, lambda n: progress.advance(bar, n))
        finally:
            await engine.dispose()

    if not path.exists():
        _fail(f"No file at {path}.")
    click.echo(f"Imported {_run(go)} taxonomy concepts from {path}.")


@import_.command("ads")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--workplace-id", required=True, help="The workplace the draft needs are for.")
def import_ads(path: Path, workplace_id: str) -> None:
    """Job ads from PATH (one ad, a list, or {"hits": [...]}) become draft needs at a workplace."""
    from rich.console import Console
    from rich.progress import Progress

    from employers.ad_batch import import_ads as run_import, read_ads
    from vta.db import make_engine, make_sessionmaker
    from vta.principal import SYSTEM

    async def go() -> Any:
        ads = read_ads(path)
        await _upgrade()
        engine = make_engine(get_settings().database_url)
        try:
            with Progress(console=Console(stderr=True)) as progress:
                bar = progress.add_task("Importing ads", total=len(ads))

                def done(name: str, why: str | None) -> None:
                    if why is not None:
                        progress.console.print(f"Refused {name}: {why}", markup=False, highlight=False, soft_wrap=True)
                    progress.advance(bar)

                return await run_import(make_sessionmaker(engine), SYSTEM, workplace_id, ads, done)
        finally:
            await engine.dispose()

    out = _run(go)
    click.echo(f"Imported {len(out.imported)} draft needs from {path}; refused {len(out.refused)} "
               f"of {len(out.imported) + len(out.refused)} ads.")
    if out.refused:
        sys.exit(1)


# --- benchmarks -------------------------------------------------------------------------------

@main.group()
def bench() -> None:
    """Benchmarks (figures go into the README)."""


@bench.command("matching")
@click.option("--participants", default=10_000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--needs", default=5_000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--no-encode", is_flag=True, help="Skip measuring the real model's encoding speed.")
@click.option("--repeat", default=3, show_default=True, type=click.IntRange(1, 20),
              help="Time engine and baseline this many times, interleaved, and keep the best of each.")
@click.option("--plain", is_flag=True, help="Without the shipped taxonomy (occupations) and review feedback.")
def bench_matching(participants: int, needs: int, seed: int, no_encode: bool, repeat: int, plain: bool) -> None:
    """Run the whole engine except encoding on a synthetic world; print one JSON line."""
    from matching.bench import run_bench
    from vta.services.taxonomy import snapshot_data

    try:
        result = run_bench(participants, needs, seed=seed, measure_encoding=not no_encode, repeat=repeat,
                           snapshot=None if plain else snapshot_data())
    except MemoryError:
        _fail("Not enough memory for a world that size.")
    click.echo(json.dumps(result))


@bench.command("api")
@click.option("--database", type=click.Choice(["sqlite", "postgresql"]), default="sqlite", show_default=True)
@click.option("--postgres-url", envvar="VTA_BENCH_POSTGRES_URL",
              default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres", show_default=True,
              help="An administrator's URL; the bench creates and drops a database of its own.")
@click.option("--rate", default=150.0, show_default=True, type=click.FloatRange(0, 10_000),
              help="Reads a second (a coordinator's and an employer's mix).")
@click.option("--write-rate", default=30.0, show_default=True, type=click.FloatRange(0, 10_000),
              help="Writes a second alongside the reads: approvals, employers' accepts, checkpoints completed, "
                   "consents, new participants.")
@click.option("--seconds", default=20.0, show_default=True, type=click.FloatRange(1, 3600))
@click.option("--scale", default=None, type=click.IntRange(1, 1000),
              help="Load the demo world's workplaces, needs and participants N times (at the same employers) "
                   "[default: as many times as the writes need].")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="`vta serve --workers N` (PostgreSQL only).")
@click.option("--match-run", is_flag=True, help="Run matching over the demo world while the load runs.")
@click.option("--profile", type=click.Path(path_type=Path), default=None,
              help="Write py-spy's raw stacks of the server to this file.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON line instead of a table.")
def bench_api(database: str, postgres_url: str, rate: float, write_rate: float, seconds: float,
              scale: int | None, workers: int, match_run: bool, profile: Path | None, as_json: bool) -> None:
    """Drive a real server on a fresh database at fixed arrival rates; print rates, latencies and errors."""
    from vta.bench_api import bench_api as run_bench_api, dumps, table

    if workers > 1 and database == "sqlite":
        _fail("--workers above 1 needs --database postgresql.")
    report = _run(lambda: run_bench_api(database=database, admin_url=postgres_url, rate=rate,
                                        write_rate=write_rate, seconds=seconds, workers=workers,
                                        match_run=match_run, profile=profile, scale=scale))
    click.echo(dumps(report) if as_json else table(report))
    if not as_json:
        u = report["unloaded"]
        click.echo(f"one request at a time: /health {u['health_ms']} ms, a read {u['read_ms']} ms ({u['ratio']}x)")
    if not as_json and "match_run" in report:
        click.echo(f"match run: {report['match_run']}")
    if not as_json and "profile" in report:
        click.echo(f"profile: {report['profile']['file']}")
        for f in report["profile"]["hot_frames"]:
            click.echo(f"  {f['share']:>6.1%}  {f['frame']}")
    sys.exit(1 if report["all"]["errors"] else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
