"""Load the demo world through the same services the API uses."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from employers import services as employer_services
from vta.db import make_engine, make_sessionmaker
from vta.demo_history import load_history
from vta.demo_world import demo_world
from vta.models import User
from vta.services import accounts, participants


async def load_world(session: Any, world: dict[str, Any], *, with_users: bool = True) -> dict[str, dict[str, Any]]:
    """Create a world given in the contract's shape with `key` references; returns key -> id maps."""
    association = await accounts.default_association(session)
    ids: dict[str, dict[str, Any]] = {"employers": {}, "workplaces": {}, "needs": {}, "participants": {},
                                      "users": {}}
    coordinator = None
    for u in world.get("users", []) if with_users else []:
        if u["role"] in ("admin", "coordinator"):
            user = await accounts.create_user(session, email=u["email"], password=u["password"], role=u["role"],
                                              association_id=association.id)
            ids["users"][u["email"]] = user.id
            if u["role"] == "coordinator" and coordinator is None:
                coordinator = accounts.principal_of(user)
    if coordinator is None:
        from vta.principal import Principal

        coordinator = Principal(user_id=None, role="admin", association_id=association.id)
    for e in world["employers"]:
        org = e.get("org_number") or _synthetic_orgnr(len(ids["employers"]))
        employer = await employer_services.create_employer(session, coordinator, name=e["name"], org_number=org,
                                                           sector=e["sector"], csr_partner=e["csr_partner"])
        ids["employers"][e["key"]] = employer.id
    for w in world["workplaces"]:
        wp = await employer_services.create_workplace(
            session, coordinator, ids["employers"][w["employer"]], name=w["name"], latitude=w["latitude"],
            longitude=w["longitude"], municipality_code=w.get("municipality_code"),
            supervisor_capacity=w["supervisor_capacity"])
        ids["workplaces"][w["key"]] = wp.id
    for n in world["needs"]:
        need = await employer_services.create_need(
            session, coordinator, workplace_id=ids["workplaces"][n["workplace"]], title=n["title"],
            description=n["description"],
            tasks=[employer_services.TaskIn(title=t["title"], description=t.get("description", ""))
                   for t in n["tasks"]],
            slots=n["slots"], hours_min=n["hours_min"], hours_max=n["hours_max"],
            placement_types=n["placement_types"], adaptations_offered=n["adaptations_offered"], skills=n["skills"],
            swedish_level_required=n["swedish_level_required"],
            driving_licence_required=n["driving_licence_required"])
        ids["needs"][n["key"]] = need.id
    for p in world["participants"]:
        person = await participants.create_participant(
            session, coordinator, display_name=p["display_name"], latitude=p["latitude"], longitude=p["longitude"],
            max_travel_km=p["max_travel_km"], hours_max=p["hours_max"], placement_types=p["placement_types"],
            goals=p["goals"], interests=p["interests"], experience=p["experience"], skills=p["skills"],
            swedish_level=p["swedish_level"], driving_licence=p["driving_licence"],
            adaptation_needs=[participants.AdaptationIn(tag=a["tag"], required=a["required"])
                              for a in p["adaptation_needs"]],
            excluded_employer_ids=[str(ids["employers"][k]) for k in p.get("excluded_employers", [])])
        ids["participants"][p["key"]] = person.id
        if p.get("consent"):
            await participants.give_consent(session, coordinator, person.id, "share_with_employers")
    for u in world.get("users", []) if with_users else []:
        if u["role"] in ("employer", "csr"):
            user = await accounts.create_user(session, email=u["email"], password=u["password"], role=u["role"],
                                              employer_id=ids["employers"][u["employer"]])
            ids["users"][u["email"]] = user.id
    return ids


async def _load_employer_work(session: Any, world: dict[str, Any], ids: dict[str, dict[str, Any]]) -> None:
    """Relationships, a placement with support, deviation reports and BIP (vta/demo_employer_work.py),
    as the first coordinator."""
    from vta.demo_employer_work import load_employer_work

    email = next(u["email"] for u in world["users"] if u["role"] == "coordinator")
    user = (await session.execute(select(User).where(User.email == email))).scalar_one()
    await load_employer_work(session, world.get("employer_work", {}), ids, accounts.principal_of(user))


def _synthetic_orgnr(i: int) -> str:
    """A valid organisationsnummer for worlds that give none (Luhn check digit computed)."""
    from stdnum import luhn

    base = f"55{i:07d}"[:9]
    return f"{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}"


async def load_demo(database_url: str) -> dict[str, Any]:
    world = demo_world()
    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            users = [{"email": u["email"], "password": u["password"], "role": u["role"]} for u in world["users"]]
            if (await session.execute(select(User.id).where(User.email == world["users"][0]["email"]))).first():
                return {"already_loaded": True, "users": users}
            ids = await load_world(session, world)
            await _load_employer_work(session, world, ids)
            association = await accounts.default_association(session)
            history = await load_history(session, association.id, ids["employers"])
            return {"employers": len(world["employers"]), "needs": len(world["needs"]),
                    "participants": len(world["participants"]), "earlier_placements": history, "users": users}
    finally:
        await engine.dispose()
