"""What the Swedish rules cite: the law and section behind each one, in one place.

SFB is socialförsäkringsbalken (2010:110), the Social Insurance Code. Where
the section behind a number could not be confirmed, the reference says so
rather than guess one; where a rule rests on evidence rather than law, it
names the evidence.
"""

from __future__ import annotations

__all__ = [
    "CHAIN",
    "CHAIN_LINKING",
    "CONSISTENCY",
    "EMPLOYER_PLAN",
    "FIELD_STUDY",
    "FINSAM",
    "FK7804",
    "FMU",
    "FOL_18",
    "FOL_18A",
    "LEVELS",
    "ORGANISATION_NUMBERS",
    "QUARTERS",
    "RECONCILIATION_MEETING",
    "REHABILITATION",
    "RTW_PHASES",
    "SICK_PAY",
    "SICK_PAY_CERTIFICATE",
    "SICK_REPORT",
    "STAGE_1",
    "STAGE_2",
]

# --------------------------------------------------------------------------- sickness benefit

QUARTERS = "SFB 27 kap. 45 §"
"""Sjukpenning is paid as a whole, three quarters, a half or a quarter: work capacity
must be reduced by at least a quarter (SFB 27:45-46)."""

LEVELS = "SFB 28 kap. 7 §"
"""Normal level (80 %) and continuation level (75 %). The 364 days within a 450-day frame
and the end of the outer limit on 1 Feb 2016 come from Försäkringskassan's and
Arbetsgivarverket's guidance (sinf.se, arbetsgivarverket.se, 2016)."""

SICK_PAY = "Lag (1991:1047) om sjuklön 6-7 §§"
"""The employer's sick pay (sjuklön) for days 1-14 at 80 %, less the karensavdrag."""

SICK_PAY_CERTIFICATE = "Lag (1991:1047) om sjuklön 8 §"
"""From the eighth calendar day, sick pay needs a medical certificate."""

SICK_REPORT = "Lag (1991:1047) om sjuklön 12 §"
"""The employer reports a sick period that goes on after the sick-pay period to
Försäkringskassan within seven calendar days from its end (SFS 2004:1241; Försäkringskassan's
employer pages: from day 15, by day 21)."""

# --------------------------------------------------------------------------- rehabilitation chain

STAGE_1 = "SFB 27 kap. 46 §"
STAGE_2 = "SFB 27 kap. 47 §"
CHAIN = "SFB 27 kap. 46-49 §§"
"""The rehabilitation chain (rehabiliteringskedjan): the basis of the assessment of work
capacity by the number of days it has been reduced."""

CHAIN_LINKING = (
    "SFB 27 kap. 46-49 §§; sick periods fewer than 90 days apart are added together "
    "(Arbetsgivarverket 2016; the SFB section of the linking rule is not confirmed here)"
)

EMPLOYER_PLAN = "SFB 30 kap. 6 §"
"""The employer's plan for return to work (plan för återgång i arbete), since 1 July 2018."""

RECONCILIATION_MEETING = "SFB 110 kap. 14 § 4 p."
"""Försäkringskassan may call the insured person to a meeting with others (avstämningsmöte)
to clarify work capacity, rehabilitation needs and the chances of a return to work."""

REHABILITATION = "SFB 29-31 kap."
"""Work-oriented rehabilitation and rehabilitation compensation (rehabiliteringspenning)."""

FINSAM = "Lag (2003:1210) om finansiell samordning av rehabiliteringsinsatser"
FMU = "Lag (2018:744) om försäkringsmedicinska utredningar"

# --------------------------------------------------------------------------- identity numbers

FOL_18 = "Folkbokföringslag (1991:481) 18 §"
"""Personnummer: birth date, birth number (001-999), Luhn check digit; '-' becomes '+'
the year the person turns 100; stored with a four-digit year."""

FOL_18A = "Folkbokföringslag (1991:481) 18 a §"
"""Samordningsnummer: as a personnummer, with 60 added to the day of birth."""

ORGANISATION_NUMBERS = "Lag (1974:174) om identitetsbeteckning för juridiska personer m.fl."
"""Ten digits with a Luhn check digit; the third digit is at least 2 so that an
organisation number is never mistaken for a personnummer (Skatteverket; OID 1.3.7)."""

# --------------------------------------------------------------------------- the certificate

FK7804 = (
    "FK 7804 Läkarintyg för sjukpenning: the form's validation rules "
    "(Inera sklintyg, module lisjp, InternalDraftValidatorImpl and ValidatorUtilFK)"
)

# --------------------------------------------------------------------------- evidence

FIELD_STUDY = (
    "Qualitative study of ten psychiatrists at Sahlgrenska University Hospital, Gothenburg, "
    "on vocational rehabilitation for patients with mental illness: work-oriented "
    "interventions of Försäkringskassan and Arbetsförmedlingen need at least 25 % work "
    "ability; below that, only municipal activity centres are open"
)
RTW_PHASES = (
    "Young et al. (2005), A developmental conceptualization of return to work, "
    "J Occup Rehabil 15(4), doi:10.1007/s10926-005-8034-z"
)

CONSISTENCY = "No legal basis: internal consistency of the case record (fk_se)"
