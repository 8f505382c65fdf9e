"""The plugin contract of vocrehab: the only part of the platform a plugin imports.

- `hookimpl`: marks a plugin's hook implementations (see `vocrehab.hooks.specs`).
- `Jurisdiction`: the protocol of the objects a plugin registers.
- boundary types: frozen snapshots in, values out (`vocrehab.hooks.types`).
- `JurisdictionDetails`: the GraphQL interface a plugin's details type implements.
- data categories: every GraphQL type a plugin contributes declares the category of
  its fields (`data_categories(...)` on the type, or `field(category, ...)`); rules,
  milestones and case commands carry a `category`; a jurisdiction may declare
  `details_categories` for keys of its case details. The platform computes what a
  plugin writes for a reader from the case minimised to that reader and withholds
  whatever is declared of a category the reader does not see.
- shared helpers for what every plugin writes: `JurisdictionBase` (options,
  reference data, rules and commands as tables), `RuleCatalogue` (`rules()` and
  `violation(code, ...)` from one table), `ReferenceData`/`ReferenceCodes`,
  `DayOptions` (validated deployment options), `pending`/`overdue`/`stalled`
  and `handover_gaps` for orientation, `plan_data` for documents.
- what a benefit may be granted at: `BenefitTypeInfo.degrees` and `.amounts`, as
  `AllowedValues` (value sets, ranges with steps; `vocrehab.hooks.allowed`), enforced
  by the platform on every benefit period.
- optional milestones (`MilestoneInfo.optional`): OPTIONAL instead of OVERDUE.
- details versions: a jurisdiction may declare `details_version` and
  `upgrade_details(target, details, version)`; the platform upgrades stored details
  on every read and write (see `Jurisdiction`).
- meetings: a jurisdiction may offer `meeting_kinds()` (`MeetingKindInfo`), its
  kinds of team meeting and the milestones a held one meets; without it, the
  case conference (`CASE_CONFERENCE`). Held meetings reach the rules as
  `CaseFacts.meetings`.
- demo stories: a jurisdiction may offer `demo() -> Demo`, its example caseload as
  data (`vocrehab.hooks.demo`), which `vocrehab demo seed` plays back.
"""

from vocrehab.hooks.allowed import AllowedValues, Amounts, ValueRange
from vocrehab.hooks.base import JurisdictionBase
from vocrehab.hooks.catalogue import RuleCatalogue
from vocrehab.hooks.demo import Demo
from vocrehab.hooks.documents import plan_data
from vocrehab.hooks.jurisdiction import (
    DatedNationalIds,
    DetailsTarget,
    DocumentRenderer,
    HandoverWriter,
    Jurisdiction,
    check_national_id,
    handover_sections,
)
from vocrehab.hooks.meetings import CASE_CONFERENCE, MeetingKinds, meeting_kinds, met_by_meetings
from vocrehab.hooks.options import DayOptions, StallOptions
from vocrehab.hooks.orientation import (
    HandoverGap,
    Stall,
    handover_gaps,
    milestone_steps,
    overdue,
    pending,
    stalled,
)
from vocrehab.hooks.reference import ReferenceCodes, ReferenceData
from vocrehab.hooks.schema import JurisdictionDetails, data_categories, field
from vocrehab.hooks.specs import hookimpl
from vocrehab.hooks.types import (
    ActivatePlan,
    ActorInfo,
    ApprovalFacts,
    AssessmentFacts,
    AssessmentKindInfo,
    BenefitFacts,
    BenefitTypeInfo,
    CaseCommand,
    CaseEventInfo,
    CaseFacts,
    Change,
    ChangeInterventionStatus,
    CommandResult,
    DetailsCheck,
    DiagnosisFacts,
    DocumentKindInfo,
    DocumentRequest,
    DocumentSnapshot,
    EndBenefit,
    EventFacts,
    GrantBenefit,
    HandoverItem,
    HandoverSection,
    HistoryFacts,
    IdCheck,
    InterventionFacts,
    InterventionTypeInfo,
    MeetingFacts,
    MeetingKindInfo,
    MilestoneInfo,
    NextStepInfo,
    OpenCase,
    OrientationInfo,
    ParticipantFacts,
    PersonInfo,
    PlanFacts,
    PlanStepFacts,
    PluginConfig,
    PluginInfo,
    ProposeIntervention,
    RecordAssessment,
    RenderedDocument,
    RuleInfo,
    SavePlan,
    SickPeriodFacts,
    TeamMemberFacts,
    TeamMemberInfo,
    Texts,
    UpdateCase,
    Violation,
    text_for,
)
from vocrehab.hooks.vocabulary import (
    SCOPES,
    ActorKind,
    AmountPeriod,
    CaseStatus,
    DataCategory,
    DocumentFormat,
    EmploymentStatus,
    InterventionStatus,
    MeetingStatus,
    MilestoneStatus,
    PlanStatus,
    ReturnToWorkPhase,
    Severity,
    StakeholderType,
)

__all__ = [
    "CASE_CONFERENCE",
    "SCOPES",
    "ActivatePlan",
    "ActorInfo",
    "ActorKind",
    "AllowedValues",
    "AmountPeriod",
    "Amounts",
    "ApprovalFacts",
    "AssessmentFacts",
    "AssessmentKindInfo",
    "BenefitFacts",
    "BenefitTypeInfo",
    "CaseCommand",
    "CaseEventInfo",
    "CaseFacts",
    "CaseStatus",
    "Change",
    "ChangeInterventionStatus",
    "CommandResult",
    "DataCategory",
    "DatedNationalIds",
    "DayOptions",
    "Demo",
    "DetailsCheck",
    "DetailsTarget",
    "DiagnosisFacts",
    "DocumentFormat",
    "DocumentKindInfo",
    "DocumentRenderer",
    "DocumentRequest",
    "DocumentSnapshot",
    "EmploymentStatus",
    "EndBenefit",
    "EventFacts",
    "GrantBenefit",
    "HandoverGap",
    "HandoverItem",
    "HandoverSection",
    "HandoverWriter",
    "HistoryFacts",
    "IdCheck",
    "InterventionFacts",
    "InterventionStatus",
    "InterventionTypeInfo",
    "Jurisdiction",
    "JurisdictionBase",
    "JurisdictionDetails",
    "MeetingFacts",
    "MeetingKindInfo",
    "MeetingKinds",
    "MeetingStatus",
    "MilestoneInfo",
    "MilestoneStatus",
    "NextStepInfo",
    "OpenCase",
    "OrientationInfo",
    "ParticipantFacts",
    "PersonInfo",
    "PlanFacts",
    "PlanStatus",
    "PlanStepFacts",
    "PluginConfig",
    "PluginInfo",
    "ProposeIntervention",
    "RecordAssessment",
    "ReferenceCodes",
    "ReferenceData",
    "RenderedDocument",
    "ReturnToWorkPhase",
    "RuleCatalogue",
    "RuleInfo",
    "SavePlan",
    "Severity",
    "SickPeriodFacts",
    "StakeholderType",
    "Stall",
    "StallOptions",
    "TeamMemberFacts",
    "TeamMemberInfo",
    "Texts",
    "UpdateCase",
    "ValueRange",
    "Violation",
    "check_national_id",
    "data_categories",
    "field",
    "handover_gaps",
    "handover_sections",
    "hookimpl",
    "meeting_kinds",
    "met_by_meetings",
    "milestone_steps",
    "overdue",
    "pending",
    "plan_data",
    "stalled",
    "text_for",
]
