"""The login form's defence against cross-site request forgery.

Two checks, each enough on its own against a browser on another site:

- **Origin**: the form must be posted from the platform's own public URL
  (`Origin`, or `Referer` when a browser sends no `Origin`). Another site's
  page, a sandboxed frame (`Origin: null`) or a request naming neither is refused.
- **A token bound to the browser and the sign-in**: the page sets a random
  cookie and puts into the form an HMAC, under a server secret, of that
  cookie, the authorization request (client, redirect URI, state, PKCE
  challenge, nonce, ...) and the time. An attacker can plant a cookie (from a
  sibling domain) but cannot compute the HMAC for it, and a token taken from
  the attacker's own sign-in fits no other one. It expires after `FORM_TTL`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from urllib.parse import urlencode, urlsplit

__all__ = ["COOKIE", "FIELD", "FORM_TTL", "FormToken", "from_own_origin", "new_browser_nonce"]

COOKIE = "vocrehab_csrf"
FIELD = "csrf_token"
FORM_TTL = timedelta(hours=1)
PURPOSE = "vocrehab login form csrf"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def new_browser_nonce() -> str:
    return secrets.token_urlsafe(32)


class FormToken:
    """Makes and checks the token; `secrets_at(now)` gives the current secret first."""

    def __init__(self, secrets_at: Callable[[datetime], Sequence[bytes]]) -> None:
        self.secrets_at = secrets_at

    def make(self, cookie: str, request: Mapping[str, str], now: datetime) -> str:
        issued = str(int(now.timestamp()))
        return f"{issued}.{self._mac(self.secrets_at(now)[0], cookie, request, issued)}"

    def check(
        self, token: str | None, cookie: str | None, request: Mapping[str, str], now: datetime
    ) -> bool:
        if not token or not cookie:
            return False
        issued, _, mac = token.partition(".")
        if not issued.isdigit():
            return False
        age = now.timestamp() - int(issued)
        if not -60 <= age <= FORM_TTL.total_seconds():
            return False
        return any(
            hmac.compare_digest(mac, self._mac(secret, cookie, request, issued))
            for secret in self.secrets_at(now)
        )

    @staticmethod
    def _mac(secret: bytes, cookie: str, request: Mapping[str, str], issued: str) -> str:
        signed = urlencode([("cookie", cookie), ("issued", issued), *sorted(request.items())])
        digest = hmac.new(secret, signed.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def from_own_origin(headers: Mapping[str, str], public_url: str) -> bool:
    """Whether a browser says the form was posted from a page of `public_url`."""
    expected = _origin(public_url)
    origin = headers.get("origin")
    if origin is not None:
        return origin != "null" and _origin(origin) == expected
    referer = headers.get("referer")
    return referer is not None and _origin(referer) == expected


def _origin(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url.strip())
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    return parts.scheme.lower(), parts.hostname.lower(), port
