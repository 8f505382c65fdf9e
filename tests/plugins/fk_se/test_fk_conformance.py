"""The Swedish plugin passes the conformance kit, with its own cases and command probes."""

from __future__ import annotations

from fk_cases import SE, START, case, certificate, command_probes, day, periods

from vocrehab.hooks import CaseStatus
from vocrehab.hooks.testing import assert_conforms, conformance_test, sample_cases
from vocrehab_fk_se import FkJurisdiction

test_conformance = conformance_test(FkJurisdiction)


def test_conforms_with_swedish_cases_and_command_probes() -> None:
    cases = [
        *sample_cases(SE),
        case(details=periods((START, day(60), 100), (day(100), day(200), 50))),
        case(assessments=(certificate(day(3)),), status=CaseStatus.ON_HOLD),
        case(details={"expectedDuration": {"days": 90, "assessedOn": day(40).isoformat()}}),
    ]
    assert_conforms(SE, cases=cases, extra_violations=command_probes)
