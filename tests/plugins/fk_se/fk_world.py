"""A small Swedish world for the API tests: an FK office, a clinic, an employer, a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fk_cases import luhn, personnummer
from support import World, admin

from vocrehab.core import actors
from vocrehab.db import models as m
from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import ActorKind, EmploymentStatus
from vocrehab.hooks.vocabulary import StakeholderType as R

ORGANISATION_NUMBER = f"556677-889{luhn('556677889')}"


def swedish_host() -> PluginHost:
    """The generic and Swedish jurisdictions, as a deployment would load them."""
    return PluginHost.load(allow=["generic", "se"])


@dataclass
class Team:
    manager: m.Actor
    doctor: m.Actor
    employer: m.Actor
    """The employer's contact person (an EMPLOYER person of the employer organisation)."""
    company: m.Actor
    coordinator: m.Actor
    """The clinic's rehabilitation coordinator (rehabkoordinator)."""


async def team(world: World) -> Team:
    async def create(kind: ActorKind, role: R, name: str, **extra: Any) -> m.Actor:
        cmd = actors.CreateActor(kind=kind, stakeholder_type=role, name=name, **extra)
        return await world.do(admin(), lambda w: actors.create_actor(w, cmd))

    office = await create(ActorKind.ORGANISATION, R.CASE_MANAGER, "Försäkringskassan Göteborg")
    clinic = await create(ActorKind.ORGANISATION, R.CLINICIAN, "Vårdcentralen Majorna")
    company = await create(
        ActorKind.ORGANISATION, R.EMPLOYER, "Hamnlogistik AB",
        organisation_number=ORGANISATION_NUMBER.replace("-", ""), jurisdiction="se",
    )  # fmt: skip
    return Team(
        manager=await create(
            ActorKind.PERSON, R.CASE_MANAGER, "Karin Ek", organisation_id=office.id
        ),
        doctor=await create(
            ActorKind.PERSON, R.CLINICIAN, "Dr. Omar Said", organisation_id=clinic.id
        ),
        employer=await create(
            ActorKind.PERSON, R.EMPLOYER, "Lena Berg", organisation_id=company.id
        ),
        company=company,
        coordinator=await create(
            ActorKind.PERSON, R.REHAB_COORDINATOR, "Sara Nyström", organisation_id=clinic.id
        ),
    )


async def swedish_case(
    world: World,
    crew: Team,
    sick_leave_start: date | None,
    details: dict[str, Any] | None = None,
    birth: str = "19850615",
    employment: EmploymentStatus = EmploymentStatus.EMPLOYED,
) -> m.Case:
    person = await world.participant(
        "Anna", "Lind", jurisdiction="se", national_id=personnummer(birth), preferred_language="sv"
    )
    members = {
        crew.manager: R.CASE_MANAGER, crew.doctor: R.CLINICIAN,
        crew.coordinator: R.REHAB_COORDINATOR, crew.employer: R.EMPLOYER,
    }  # fmt: skip
    employed = employment is EmploymentStatus.EMPLOYED
    return await world.case(
        person,
        team=members if employed else {k: r for k, r in members.items() if r is not R.EMPLOYER},
        employer=crew.company if employed else None,
        sick_leave_start=sick_leave_start,
        employment=employment,
        details=details,
    )
