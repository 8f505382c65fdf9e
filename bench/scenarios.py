"""What `make bench` asks for, written only with the public API (the contract in
/work/shared/design/api-contract.graphql), so it measures any implementation
of it as a frontend would."""

from __future__ import annotations

__all__ = ["CASE_NOTE", "MOVES", "OVERDUE", "W1", "W1_MILESTONES", "W1_ORIENTATION"]

_NODE = (
    "id reference participant { givenName familyName } team { role actor { name } } "
    "currentPlan { title steps { startDate endDate workPercent } } "
    "interventions(first: 5) { edges { node { status type { code } } } }"
)
_MILESTONES = " milestones { code dueDate status }"
_ORIENTATION = " orientation { summary nextSteps { title responsible dueDate } }"

W1 = f"query W1 {{ cases(first: 50) {{ edges {{ node {{ {_NODE} }} }} }} }}"
"""The case manager's caseload page: 50 cases with participant name, team with actor
names, current plan with steps, and the first 5 interventions."""
W1_MILESTONES = (
    f"query W1M {{ cases(first: 50) {{ edges {{ node {{ {_NODE}{_MILESTONES} }} }} }} }}"
)
W1_ORIENTATION = f"query W1MO {{ cases(first: 50) {{ edges {{ node {{ {_NODE}{_MILESTONES}{_ORIENTATION} }} }} }} }}"
OVERDUE = (
    "query Overdue { cases(first: 50, filter: {overdue: true}, "
    "orderBy: {field: NEXT_DUE_DATE, direction: ASC}) { totalCount edges { node { reference } } } }"
)
"""The admin's overdue caseload: what is late, most overdue first."""
MOVES = (
    "query Moves { moves(first: 50) { totalCount edges { node { code dueDate status "
    "title legalReference case { reference participant { givenName familyName } } } } } }"
)
"""The case manager's day: the next 50 steps that are theirs, across the caseload."""
CASE_NOTE = (
    "mutation Note($input: AddCaseNoteInput!) "
    "{ addCaseNote(input: $input) { note { id } userErrors { code message } } }"
)
