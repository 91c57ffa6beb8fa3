"""Rendering the editor: the whole page, the editor region, or one component's fields with out-of-band updates.

Every editor answer (a page load, a field edit, an action, a refused publish, a conflict) goes through
`respond`, so they all show the same draft the same way; a `Screen` says what is special about this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from databases import Database
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from app.builder.editor import view_model as editor_view
from app.builder.editor.forms import PREFIX
from app.builder.editor.json_box import Typed, of_draft
from app.builder.editor.view_model import EditorView, FieldView, Lookups
from app.builder.request_context import guild_of, link, notice, when
from app.builder.storage import drafts, library
from app.builder.storage.history import DiffLine
from app.builder.storage.library import Item
from app.components.problems import Problem, problem
from app.components.starters import form_custom_id
from app.components.validate import validate_payload
from app.core import kept
from app.core.htmx import htmx
from app.core.registry import need
from app.core.templating import render
from app.discord import errors as discord_errors
from app.guilds.bot import BotView, text_channels
from app.preview import GuildContext, bot_author, render_message, render_modal
from app.settings import ROOT, Settings

ACK_MAX = 2000
THEMES = ("dark", "light")
FIRST = "components[0]"
OPEN_MAX = 500  # longer than any path a 40-component draft has
PREVIEW_CSS = ROOT / "static" / "preview.css"
EDITORS = kept.KeptPages()


@dataclass(frozen=True)
class Focus:
    path: str
    control: str = ""


@dataclass(frozen=True)
class ConflictView:
    who: str
    at: str
    mine: str
    diff: list[DiffLine]


@dataclass
class Screen:
    """What one answer adds to the plain editor."""

    status: int = 200
    focus: Focus | None = None
    extra_problems: list[Problem] = field(default_factory=list)
    conflict: ConflictView | None = None
    refusal: str = ""
    publish_error: str = ""
    channel_error: str = ""
    chosen_channel: str = ""
    version_name: str = ""
    version_error: str = ""
    meta_values: dict[str, str] = field(default_factory=dict)
    target: str | None = None  # a component path: answer with its fields only (a live field edit)
    live: bool = False  # text typed in one of the target's fields: answer out of band only, never the field
    focus_summary: bool = False
    notice: str = ""  # what an answer without a redirect says (a Save with JavaScript)
    announce: str = ""  # what an action did, said to screen readers (focus stays on what changed)
    headers: dict[str, str] = field(default_factory=dict)
    typed: Typed | None = None  # the JSON panel's text, answered as posted: the panel shows it, kept as typed
    blocks: tuple[str, ...] = ()  # the blocks to answer with, when not those the request implies


@dataclass(frozen=True)
class Guild:
    """What the editor shows from the guild, read through the bot's cached view."""

    lookups: Lookups
    context: GuildContext
    channels: list[dict[str, Any]]
    channels_known: bool  # False: Discord could not say just now, so no channel can be picked


async def guild_data(request: Request, item: Item) -> Guild:
    """Read once per request: an edit takes the form in and renders the answer with the same data."""
    cached = request.scope.get("builder.guild_data")
    if isinstance(cached, Guild):
        return cached
    request.scope["builder.guild_data"] = found = await _read_guild(request)
    return found


async def _read_guild(request: Request) -> Guild:
    bot, guild = need(request, BotView), guild_of(request)
    forms = await library.forms(need(request, Database), guild.id)
    emojis = await _quiet(bot.emojis(guild.id)) or []
    known_channels = await _quiet(bot.channels(guild.id))
    channels = known_channels or []
    roles = await _quiet(bot.roles(guild.id)) or []
    context = GuildContext(
        guild_id=guild.id,
        cdn_base=need(request, Settings).discord_cdn_base,
        channels={str(c.get("id")): str(c.get("name", "")) for c in channels},
        roles={str(r.get("id")): (str(r.get("name", "")), _int(r.get("color"))) for r in roles},
        emojis={str(e.get("id")): (str(e.get("name", "")), e.get("animated") is True) for e in emojis},
        forms={form_custom_id(f["id"]): f["title"] or f["name"] for f in forms},
        **bot_author(await bot.user(), need(request, Settings).discord_cdn_base),
    )
    lookups = Lookups(forms=[(str(f["id"]), f["name"]) for f in forms], emojis=context.emojis)
    return Guild(lookups, context, text_channels(channels), channels_known=known_channels is not None)


