"""What the browser sees: the two consent pages, a confirmation, an error page and the redirects back.

Plain string templates; every value passes through `html.escape`. Each choice is a GET form back to the same
authorize URL with `login_as` and `consent` added, which is exactly what automation sends directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from urllib.parse import urlencode

from starlette.responses import RedirectResponse

_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1f2328}"
    "h1{font-size:1.4rem}ul{list-style:none;padding:0}li{margin:.4rem 0}"
    "button{font:inherit;padding:.4rem .9rem;border-radius:6px;border:1px solid #8c959f;cursor:pointer}"
    ".approve{background:#5865f2;color:#fff;border-color:#5865f2}"
    ".note{color:#59636e;font-size:.9rem}"
)


def page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main><h1>{escape(title)}</h1>{body}</main></body></html>"
    )


def _hidden(params: Mapping[str, str]) -> str:
    skip = {"login_as", "consent"}
    return "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in params.items() if k not in skip
    )


def _choice_form(params: Mapping[str, str], consent: str, button: str) -> str:
    return f'<form method="get">{_hidden(params)}<input type="hidden" name="consent" value="{consent}">{button}</form>'


def consent(title: str, intro: str, params: Mapping[str, str], people: Iterable[tuple[str, str]]) -> str:
    """A consent page: one approve button per account (id, label), and one deny button."""
    items = "".join(
        "<li>"
        + _choice_form(
            params,
            "approve",
            f'<button class="approve" name="login_as" value="{escape(pid)}">Authorize as {escape(label)}</button>',
        )
        + "</li>"
        for pid, label in people
    )
    deny = _choice_form(params, "deny", "<button>Cancel</button>")
    note = '<p class="note">Development emulator: no password, pick who you are.</p>'
    return page(title, f"<p>{intro}</p><ul>{items}</ul>{deny}{note}")


def discord_consent(params: Mapping[str, str], scopes: Iterable[str], people: Iterable[tuple[str, str]]) -> str:
    listed = ", ".join(f"<code>{escape(s)}</code>" for s in scopes)
    intro = f"An application wants to access your Discord account. It asks for: {listed}."
    return consent("Authorize access to your account", intro, params, people)


def github_consent(params: Mapping[str, str], scopes: Iterable[str], people: Iterable[tuple[str, str]]) -> str:
    listed = ", ".join(f"<code>{escape(s)}</code>" for s in scopes) or "public information only"
    intro = f"An OAuth app wants to access your GitHub account. It asks for: {listed}."
    return consent("Authorize OAuth app", intro, params, people)


def error(title: str, detail: str) -> str:
    return page(title, f"<p>{escape(detail)}</p>")


def bot_added(guild_name: str) -> str:
    return page("Authorized", f"<p>The bot was added to <strong>{escape(guild_name)}</strong>.</p>")


def redirect_to(uri: str, params: Mapping[str, str | None]) -> RedirectResponse:
    """Send the browser back to `uri` with `params` added to whatever query it already has."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return RedirectResponse(f"{uri}{'&' if '?' in uri else '?'}{query}", 302)
