"""Participants in the schema."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from vocrehab.api.base import Connection, Node, UserError, connection, gid, requires
from vocrehab.api.context import Info
from vocrehab.api.mutations import run
from vocrehab.core import audit
from vocrehab.core import participants as core
from vocrehab.core.pagination import PageRequest
from vocrehab.db import models as m
from vocrehab.hooks.vocabulary import DataCategory

if TYPE_CHECKING:
    from vocrehab.api.cases import Case
    from vocrehab.api.consents import AccessLogConnection, Consent
    from vocrehab.api.jurisdictions import Jurisdiction

__all__ = ["Participant", "ParticipantMutations", "ParticipantQueries"]

CaseT = Annotated["Case", strawberry.lazy("vocrehab.api.cases")]
ConsentT = Annotated["Consent", strawberry.lazy("vocrehab.api.consents")]
AccessLogConnectionT = Annotated["AccessLogConnection", strawberry.lazy("vocrehab.api.consents")]
JurisdictionT = Annotated["Jurisdiction", strawberry.lazy("vocrehab.api.jurisdictions")]


@strawberry.type(name="Participant")
class Participant(Node):
    row: strawberry.Private[m.Participant]
    id: strawberry.ID
    given_name: str
    family_name: str
    preferred_language: str | None

    @classmethod
    def of(cls, row: m.Participant) -> Participant:
        audit.record_participant(row.id)
        return cls(
            row=row,
            id=gid("Participant", row.id),
            given_name=row.given_name,
            family_name=row.family_name,
            preferred_language=row.preferred_language,
        )

    async def _contact(self, info: Info, value: object) -> object:
        access = await info.context.loaders.participant_access.load(self.row.id)
        if access is None or not access.sees(DataCategory.CONTACT):
            return None
        audit.record_participant(self.row.id, DataCategory.CONTACT)
        return value

    @strawberry.field
    def jurisdiction(self, info: Info) -> JurisdictionT:
        from vocrehab.api.jurisdictions import Jurisdiction

        return Jurisdiction.of(info.context.host, self.row.jurisdiction)

    @strawberry.field(
        description="Validated by the jurisdiction plugin (personnummer, fødselsnummer...). "
        "Visible only to stakeholders allowed CONTACT data."
    )
    async def national_id(self, info: Info) -> str | None:
        return await self._contact(info, self.row.national_id)  # type: ignore[return-value]

    @strawberry.field(description="CONTACT data.")
    async def birth_date(self, info: Info) -> datetime.date | None:
        return await self._contact(info, self.row.birth_date)  # type: ignore[return-value]

    @strawberry.field(description="CONTACT data.")
    async def email(self, info: Info) -> str | None:
        return await self._contact(info, self.row.email)  # type: ignore[return-value]

    @strawberry.field(description="CONTACT data.")
    async def phone(self, info: Info) -> str | None:
        return await self._contact(info, self.row.phone)  # type: ignore[return-value]

    @strawberry.field(
        description="The participant's cases that the viewer may see. Requires scope cases:read.",
        extensions=requires("cases:read"),
    )
    async def cases(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CaseT]:
        from vocrehab.api.cases import visible_case_connection

        return await visible_case_connection(info, self.row.id, PageRequest.of(first, after))

    @strawberry.field(
        description="Consents the participant has given. Visible to the participant and ADMIN; "
        "requires scope consents:read.",
        extensions=requires("consents:read"),
    )
    async def consents(self, info: Info) -> list[ConsentT]:
        from vocrehab.api.consents import consents_of

        return await consents_of(info, self.row)

    @strawberry.field(
        description="Who read or changed this participant's data, newest first. Visible to the "
        "participant and ADMIN; requires scope audit:read.",
        extensions=requires("audit:read"),
    )
    async def access_log(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> AccessLogConnectionT:
        from vocrehab.api.consents import access_log_of

        return await access_log_of(info, self.row.id, first, after)


@strawberry.input
class ParticipantFilter:
    jurisdiction: str | None = None
    search: str | None = None
    national_id: str | None = None


@strawberry.input
class RegisterParticipantInput:
    jurisdiction: str
    national_id: str | None = None
    given_name: str
    family_name: str
    birth_date: datetime.date | None = None
    preferred_language: str | None = None
    email: str | None = None
    phone: str | None = None


@strawberry.input
class UpdateParticipantInput:
    id: strawberry.ID
    given_name: str | None = strawberry.UNSET
    family_name: str | None = strawberry.UNSET
    preferred_language: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET


@strawberry.type
class ParticipantPayload:
    participant: Participant | None
    user_errors: list[UserError]


@strawberry.type
class ParticipantQueries:
    @strawberry.field(
        description="Participants the viewer may see. Requires scope participants:read.",
        extensions=requires("participants:read"),
    )
    async def participants(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: ParticipantFilter | None = None,
    ) -> Connection[Participant]:
        flt = filter or ParticipantFilter()
        ctx = info.context
        page = await core.list_participants(
            ctx.db.session,
            ctx.principal,
            ctx.today,
            core.ParticipantFilter(flt.jurisdiction, flt.search, flt.national_id),
            PageRequest.of(first, after),
            ctx.host,
        )
        return connection(
            page.items, page.cursors, page.has_next, page.has_previous, page.count, Participant.of
        )


def _payload(row: m.Participant | None, errors: list[UserError]) -> ParticipantPayload:
    return ParticipantPayload(participant=Participant.of(row) if row else None, user_errors=errors)


@strawberry.type
class ParticipantMutations:
    @strawberry.mutation(description="Requires scope participants:write (CASE_MANAGER, ADMIN).")
    async def register_participant(
        self, info: Info, input: RegisterParticipantInput
    ) -> ParticipantPayload:
        cmd = core.RegisterParticipant(
            jurisdiction=input.jurisdiction,
            given_name=input.given_name,
            family_name=input.family_name,
            national_id=input.national_id,
            birth_date=input.birth_date,
            preferred_language=input.preferred_language,
            email=input.email,
            phone=input.phone,
        )
        return _payload(*await run(info, lambda work: core.register_participant(work, cmd)))

    @strawberry.mutation(description="Requires scope participants:write (CASE_MANAGER, ADMIN).")
    async def update_participant(
        self, info: Info, input: UpdateParticipantInput
    ) -> ParticipantPayload:
        sent = {
            name: getattr(input, attr)
            for name, attr in (
                ("givenName", "given_name"),
                ("familyName", "family_name"),
                ("preferredLanguage", "preferred_language"),
                ("email", "email"),
                ("phone", "phone"),
            )
            if getattr(input, attr) is not strawberry.UNSET
        }
        cmd = core.UpdateParticipant(id=input.id, changes=sent)
        return _payload(*await run(info, lambda work: core.update_participant(work, cmd)))
