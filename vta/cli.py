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


async def _upgrade() -> None:
    from vta import migrations
    from vta.services.reference_data import sync_reference_data

    settings = get_settings()
    await migrations.upgrade(settings.database_url)
    await sync_reference_data(settings.database_url)


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
def serve(host: str, port: int) -> None:
    """Serve the API and pages (brings the schema up to date first)."""
    import uvicorn

    from api.app import create_app

    _run(_upgrade)
    settings = get_settings()
    click.echo(f"vta on http://{host}:{port}/  (API viewer: http://{host}:{port}/schema)  "
               f"jobs: {'arq on ' + settings.redis_url if settings.redis_url else 'in-process'}")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", proxy_headers=False,
                server_header=False, h11_max_incomplete_event_size=64 * 1024)


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
        await _upgrade()
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
def bench_matching(participants: int, needs: int, seed: int, no_encode: bool, repeat: int) -> None:
    """Run the whole engine except encoding on a synthetic world; print one JSON line."""
    from matching.bench import run_bench

    try:
        result = run_bench(participants, needs, seed=seed, measure_encoding=not no_encode, repeat=repeat)
    except MemoryError:
        _fail("Not enough memory for a world that size.")
    click.echo(json.dumps(result))


if __name__ == "__main__":  # pragma: no cover
    main()
