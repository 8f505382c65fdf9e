"""What the login, consent and logout pages say, in Norwegian (bokmål),
Swedish and English, and which of them a request gets.

The language comes from the OpenID Connect `ui_locales` parameter (the page's
language switch sets it) and then from `Accept-Language`; English otherwise.
Norwegian Nynorsk and plain `no` get bokmål.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["DEFAULT", "LANGUAGES", "LANGUAGE_NAMES", "describe_scope", "negotiate", "text"]

LANGUAGES = ("nb", "sv", "en")
DEFAULT = "en"
LANGUAGE_NAMES = {"nb": "Norsk bokmål", "sv": "Svenska", "en": "English"}
_ALIASES = {"nb": "nb", "no": "nb", "nn": "nb", "sv": "sv", "en": "en"}

_TEXTS: dict[str, dict[str, str]] = {
    "sign_in": {
        "en": "Sign in to vocrehab",
        "nb": "Logg inn i vocrehab",
        "sv": "Logga in i vocrehab",
    },
    "asks": {
        "en": "{client} asks to act for you with these permissions:",
        "nb": "{client} ber om å handle på dine vegne med disse tillatelsene:",
        "sv": "{client} ber om att få agera för dig med de här behörigheterna:",
    },
    "no_more": {
        "en": "You get no more than your role may have, whatever is asked.",
        "nb": "Du får aldri mer enn rollen din kan ha, uansett hva det blir bedt om.",
        "sv": "Du får aldrig mer än din roll får ha, oavsett vad som begärs.",
    },
    "username": {"en": "Username", "nb": "Brukernavn", "sv": "Användarnamn"},
    "password": {"en": "Password", "nb": "Passord", "sv": "Lösenord"},
    "allow": {
        "en": "Sign in and allow",
        "nb": "Logg inn og tillat",
        "sv": "Logga in och tillåt",
    },
    "deny": {"en": "Deny", "nb": "Avslå", "sv": "Neka"},
    "language": {"en": "Language", "nb": "Språk", "sv": "Språk"},
    "wrong_password": {
        "en": "Wrong username or password.",
        "nb": "Feil brukernavn eller passord.",
        "sv": "Fel användarnamn eller lösenord.",
    },
    "expired": {
        "en": "This form has expired",
        "nb": "Dette skjemaet er utløpt",
        "sv": "Det här formuläret har gått ut",
    },
    "sign_in_again": {
        "en": "Go back to the application and sign in again.",
        "nb": "Gå tilbake til applikasjonen og logg inn på nytt.",
        "sv": "Gå tillbaka till applikationen och logga in igen.",
    },
    "other_site": {
        "en": "This form was sent from another site",
        "nb": "Dette skjemaet ble sendt fra et annet nettsted",
        "sv": "Det här formuläret skickades från en annan webbplats",
    },
    "invalid_link": {
        "en": "This sign-in link is not valid",
        "nb": "Denne innloggingslenken er ikke gyldig",
        "sv": "Den här inloggningslänken är inte giltig",
    },
    "too_many": {"en": "Too many attempts", "nb": "For mange forsøk", "sv": "För många försök"},
    "wait": {
        "en": "Wait a minute, then try again.",
        "nb": "Vent et minutt, og prøv igjen.",
        "sv": "Vänta en minut och försök igen.",
    },
    "signed_out": {"en": "You are signed out", "nb": "Du er logget ut", "sv": "Du är utloggad"},
    "signed_out_text": {
        "en": "You are signed out of vocrehab. You can close this window.",
        "nb": "Du er logget ut av vocrehab. Du kan lukke dette vinduet.",
        "sv": "Du är utloggad från vocrehab. Du kan stänga det här fönstret.",
    },
    "invalid_logout": {
        "en": "This sign-out link is not valid",
        "nb": "Denne utloggingslenken er ikke gyldig",
        "sv": "Den här utloggningslänken är inte giltig",
    },
}

_ACTIONS = {
    "read": {"en": "See", "nb": "Se", "sv": "Se"},
    "write": {"en": "Change", "nb": "Endre", "sv": "Ändra"},
    "approve": {"en": "Approve", "nb": "Godkjenne", "sv": "Godkänna"},
}
_RESOURCES = {
    "cases": {"en": "cases", "nb": "saker", "sv": "ärenden"},
    "participants": {"en": "participants", "nb": "deltakere", "sv": "deltagare"},
    "plans": {"en": "plans", "nb": "planer", "sv": "planer"},
    "assessments": {"en": "assessments", "nb": "vurderinger", "sv": "bedömningar"},
    "medical": {
        "en": "medical information",
        "nb": "medisinske opplysninger",
        "sv": "medicinska uppgifter",
    },
    "interventions": {"en": "interventions", "nb": "tiltak", "sv": "insatser"},
    "benefits": {"en": "benefits", "nb": "ytelser", "sv": "ersättningar"},
    "notes": {"en": "notes", "nb": "notater", "sv": "anteckningar"},
    "documents": {"en": "documents", "nb": "dokumenter", "sv": "dokument"},
    "consents": {"en": "consents", "nb": "samtykker", "sv": "samtycken"},
    "actors": {"en": "actors", "nb": "aktører", "sv": "aktörer"},
    "audit": {"en": "the access log", "nb": "tilgangsloggen", "sv": "åtkomstloggen"},
    "webhooks": {
        "en": "webhook subscriptions",
        "nb": "webhook-abonnementer",
        "sv": "webhook-prenumerationer",
    },
}
_WHOLE_SCOPES = {
    "admin": {
        "en": "Administer the platform",
        "nb": "Administrere plattformen",
        "sv": "Administrera plattformen",
    },
    "openid": {"en": "Know who you are", "nb": "Vite hvem du er", "sv": "Veta vem du är"},
    "profile": {"en": "See your name", "nb": "Se navnet ditt", "sv": "Se ditt namn"},
}


def text(lang: str, key: str) -> str:
    return _in(_TEXTS[key], lang)


def describe_scope(scope: str, lang: str) -> str:
    """A scope in words ("See medical information"); an unknown one as itself."""
    whole = _WHOLE_SCOPES.get(scope)
    if whole is not None:
        return _in(whole, lang)
    resource, _, action = scope.partition(":")
    if resource in _RESOURCES and action in _ACTIONS:
        return f"{_in(_ACTIONS[action], lang)} {_in(_RESOURCES[resource], lang)}"
    return scope


def negotiate(ui_locales: str | None, accept_language: str | None) -> str:
    """The first of `ui_locales` (space-separated, in order of preference) that the
    pages speak, else the best of `Accept-Language`, else English."""
    for tag in (ui_locales or "").split():
        found = _match(tag)
        if found:
            return found
    for tag in _by_preference(accept_language or ""):
        found = _match(tag)
        if found:
            return found
    return DEFAULT


def _match(tag: str) -> str | None:
    return _ALIASES.get(tag.strip().lower().split("-")[0])


def _by_preference(header: str) -> list[str]:
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


def _in(translations: Mapping[str, str], lang: str) -> str:
    return translations.get(lang) or translations[DEFAULT]
