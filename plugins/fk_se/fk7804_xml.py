"""The FK 7804 certificate data as XML, question by question under the form's numbers.

A structure of this plugin's own (not Försäkringskassan's or Inera's
exchange format), made for systems that file a certificate by its questions.
Namespace `urn:vocrehab:se:fk7804:1`; names are the form's Swedish ones,
written in ASCII; codes are the form's code values; dates are ISO 8601 and
yes/no answers `true`/`false`:

    <fk7804 xmlns="urn:vocrehab:se:fk7804:1" version="1" sprak="sv"
            skapad="2026-03-02T09:00:00+00:00" medicinskaUppgifter="INGAR">
      <arende referens="SE-2026-000001" status="OPEN" sjukskrivenSedan="2026-01-01"/>
      <patient fornamn="Anna" efternamn="Lind" personnummer="198506152391"/>
      <undanhallet kategori="BENEFITS"/>            one per category left out
      <intyg status="INGAR" id="..." datum="2026-01-05">
        <fraga id="Q27" rubrik="...">               every question, in the form's order
          <svar falt="avstangningSmittskydd">false</svar>
        </fraga>
        <fraga id="Q6" rubrik="...">
          <diagnos kod="F321" kodsystem="ICD-10-SE">Medelsvår depressiv episod</diagnos>
        </fraga>
        <fraga id="Q32" rubrik="...">
          <sjukskrivning grad="50" from="2026-01-05" tom="2026-02-01"/>
          <svar falt="motiveringTillTidigtStartdatumForSjukskrivning">...</svar>
        </fraga>
        ...
      </intyg>
    </fk7804>

- `medicinskaUppgifter` is INGAR (included) or UNDANHALLNA (withheld);
- `intyg/@status` is INGAR (the answers follow), UNDANHALLET (the certificate
  exists, dated, but its answers are withheld from this document: no `fraga`)
  or SAKNAS (the case has no certificate: no `id`, `datum` or `fraga`);
- a `fraga` without children is unanswered; `rubrik` is the question's title
  in the document's language; `svar/@falt` is the answer field
  (`grundForMU.<kind of basis>`, `prognos.typ`, `prognos.dagarTillArbete` for
  the parts of Q1 and Q39); a list answer repeats `svar`.

Built from `fk7804_document.certificate_data`, so it holds what the JSON holds.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from vocrehab.hooks import DocumentSnapshot, text_for
from vocrehab_fk_se.fk7804_document import certificate_data
from vocrehab_fk_se.fk7804_questions import Question, questions

__all__ = ["NAMESPACE", "certificate_xml"]

NAMESPACE = "urn:vocrehab:se:fk7804:1"
_STATUS = {"INCLUDED": "INGAR", "WITHHELD": "UNDANHALLNA"}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot carry (control characters in a pasted journal text)."""


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def certificate_xml(snapshot: DocumentSnapshot) -> bytes:
    data = certificate_data(snapshot)
    root = ET.Element("fk7804", {
        "xmlns": NAMESPACE, "version": str(data["schemaVersion"]), "sprak": data["language"],
        "skapad": data["generatedAt"], "medicinskaUppgifter": _STATUS[data["medicalData"]],
    })  # fmt: skip
    case = {"referens": data["case"]["reference"], "status": data["case"]["status"]}
    if data["case"]["sickLeaveStart"]:
        case["sjukskrivenSedan"] = data["case"]["sickLeaveStart"]
    ET.SubElement(root, "arende", case)
    ET.SubElement(root, "patient", _patient(data["participant"]))
    for category in data["withheld"]:
        ET.SubElement(root, "undanhallet", {"kategori": category})
    root.append(_certificate(data["certificate"], data["language"]))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _patient(person: dict[str, Any]) -> dict[str, str]:
    found = {"fornamn": _text(person["givenName"]), "efternamn": _text(person["familyName"])}
    if "nationalId" in person:
        found["personnummer"] = person["nationalId"]
    return found


def _certificate(certificate: dict[str, Any] | None, lang: str) -> ET.Element:
    if certificate is None:
        return ET.Element("intyg", {"status": "SAKNAS"})
    answers = certificate["answers"]
    element = ET.Element("intyg", {
        "status": "UNDANHALLET" if answers is None else "INGAR",
        "id": certificate["assessmentId"], "datum": certificate["issuedOn"],
    })  # fmt: skip
    for question in questions() if answers is not None else ():
        element.append(_question(question, answers, lang))
    return element


def _question(question: Question, answers: dict[str, Any], lang: str) -> ET.Element:
    element = ET.Element("fraga", {"id": question.id, "rubrik": text_for(question.titles, lang)})
    for field in question.fields:
        value = answers[field]
        if field == "diagnoser":
            for d in value:
                code = {"kod": _text(d["kod"]), "kodsystem": _text(d["kodsystem"])}
                ET.SubElement(element, "diagnos", code).text = _text(d["beskrivning"] or "")
        elif field == "sjukskrivningar":
            for p in sorted(value, key=lambda p: p["from"]):
                ET.SubElement(
                    element, "sjukskrivning", {k: str(p[k]) for k in ("grad", "from", "tom")}
                )
        else:
            for name, answer in _answers(field, value):
                ET.SubElement(element, "svar", {"falt": name}).text = _text(answer)
    return element


def _answers(field: str, value: Any) -> list[tuple[str, Any]]:
    """(field name, value) for each `svar`: none when unanswered, one per list item, and
    the parts of the compound answers (Q1's kinds of basis, Q39's type and days)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [(field, item) for item in value]
    if isinstance(value, dict):
        return [(f"{field}.{key}", part) for key, part in value.items() if part is not None]
    return [(field, value)]
