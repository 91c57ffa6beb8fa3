"""One Jinja2 environment for every template, and page-or-fragment rendering.

Autoescaping is on for every file name and undefined names fail loudly. A page template names the `{% block %}`s
that htmx asks for; a partial htmx request gets just those blocks, any other request the whole page.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from jinja2_fragments import render_blocks
from starlette.requests import Request
from starlette.responses import HTMLResponse

from app.core.htmx import htmx
from app.core.route_paths import path_for
from app.settings import ROOT, Settings

HTMX_SRI = "sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg"
HTMX_FILE = "vendor/htmx-2.0.11.min.js"


@pass_context
def _url_for(context: Context, name: str, /, **params: Any) -> str:
    return path_for(context["request"], name, **params)


class _Environment(Environment):
    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as a plain dict, not jinja's ChainMap: each render copies them, and a ChainMap copies
        slowly (a third of a small page's time). Globals are set once, before any template loads, as jinja asks."""
        return {**self.globals, **(d or {})}


def create_environment() -> Environment:
    env = _Environment(
        loader=FileSystemLoader(ROOT / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(url_for=_url_for, htmx_file=HTMX_FILE, htmx_sri=HTMX_SRI)
    return env


environment = create_environment()


def base_context(request: Request) -> dict[str, Any]:
    """What every page needs: the request, the signed-in user, the CSRF token, the mode banner."""
    # An error page may be drawn for a request the app has not reached yet (no app in the scope).
    provided = getattr(request.app.state, "provided", {}) if "app" in request.scope else {}
    settings = provided.get(Settings)
    return {
        "request": request,
        "user": request.scope.get("user"),
        "csrf_token": request.scope.get("csrf_token", ""),
        "development": bool(settings and settings.development),
    }


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    blocks: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The whole page, or only `blocks` when htmx asked for a fragment."""
    full = {**base_context(request), **(context or {})}
    if blocks and htmx(request).partial:
        body = render_blocks(environment, name, list(blocks), **full)
    else:
        body = environment.get_template(name).render(full)
    # A page whose fragments differ by more than HX-Request (the editor's, by HX-Target) names that in its own Vary.
    return HTMLResponse(body, status_code=status_code, headers={"Vary": "HX-Request", **(headers or {})})