async def _quiet(call: Any) -> list[dict[str, Any]] | None:
    """What the bot sees, or None when Discord cannot say right now: the editor still works."""
    try:
        found = await call
    except discord_errors.DiscordError:
        return None
    return [entry for entry in found if isinstance(entry, dict)] if isinstance(found, list) else []


def _int(value: object) -> int:
    return value if type(value) is int else 0


def theme_of(request: Request, form: dict[str, str] | None = None) -> str:
    chosen = (form or {}).get("theme") or request.query_params.get("theme", "dark")
    return chosen if chosen in THEMES else "dark"


def opened_of(request: Request, screen: Screen, form: dict[str, str] | None, problems: list[Problem]) -> list[str]:
    """The components to show open, the one the page keeps open first: the one an action just touched, else the
    one chosen (and, answering a posted form, those whose fields were posted: their input is shown back), else
    those with errors, else the first."""
    if screen.focus is not None and screen.focus.path:
        return [screen.focus.path]
    posted = form or {}
    chosen = (posted.get("open") or request.query_params.get("open", ""))[:OPEN_MAX]
    typed = [name.removeprefix(PREFIX) for name in posted if name.startswith(PREFIX)]
    refused = [found.path for found in screen.extra_problems]  # Discord's verdict lands on its fields: show them
    opened = [path for path in (chosen, *typed, *refused) if path]
    return opened or [found.path for found in problems if found.severity == "error"] or [FIRST]


def meta_fields(item: Item, screen: Screen) -> list[FieldView]:
    """The entry's own settings, kept as typed when refused: its name, and a form's acknowledgement."""
    name = screen.meta_values.get("name", item.name)
    fields = [_meta("name", "Name", name, "Shown only in this library.", library.name_problem(name))]
    if item.is_form:
        ack = screen.meta_values.get("ack", item.ack_text)
        too_long = f"Use at most {ACK_MAX} characters; this has {len(ack)}." if len(ack) > ACK_MAX else ""
        hint = "What the bot answers (only to the person) after the form is sent."
        fields.append(_meta("ack", "Acknowledgement message", ack, hint, too_long, "textarea", ACK_MAX))
    return fields


def _meta(key: str, label: str, value: str, hint: str, error: str, kind: str = "text", limit: int = 0) -> FieldView:
    found = [problem(f"meta-{key}", f"library.{key}", "doc", error)] if error else []
    length = (len(value), limit) if limit else None
    return FieldView(f"meta-{key}", label, kind, hint, value, problems=found, length=length, name=f"meta:{key}")


async def respond(
    request: Request, item: Item, screen: Screen | None = None, form: dict[str, str] | None = None
) -> Response:
    """The editor for `item` as `screen` asks: a page, the editor region, or one component's fields."""
    screen = screen or Screen()
    guild = await guild_data(request, item)
    depth = await _depth(request, item)
    problems = [*validate_payload(item.payload), *screen.extra_problems]
    target = None
    if screen.target is None:
        view = editor_view.build(item.payload, problems, guild.lookups, opened_of(request, screen, form, problems))
    else:
        view, target = editor_view.build_fields(item.payload, problems, guild.lookups, screen.target)
    theme = theme_of(request, form)
    context = _context(request, item, screen, view, guild, theme)
    context.update(target=target, depth=depth)
    context.update(live=screen.live)
    context.update(_tree_context(request, item, screen, form, context["item_url"], theme))
    blocks = screen.blocks or _blocks(request, target, screen.live)
    headers = {**screen.headers, "Vary": "HX-Request, HX-Target"}
    return render(request, "builder/editor.html", context, status_code=screen.status, blocks=blocks, headers=headers)


def _blocks(request: Request, target: str | None, live: bool) -> tuple[str, ...]:
    if target is not None:
        return ("oob",) if live else ("fields_fragment", "oob")
    return ("tree_panel",) if switching(request) else ("editor",)


def switching(request: Request) -> bool:
    """A link of the tree section's Outline | JSON switch, followed by htmx: it asks for that section alone."""
    return htmx(request).partial and request.headers.get("hx-target") == "tree"


def tree_view_of(request: Request, screen: Screen, form: dict[str, str] | None) -> str:
    """The outline, or the JSON panel in its place: asked for in the address (`?view=json`), kept by the editor's
    own form while the panel is shown, or answering what was typed in it."""
    chosen = (form or {}).get("view") or request.query_params.get("view", "") or _shown(request)
    return "json" if screen.typed is not None or chosen == "json" else "outline"


