"""The instruments and evidence the generic jurisdiction cites.

The generic jurisdiction has no national law behind it. Every rule, milestone
and reference type still says where it comes from: an international
instrument, a published source, or, where there is none, plainly that the rule
is a default of this plugin. Keeping the citations in one module means a
rule's `legal_reference` is never a made-up string, and a country team can see
at a glance what to replace with its own law.
"""

from __future__ import annotations

__all__ = [
    "CONSISTENCY",
    "FRANCHE_2005",
    "GENERIC_DEFAULT",
    "ILO_C128",
    "ILO_C130",
    "ILO_C159",
    "ILO_C168",
    "IPS_PRINCIPLES",
    "WHO_ICD10",
    "WHO_ICF",
    "WONCA_ICPC2",
    "YOUNG_2005",
]

# --------------------------------------------------------------------------- instruments

ILO_C130 = "ILO Convention C130, Medical Care and Sickness Benefits Convention, 1969"
ILO_C128 = "ILO Convention C128, Invalidity, Old-Age and Survivors' Benefits Convention, 1967"
ILO_C168 = (
    "ILO Convention C168, Employment Promotion and Protection against Unemployment Convention, 1988"
)
ILO_C159 = (
    "ILO Convention C159, Vocational Rehabilitation and Employment (Disabled Persons) "
    "Convention, 1983"
)

# --------------------------------------------------------------------------- evidence

YOUNG_2005 = (
    "Young et al. (2005), A developmental conceptualization of return to work, "
    "J Occup Rehabil 15(4), doi:10.1007/s10926-005-8034-z"
)
FRANCHE_2005 = (
    "Franche et al. (2005), Workplace-based return-to-work interventions: a systematic "
    "review of the quantitative literature, J Occup Rehabil 15(4)"
)
IPS_PRINCIPLES = (
    "Individual Placement and Support (IPS): the eight principles of supported employment "
    "(IPS Employment Center)"
)

# --------------------------------------------------------------------------- code systems

WHO_ICF = "WHO International Classification of Functioning, Disability and Health (ICF), 2001"
WHO_ICD10 = "WHO International Statistical Classification of Diseases, 10th revision (ICD-10)"
WONCA_ICPC2 = "WONCA International Classification of Primary Care, 2nd edition (ICPC-2)"

# --------------------------------------------------------------------------- no external source

CONSISTENCY = "No legal basis: internal consistency of the case record (generic plugin)"
GENERIC_DEFAULT = "No international deadline: a configurable default of the generic plugin"
