"""Who is in a benchmark caseload: names, identity numbers and the actors a seed
needs (offices and their case managers, clinics, employers, providers), made
up per jurisdiction and checked by the jurisdiction's own validators."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from vocrehab.hooks.host import PluginHost
from vocrehab.hooks.vocabulary import ActorKind
from vocrehab.hooks.vocabulary import StakeholderType as R

__all__ = ["NAMES", "Directory", "Pool", "at", "identity", "uuid7"]

DOMAIN = "bench.vocrehab.example"
CASELOAD = 100
"""Cases per case manager."""

NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "generic": (
        ("Ada", "Amir", "Ana", "Ben", "Chloe", "Daniel", "Elena", "Fatima", "George", "Hana",
         "Ivan", "Julia", "Kofi", "Laura", "Mateo", "Mei", "Nina", "Omar", "Paula", "Ravi",
         "Sara", "Tomas", "Uma", "Victor", "Wei", "Yara", "Zoe", "Liam", "Aisha", "Noah"),
        ("Adams", "Baker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Haddad", "Ivanova",
         "Jensen", "Kowalski", "Lopez", "Martin", "Nguyen", "Okafor", "Patel", "Quinn", "Rossi",
         "Silva", "Tanaka", "Usman", "Varga", "Weber", "Xu", "Yilmaz", "Zhang", "Brown", "Clark"),
    ),
    "no": (
        ("Ingrid", "Ola", "Kari", "Lars", "Nora", "Jonas", "Sofie", "Emil", "Hanne", "Per",
         "Siri", "Magnus", "Ida", "Henrik", "Marte", "Sindre", "Tone", "Eirik", "Maja", "Arne"),
        ("Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
         "Jensen", "Karlsen", "Bakken", "Haugen", "Moen", "Lund", "Berg", "Dahl", "Vik", "Aasen"),
    ),
    "se": (
        ("Karin", "Erik", "Anna", "Lars", "Maria", "Johan", "Emma", "Anders", "Sara", "Per",
         "Lena", "Mikael", "Elin", "Oskar", "Frida", "Gustav", "Mona", "Ali", "Ebba", "Nils"),
        ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
         "Persson", "Svensson", "Gustafsson", "Pettersson", "Lindberg", "Ek", "Holm", "Berg"),
    ),
}  # fmt: skip
TRADES = (
    "Logistics",
    "Bakery",
    "Construction",
    "Care Home",
    "Engineering",
    "Retail",
    "Transport",
    "Cleaning Services",
    "Hotel",
    "Printing",
    "Dental Clinic",
    "School",
)
SUFFIX = {"no": " AS", "se": " AB", "generic": " Ltd"}
LANGUAGES = {"generic": "en", "no": "nb", "se": "sv"}
PHONE_PREFIX = {"generic": "+44 7700 9", "no": "+47 9", "se": "+46 70 "}


def uuid7(moment: datetime, rng: random.Random) -> uuid.UUID:
    """A version 7 UUID for a row made at `moment`, so ids sort in creation order
    as the platform's own ids do (children are paged and events read by id)."""
    ms = int(moment.timestamp() * 1000) & ((1 << 48) - 1)
    value = ms << 80 | 0x7 << 76 | rng.getrandbits(12) << 64 | 0b10 << 62 | rng.getrandbits(62)
    return uuid.UUID(int=value)


def at(day: date, rng: random.Random) -> datetime:
    """A moment in office hours (UTC) on `day`."""
    return datetime.combine(day, time(7 + rng.randrange(9), rng.randrange(60)), UTC)


# ---------------------------------------------------------------------- identity numbers


def _mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    """The mod-11 check digit, or None when the number cannot exist (check digit 10)."""
    check = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    return None if check == 10 else check % 11


def _luhn(digits: str) -> str:
    total = sum(sum(divmod(int(c) * (2 - i % 2), 10)) for i, c in enumerate(digits))
    return str((10 - total % 10) % 10)