def _shown(request: Request) -> str:
    """What the page behind an htmx post shows, by its address (the switch pushes it): most of the editor's
    answers to a button are drawn without the posted form."""
    if request.method == "GET" or not htmx(request).request:
        return ""
    return parse_qs(urlsplit(request.headers.get("hx-current-url", "")).query).get("view", [""])[-1]


def _tree_context(
    request: Request, item: Item, screen: Screen, form: dict[str, str] | None, item_url: str, theme: str
) -> dict[str, Any]:
    tree_view = tree_view_of(request, screen, form)
    typed = screen.typed or (of_draft(item) if tree_view == "json" else None)
    views = {"outline": editor_address(item_url, theme=theme), "json": editor_address(item_url, "json", theme)}
    return {"tree_view": tree_view, "typed": typed, "views": views, "switched": switching(request)}


def editor_address(item_url: str, view: str = "", theme: str = "dark", done: str = "") -> str:
    """The editor with the outline or the JSON panel, the preview in `theme`, saying `done`."""
    asked = (("view", view), ("theme", "" if theme == "dark" else theme), ("done", done))
    query = urlencode([(key, value) for key, value in asked if value])
    return item_url + (f"?{query}" if query else "")


async def page(request: Request, item: Item) -> Response:
    """The editor as a plain GET shows it: kept, since it is drawn from its seed alone (see `app.core.kept`)."""

    async def rendered(headers: dict[str, str]) -> Response:
        return await respond(request, item, Screen(headers=headers))

    return await kept.kept_or_rendered(request, EDITORS, await _seed(request, item), rendered)


async def _seed(request: Request, item: Item) -> str:
    """Everything a plain GET of the editor is drawn from, besides the query, the reader and the CSRF token: the
    entry (its revision stands for its draft: every change of the draft raises it), the undo depth, what the bot
    sees of the guild and who is looking."""
    fields = (item.id, item.revision, item.name, item.ack_text, item.channel_id, item.discord_message_id)
    more = (item.published_at, item.updated_at, item.updated_by_name, item.deleted_at)
    reader = (guild_of(request), request.scope["user"])
    return repr((fields, more, await _depth(request, item), await guild_data(request, item), reader))


async def _depth(request: Request, item: Item) -> drafts.Depth:
    """Read once per request, as the guild's data is."""
    found = request.scope.get("builder.depth")
    if not isinstance(found, drafts.Depth):
        found = request.scope["builder.depth"] = await drafts.depth(need(request, Database), item.id)
    return found


def _context(
    request: Request, item: Item, screen: Screen, view: EditorView, guild: Guild, theme: str
) -> dict[str, Any]:
    chosen = screen.chosen_channel or item.channel_id or ""
    names = {str(c.get("id")): str(c.get("name", "")) for c in guild.channels}
    render_payload = render_modal if item.is_form else render_message
    return {
        "guild": guild_of(request),
        "item": item,
        "view": view,
        "meta": meta_fields(item, screen),
        "preview_html": render_payload(item.payload, guild.context, theme=theme),
        "preview_css": PREVIEW_CSS.exists(),
        "theme": theme,
        "partial": htmx(request).partial,
        "focus": screen.focus,
        "focus_summary": screen.focus_summary or request.query_params.get("done") == "problems",
        "notice": screen.notice or (notice(request) if request.method == "GET" else ""),
        "refusal": screen.refusal,
        "announce": screen.announce,
        "conflict": screen.conflict,
        "diff": screen.conflict.diff if screen.conflict else [],
        "publish_error": screen.publish_error,
        "channel_error": screen.channel_error,
        "channels": guild.channels,
        "channels_known": guild.channels_known,
        "chosen_channel": chosen,
        "published_channel": names.get(item.channel_id or "", ""),
        "version_name": screen.version_name,
        "version_error": screen.version_error,
        "emoji_names": sorted({name for name, _ in guild.context.emojis.values() if name}),
        "form_custom_id": form_custom_id(item.id),
        "library_url": link(request, "library"),
        "item_url": link(request, "editor", item),
        # Each found once here: a route name is looked up through every route of the app.
        "urls": {name: link(request, name, item) for name in ("history", "resolve", "publish", "versions", "json")},
        "edit_url": Markup.escape(link(request, "edit", item)),  # written on every field: escaped once here
        "check_url": Markup.escape(link(request, "check", item)),
        "when": when,
    }
