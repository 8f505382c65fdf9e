"""FK 7804 question 6: the diagnoses (R26).

A main diagnosis and at most two more (6.2, 6.4, 6.6), all in the main
diagnosis's code system: ICD-10-SE (OID 1.2.752.116.1.1.1.1.3) or KSH97-P
(1.2.752.116.1.3.1.4.1), by name or OID. A code has 3-5 characters, counted
without a dot (F32.1 is F321), and mental-health codes (F, and Z73) need at
least 4 (Inera sklintyg, ValidatorUtilFK). The diagnoses are the assessment's
own `diagnoses`, not a copy in the details.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from vocrehab.hooks import DiagnosisFacts, Violation
from vocrehab_fk_se.rules import violation

__all__ = ["CODE_SYSTEMS", "MAX_DIAGNOSES", "check_diagnoses"]

MAX_DIAGNOSES = 3
"""A main diagnosis and two more (Q6: 6.2, 6.4, 6.6)."""
CODE_SYSTEMS: Mapping[str, str] = {
    "ICD-10-SE": "ICD-10-SE",
    "1.2.752.116.1.1.1.1.3": "ICD-10-SE",
    "KSH97-P": "KSH97-P",
    "1.2.752.116.1.3.1.4.1": "KSH97-P",
}
"""The certificate's code systems, by name or OID."""
_CODE = re.compile(r"^[A-Z][0-9]{2}[0-9A-Z]{0,2}$")
"""3-5 characters once a dot is removed: a letter, two digits, up to two more."""


def check_diagnoses(diagnoses: tuple[DiagnosisFacts, ...]) -> list[Violation]:
    if not diagnoses:
        return [violation("FK7804_DIAGNOSIS", "Give the main diagnosis", ("diagnoses",))]
    found = []
    if len(diagnoses) > MAX_DIAGNOSES:
        found.append(
            violation(
                "FK7804_DIAGNOSIS",
                f"At most {MAX_DIAGNOSES} diagnoses, got {len(diagnoses)}",
                ("diagnoses",),
            )
        )
    main = CODE_SYSTEMS.get(diagnoses[0].system.strip().upper())
    for index, diagnosis in enumerate(diagnoses):
        found.extend(_diagnosis(index, diagnosis, main))
    return found


def _diagnosis(index: int, diagnosis: DiagnosisFacts, main: str | None) -> list[Violation]:
    at = ("diagnoses", str(index))
    system = CODE_SYSTEMS.get(diagnosis.system.strip().upper())
    if system is None or system != main:
        wanted = "ICD-10-SE or KSH97-P" if index == 0 else f"the main diagnosis's ({main})"
        return [
            violation(
                "FK7804_DIAGNOSIS",
                f"Diagnosis {index + 1}: the code system must be {wanted}",
                (*at, "system"),
            )
        ]
    code = diagnosis.code.strip().upper().replace(".", "")
    if not _CODE.match(code):
        return [
            violation(
                "FK7804_DIAGNOSIS",
                f"Diagnosis {index + 1}: {diagnosis.code!r} is not a 3-5 character code",
                (*at, "code"),
            )
        ]
    if code.startswith(("F", "Z73")) and len(code) < 4:
        return [
            violation(
                "FK7804_DIAGNOSIS",
                f"Diagnosis {index + 1}: F and Z73 codes need at least 4 characters, got {code}",
                (*at, "code"),
            )
        ]
    return []
