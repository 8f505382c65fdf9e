"""The login, consent and logout pages, rendered on the server: plain HTML, no
script, in Norwegian (bokmål), Swedish or English (`texts`).

Every value that comes from a request or the database is escaped. The
sign-in page says which client asks for what; its form carries the
authorization request in hidden fields and a CSRF token (`csrf`). A language
switch links to the same authorization request in another language.

Accessible by construction: `lang` on the page and on each language's link,
labels tied to their inputs, errors announced (`role=alert`) and tied to the
fields (`aria-describedby`), focus in reading order (language, username,
password, allow, deny), a visible focus ring, and colours above WCAG AA
contrast. The pages may not be framed (clickjacking).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from urllib.parse import urlencode

from starlette.responses import HTMLResponse

from vocrehab.auth.csrf import FIELD
from vocrehab.auth.texts import LANGUAGE_NAMES, LANGUAGES, describe_scope, text

__all__ = ["HEADERS", "authorize_page", "problem_page", "signed_out_page"]

HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # The form's POST must carry this site as its Origin (no-referrer would make it "null").
    "Referrer-Policy": "same-origin",
    "Content-Language": "en",
}
_STYLE = """
body{font-family:system-ui,sans-serif;max-width:30rem;margin:2rem auto;padding:0 1rem;
color:#1b1b1b;background:#fff;line-height:1.45}
h1{font-size:1.35rem}ul{padding-left:1.2rem}label{display:block;margin:.9rem 0 .25rem;font-weight:600}
input[type=text],input[type=password]{width:100%;padding:.55rem;box-sizing:border-box;
border:1px solid #595959;border-radius:3px;font:inherit}
.error{background:#fde8e8;border:1px solid #a4161a;color:#1b1b1b;padding:.6rem}
.buttons{margin-top:1.2rem;display:flex;gap:.6rem}
button{padding:.55rem 1rem;font:inherit;border-radius:3px;border:1px solid #0b4f8a;cursor:pointer}
button.primary{background:#0b4f8a;color:#fff}button.secondary{background:#fff;color:#0b4f8a}
small,.muted{color:#4d4d4d}
nav ul{list-style:none;padding:0;margin:0 0 1rem;display:flex;gap:1rem;font-size:.95rem}
a{color:#0b4f8a}a[aria-current]{font-weight:700;color:#1b1b1b;text-decoration:none}
:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
"""


def _page(lang: str, title: str, body: str, status: int) -> HTMLResponse:
    html = (
        f'<!doctype html><html lang="{escape(lang)}"><head><meta charset=utf-8>'
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )
    return HTMLResponse(html, status, headers={**HEADERS, "Content-Language": lang})


def _language_switch(lang: str, params: Mapping[str, str]) -> str:
    """Links to the same authorization request in each language (`ui_locales`)."""
    links = []
    for other in LANGUAGES:
        query = urlencode(sorted({**params, "ui_locales": other}.items()))
        current = ' aria-current="true"' if other == lang else ""
        links.append(
            f'<li><a href="?{escape(query)}" lang="{other}" hreflang="{other}"{current}>'
            f"{escape(LANGUAGE_NAMES[other])}</a></li>"
        )
    label = escape(text(lang, "language"))
    return f'<nav aria-label="{label}"><ul>{"".join(links)}</ul></nav>'


def authorize_page(
    *,
    lang: str,
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
        for name, value in sorted({**params, "ui_locales": lang}.items())
    )
    items = "".join(
        f"<li>{escape(describe_scope(s, lang))} <small>({escape(s)})</small></li>" for s in scopes
    )
    client = f"<strong>{escape(client_name)}</strong> <small>({escape(client_id)})</small>"
    notice, described = "", ""
    if error:
        notice = f"<p class=error role=alert id=login-error>{escape(error)}</p>"
        described = ' aria-describedby="login-error" aria-invalid="true"'
    body = f"""
<header>{_language_switch(lang, params)}</header>
<main>
<h1>{escape(text(lang, "sign_in"))}</h1>
<p>{escape(text(lang, "asks")).replace("{client}", client)}</p>
<ul>{items}</ul>
<p class=muted>{escape(text(lang, "no_more"))}</p>
{notice}
<form method=post action="authorize">
{hidden}<input type=hidden name="{FIELD}" value="{escape(csrf)}">
<label for=username>{escape(text(lang, "username"))}</label>
<input type=text id=username name=username value="{escape(username)}" autocomplete=username
 autocapitalize=none spellcheck=false required{described}>
<label for=password>{escape(text(lang, "password"))}</label>
<input type=password id=password name=password autocomplete=current-password required{described}>
<div class=buttons>
<button type=submit class=primary name=decision value=allow>{escape(text(lang, "allow"))}</button>
<button type=submit class=secondary name=decision value=deny formnovalidate>{escape(text(lang, "deny"))}</button>
</div>
</form>
</main>"""
    return _page(lang, f"{text(lang, 'sign_in')} - vocrehab", body, status)


def problem_page(lang: str, title: str, message: str, status: int = 400) -> HTMLResponse:
    body = f"<main><h1>{escape(title)}</h1><p>{escape(message)}</p></main>"
    return _page(lang, f"{title} - vocrehab", body, status)


def signed_out_page(lang: str) -> HTMLResponse:
    return problem_page(lang, text(lang, "signed_out"), text(lang, "signed_out_text"), 200)
