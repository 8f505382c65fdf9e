"""OAuth errors in plain language: every error response carries an
`error_description` a client developer can act on.

authlib's own descriptions are terse ("Invalid 'code' in request.") or leak
Python reprs (the list of client authentication methods). `describe` replaces
the ones it knows with a plain sentence and gives every error without one a
sentence for its code. Descriptions stay ASCII without double quotes and
backslashes (RFC 6749 §5.2).
"""

from __future__ import annotations

import re

from authlib.oauth2.rfc6749 import OAuth2Error

__all__ = ["describe"]

_CLIENT_AUTH = (
    "Client authentication failed: the client is unknown or revoked, its secret is wrong, "
    "or it authenticated in a way it is not registered for. A confidential client sends "
    "its id and secret with HTTP Basic or as client_id and client_secret in the form; "
    "a public client sends only client_id."
)

# authlib's descriptions (exact text, or a pattern for those that name a value).
_KNOWN: dict[str, str] = {
    "Missing 'client_id' parameter.": "The request names no client: send client_id, "
    "or the client's id and secret with HTTP Basic.",
    "The client does not exist on this server.": _CLIENT_AUTH,
    "Missing 'code' in request.": "Send the authorization code in the code parameter.",
    "Invalid 'redirect_uri' in request.": "The redirect_uri is not the one the "
    "authorization request used: send exactly the same value.",
    "Missing 'redirect_uri' in request.": "Send redirect_uri: the client has more than one "
    "registered, so the server cannot pick one.",
    "Missing 'refresh_token' in request.": "Send the refresh token in the refresh_token parameter.",
    "Missing 'code_verifier'": "Send the PKCE code_verifier whose S256 hash was the "
    "code_challenge of the authorization request.",
    "Invalid 'code_verifier'": "The code_verifier is malformed: it is 43 to 128 characters "
    "of letters, digits and - . _ ~.",
    "Code challenge failed.": "The code_verifier does not match the code_challenge of the "
    "authorization request.",
    "Missing 'code_challenge'": "PKCE is required: send code_challenge and "
    "code_challenge_method=S256.",
    "Invalid 'code_challenge'": "The code_challenge is malformed: it is the base64url "
    "SHA-256 of the code_verifier, 43 characters.",
    "Unsupported 'code_challenge_method'": "Only code_challenge_method=S256 is supported.",
    "Missing 'nonce' in request.": "Send a nonce with an OpenID Connect authorization request.",
    "Replay attack": "This nonce was used before: send a fresh random nonce with every "
    "authorization request.",
    "Invalid 'prompt' parameter.": "prompt=none cannot be combined with other prompt values.",
    "The requested scope is invalid, unknown, or malformed.": "A requested scope is unknown, "
    "or not open to this client or this user.",
    "The resource owner or authorization server denied the request": "The user denied the request.",
}
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^The client cannot authenticate with methods"), _CLIENT_AUTH),
    (
        re.compile(r"^Redirect URI .* is not supported by client\.$"),
        "The redirect_uri is not registered for this client: it must match a registered "
        "one exactly.",
    ),
    (
        re.compile(r"^The client is not authorized to use '(grant_type|response_type)=(.*)'$"),
        "This client is not registered for this {0}.",
    ),
    (
        re.compile(r"^Multiple '(\w+)' in request\.$"),
        "The {0} parameter is given more than once: send it once.",
    ),
]
_BY_CODE: dict[str, str] = {
    "invalid_request": "The request is missing a parameter, repeats one, or has one with a "
    "value that is not allowed.",
    "invalid_client": _CLIENT_AUTH,
    "invalid_grant": "The code or refresh token is not valid: unknown, expired, already "
    "used, revoked, or issued to another client.",
    "unauthorized_client": "This client is not registered for this grant type.",
    "unsupported_grant_type": "This grant type is not supported: use authorization_code, "
    "refresh_token or client_credentials.",
    "unsupported_response_type": "Only response_type=code is supported.",
    "invalid_scope": "A requested scope is unknown, or not open to this client or this user.",
    "access_denied": "The user denied the request.",
    "unsupported_token_type": "This kind of token cannot be revoked or introspected here.",
    "invalid_token": "The access token is missing, expired, revoked or not valid here: "
    "get a new one.",
    "insufficient_scope": "The access token lacks the scope this endpoint needs.",
    "login_required": "The user must sign in: this server keeps no sign-in session, so it "
    "cannot answer prompt=none.",
    "consent_required": "The user must consent: this server keeps no sign-in session, so it "
    "cannot answer prompt=none.",
    "interaction_required": "The user must sign in: this server keeps no sign-in session, so "
    "it cannot answer prompt=none.",
    "account_selection_required": "The user must sign in: this server keeps no sign-in "
    "session, so it cannot answer prompt=none.",
    "server_error": "The server failed to answer: try again later.",
    "temporarily_unavailable": "The server cannot answer now: try again later.",
}
_FALLBACK = "The request was refused."
# authlib puts the refused value itself into these descriptions: the code says it all.
_ONLY_BY_CODE = {"unsupported_response_type", "unsupported_grant_type"}


def describe(error: OAuth2Error) -> OAuth2Error:
    """Give `error` a plain-language description (in place); returns it."""
    error.description = _plain(error.error or "", error.description or "")
    return error


def _plain(code: str, description: str) -> str:
    if not description or code in _ONLY_BY_CODE:
        return _BY_CODE.get(code, _FALLBACK)
    known = _KNOWN.get(description)
    if known is not None:
        return known
    for pattern, text in _PATTERNS:
        match = pattern.match(description)
        if match:
            return text.format(*(part.replace("_", " ") for part in match.groups()))
    return description
