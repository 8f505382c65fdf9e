"""The login and consent page, rendered on the server: plain HTML, no script.

Every value that comes from a request or the database is escaped. The page
says which client asks for what; the form carries the authorization request
in hidden fields and a CSRF token that must match the page's cookie (double
submit, cookie `SameSite=Strict`). The page may not be framed (clickjacking).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping, Sequence
from html import escape

from starlette.responses import HTMLResponse

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "authorize_page",
    "csrf_matches",
    "describe_scope",
    "new_csrf_token",
    "problem_page",
]

CSRF_COOKIE = "vocrehab_csrf"
CSRF_FIELD = "csrf_token"
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_ACTIONS = {"read": "See", "write": "Change", "approve": "Approve"}
_STYLE = """
body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.3rem}ul{padding-left:1.2rem}label{display:block;margin:.8rem 0 .2rem}
input[type=text],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
.error{background:#fde8e8;border:1px solid #d33;padding:.6rem}.buttons{margin-top:1.2rem}
button{padding:.5rem 1rem;margin-right:.5rem}small{color:#555}
"""


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(cookie: str | None, field: str | None) -> bool:
    return bool(cookie and field) and hmac.compare_digest(str(cookie), str(field))


def describe_scope(scope: str) -> str:
    if scope == "admin":
        return "Administer the platform"
    resource, _, action = scope.partition(":")
    return f"{_ACTIONS.get(action, action.title())} {resource}"


def _page(title: str, body: str, status: int) -> HTMLResponse:
    html = (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>{body}</body></html>"
    )
    return HTMLResponse(html, status, headers=HEADERS)


def authorize_page(
    *,
    client_name: str,
    client_id: str,
    scopes: Sequence[str],
    params: Mapping[str, str],
    csrf: str,
    error: str | None = None,
    username: str = "",
    status: int = 200,
) -> HTMLResponse:
    """Sign in and allow (or deny) `client_name` the listed scopes."""
    hidden = "".join(
        f'<input type=hidden name="{escape(name)}" value="{escape(value)}">'
        for name, value in sorted(params.items())
    )
    items = "".join(
        f"<li>{escape(describe_scope(s))} <small>({escape(s)})</small></li>" for s in scopes
    )
    notice = f"<p class=error role=alert>{escape(error)}</p>" if error else ""
    body = f"""
<h1>Sign in to vocrehab</h1>
<p><strong>{escape(client_name)}</strong> <small>({escape(client_id)})</small> asks to act
for you with these permissions:</p>
<ul>{items}</ul>
<p><small>You get no more than your role may have, whatever is asked.</small></p>
{notice}
<form method=post action="authorize">
{hidden}<input type=hidden name="{CSRF_FIELD}" value="{escape(csrf)}">
<label for=username>Username</label>
<input type=text id=username name=username value="{escape(username)}" autocomplete=username required>
<label for=password>Password</label>
<input type=password id=password name=password autocomplete=current-password required>
<div class=buttons>
<button type=submit name=decision value=allow>Sign in and allow</button>
<button type=submit name=decision value=deny formnovalidate>Deny</button>
</div>
</form>"""
    return _page("Sign in - vocrehab", body, status)


def problem_page(title: str, message: str, status: int = 400) -> HTMLResponse:
    body = f"<h1>{escape(title)}</h1><p>{escape(message)}</p>"
    return _page(f"{title} - vocrehab", body, status)