def _fodselsnummer(birth: date, individual: int) -> str | None:
    digits = f"{birth:%d%m%y}{individual:03d}"
    k1 = _mod11(digits, (3, 7, 6, 1, 8, 9, 4, 5, 2))
    k2 = None if k1 is None else _mod11(f"{digits}{k1}", (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
    return None if k2 is None else f"{digits}{k1}{k2}"


def _personnummer(birth: date, number: int) -> str:
    nine = f"{birth:%y%m%d}{number:03d}"
    return f"{birth:%Y%m%d}-{nine[6:]}{_luhn(nine)}"


def _national_id(jurisdiction: str, birth: date, serial: int) -> str | None:
    # A Norwegian individual number 000-499 places the birth in the 1900s.
    if jurisdiction == "no":
        return _fodselsnummer(birth, serial % 500)
    if jurisdiction == "se":
        return _personnummer(birth, serial % 1000)
    return f"BEN-{serial:08d}"


def _organisation_number(jurisdiction: str, serial: int) -> str | None:
    if jurisdiction == "no":
        eight = f"9{serial:07d}"
        check = _mod11(eight, (3, 2, 7, 6, 5, 4, 3, 2))
        return None if check is None else f"{eight}{check}"
    if jurisdiction == "se":
        nine = f"556{serial % 1_000_000:06d}"
        return f"{nine[:6]}-{nine[6:]}{_luhn(nine)}"
    return f"ORG-{serial:06d}"


@dataclass
class Identities:
    """Unique, valid identity numbers per jurisdiction, as its plugin normalizes them."""

    host: PluginHost
    rng: random.Random
    taken: set[tuple[str, str]] = field(default_factory=set)
    serial: int = 0

    def person(self, jurisdiction: str) -> tuple[str, date]:
        check = self.host.jurisdiction(jurisdiction).validate_national_id
        while True:
            self.serial += 1
            birth = date(1960, 1, 1) + timedelta(days=self.rng.randrange(40 * 365))
            found = _national_id(jurisdiction, birth, self.serial)
            result = check(found) if found else None
            if found is None or result is None or not result.valid:
                continue
            value: str = result.normalized or found
            if (jurisdiction, value) not in self.taken:
                self.taken.add((jurisdiction, value))
                return value, result.birth_date or birth

    def organisation(self, jurisdiction: str) -> str | None:
        check = self.host.jurisdiction(jurisdiction).validate_organisation_number
        for _ in range(100):
            self.serial += 1
            found = _organisation_number(jurisdiction, self.serial)
            result = check(found) if found else None
            if result is not None and result.valid:
                return result.normalized or found
        return None


def identity(
    ids: Identities, jurisdiction: str, rng: random.Random
) -> tuple[str, str, str, date, str, str]:
    """(given, family, national id, birth date, email, phone) of a made-up person."""
    given_names, family_names = NAMES.get(jurisdiction, NAMES["generic"])
    given, family = rng.choice(given_names), rng.choice(family_names)
    national_id, birth = ids.person(jurisdiction)
    serial = ids.serial
    email = f"{given.lower()}.{family.lower()}.{serial}@{DOMAIN}".encode("ascii", "ignore").decode()
    phone = f"{PHONE_PREFIX.get(jurisdiction, '+1 555 ')}{serial % 10_000_000:07d}"
    return given, family, national_id, birth, email, phone


# ---------------------------------------------------------------------- actors


@dataclass
class Pool:
    """The actors of one kind in one jurisdiction, picked from at random."""

    ids: list[uuid.UUID] = field(default_factory=list)
    people: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    """Organisation -> the person who acts for it on case teams (employers)."""

    def pick(self, rng: random.Random) -> uuid.UUID:
        return rng.choice(self.ids)


@dataclass
class Directory:
    """The actors of a seed, made once; cases draw their teams from it."""

    host: PluginHost
    rng: random.Random
    since: datetime
    ids: Identities
    rows: list[dict[str, Any]] = field(default_factory=list)
    managers: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    """(case manager, jurisdiction) in the order their caseloads are filled."""
    pools: dict[tuple[str, R], Pool] = field(default_factory=dict)

    @classmethod
    def build(
        cls, host: PluginHost, cases: int, today: date, rng: random.Random,
        taken: set[tuple[str, str]],
    ) -> Directory:  # fmt: skip
        """`taken`: the (jurisdiction, national id) pairs already in the database."""
        made = cls(host, rng, at(today - timedelta(days=700), rng), Identities(host, rng, taken))
        codes = [code for code in ("generic", "no", "se") if host.has(code)]
        managers = max(1, -(-cases // CASELOAD))
        # Mostly generic caseloads; one in twenty Norwegian and one in twenty Swedish.
        chosen = [_jurisdiction_of(i, codes) for i in range(managers)]
        for code in codes:
            count = chosen.count(code)
            if count:
                made._jurisdiction(code, count, cases * count // managers)
        by_code = {code: iter(made.pool(code, R.CASE_MANAGER).ids) for code in codes}
        made.managers = [(next(by_code[code]), code) for code in chosen]
        return made

    def pool(self, jurisdiction: str, role: R) -> Pool:
        return self.pools.setdefault((jurisdiction, role), Pool())

    def _jurisdiction(self, code: str, managers: int, cases: int) -> None:
        offices = -(-managers // 10)
        self._staff(code, R.CASE_MANAGER, "Social insurance office", offices, managers)
        self._staff(code, R.CLINICIAN, "Health centre", offices * 2, offices * 8, "Dr. ")
        self._staff(code, R.PROVIDER, "Rehabilitation services", offices, offices * 2)
        employers = self.pool(code, R.EMPLOYER)
        for _ in range(max(2, cases // 25)):
            trade = self.rng.choice(TRADES)
            name = f"{self.rng.choice(NAMES[code][1])} {trade}{SUFFIX.get(code, '')}"
            org = self._actor(code, ActorKind.ORGANISATION, R.EMPLOYER, None, name)
            employers.ids.append(org)
            contact = self._person(code, R.EMPLOYER, org)
            employers.people[org] = contact

    def _staff(
        self, code: str, role: R, label: str, orgs: int, people: int, title: str = ""
    ) -> None:
        offices = [
            self._actor(code, ActorKind.ORGANISATION, role, None, f"{label} {len(self.rows) + 1}")
            for _ in range(orgs)
        ]
        pool = self.pool(code, role)
        if role is R.PROVIDER:  # providers join case teams as organisations
            pool.ids.extend(offices)
        for i in range(people):
            person = self._person(code, role, offices[i % orgs], title)
            if role is not R.PROVIDER:
                pool.ids.append(person)

    def _person(self, code: str, role: R, org: uuid.UUID, title: str = "") -> uuid.UUID:
        given_names, family_names = NAMES[code]
        name = f"{title}{self.rng.choice(given_names)} {self.rng.choice(family_names)}"
        return self._actor(code, ActorKind.PERSON, role, org, name)

    def _actor(
        self, code: str, kind: ActorKind, role: R, org: uuid.UUID | None, name: str
    ) -> uuid.UUID:
        actor_id = uuid7(self.since, self.rng)
        serial = len(self.rows) + 1
        is_org = kind is ActorKind.ORGANISATION
        self.rows.append(
            {
                "id": actor_id,
                "kind": kind,
                "stakeholder_type": role,
                "name": name,
                "organisation_id": org,
                "organisation_number": self.ids.organisation(code) if is_org else None,
                "jurisdiction": code,
                "email": f"actor{serial}@{DOMAIN}",
                "created_at": self.since,
            }
        )
        return actor_id


def _jurisdiction_of(index: int, codes: list[str]) -> str:
    wanted = {18: "no", 19: "se"}.get(index % 20, "generic")
    return wanted if wanted in codes else codes[0]
