"""Share links: managers make and revoke them under the guild (`/messages/{id}/shares`); anyone holding one opens
the read-only preview and JSON at `/shared/{token}` without signing in.

The token is the row id signed with the secret key (itsdangerous), so links cannot be guessed or forged; whether
it still opens is the row's business (expiry, revocation, the entry not in the bin), checked at every view.
"""

from __future__ import annotations

from typing import Any

from databases import Database
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.accounts.forms import ident
from app.builder.request_context import (
    guild_of,
    library_url,
    link,
    load_item,
    read_form,
    record,
    user_id,
    when,
)
from app.builder.storage import library, shares
from app.builder.storage.library import Item
from app.components import payload_json as json_io
from app.components.starters import form_custom_id
from app.components.validate import validate_payload
from app.core import htmx
from app.core.errors import NotFound
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render
from app.discord.errors import DiscordError
from app.guilds.bot import BotView
from app.preview import GuildContext, bot_author, names_of, render_message, render_modal
from app.settings import Settings

SALT = "guildhall.share-link"
GONE = "This link does not open (any more): it may have expired or been revoked. Ask for a new one."
NOTICES = {
    "shared": "Link made: anyone who has it can see the preview and the JSON until it expires.",
    "revoked": "Link revoked: it no longer opens.",
    "too_many": f"This draft already has {shares.MAX_ACTIVE} open links: revoke one first.",
}
THEMES = ("dark", "light")


def _signer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(need(request, Settings).secret_key, salt=SALT)


def link_to(request: Request, share_id: int) -> str:
    """The address to hand out: on BASE_URL, the dashboard's public address, whatever host this request came by."""
    path = path_for(request, "shared", token=_signer(request).dumps(share_id))
    return need(request, Settings).base_url.rstrip("/") + path


def _share_id(request: Request, token: str) -> int:
    try:
        found = _signer(request).loads(token)
    except BadSignature:
        raise NotFound(GONE) from None
    if type(found) is not int:
        raise NotFound(GONE)
    return found


async def panel(request: Request, item: Item, *, done: str = "") -> Response:
    """The entry's open links with their revoke buttons, and the form that makes one: a page, or the panel alone."""
    found = await shares.active(need(request, Database), item.id)
    context: dict[str, Any] = {
        "guild": guild_of(request),
        "item": item,
        "ids": {"guild_id": item.guild_id, "message_id": item.id},
        "links": [(share, link_to(request, share.id)) for share in found],
        "lifetimes": shares.LIFETIMES,
        "notice": NOTICES.get(done, ""),
        "library_url": library_url(request),
        "item_url": link(request, "editor", item),
        "when": when,
    }
    return render(request, "builder/shares.html", context, blocks=("share_panel",))


async def show(request: Request) -> Response:
    return await panel(request, await load_item(request), done=request.query_params.get("done", ""))


async def create(request: Request) -> Response:
    item = await load_item(request)
    form = await read_form(request)
    days = ident(form.get("days", ""))
    lifetime = days if days in shares.LIFETIMES else 7
    try:
        share_id = await shares.create(need(request, Database), item, user_id(request), lifetime)
    except shares.TooMany:
        return await _back(request, item, "too_many")
    await record(request, "builder.shared", item, share=share_id, days=lifetime)
    return await _back(request, item, "shared")


async def revoke(request: Request) -> Response:
    item = await load_item(request)
    share_id = ident((await read_form(request)).get("share", ""))
    # Revoking a link that no longer opens changes nothing, and says the same: it does not open.
    if share_id is not None and await shares.revoke(need(request, Database), item, share_id):
        await record(request, "builder.share_revoked", item, share=share_id)
    return await _back(request, item, "revoked")


async def _back(request: Request, item: Item, done: str) -> Response:
    """After a change: the panel again for htmx, else back to the page, which says what happened."""
    if htmx.htmx(request).partial:
        return await panel(request, item, done=done)
    url = path_for(request, "guild_pages:builder.shares", guild_id=item.guild_id, message_id=item.id)
    return htmx.redirect(request, f"{url}?done={done}")


async def shared(request: Request) -> Response:
    """The read-only page behind a link: the entry's preview and JSON, for anyone, while the link opens."""
    database = need(request, Database)
    opened = await shares.opened(database, _share_id(request, request.path_params["token"]))
    if opened is None:
        raise NotFound(GONE)
    share, item = opened
    theme = request.query_params.get("theme", "dark")
    drawn = render_modal if item.is_form else render_message
    problems = validate_payload(item.payload)
    context = {
        "item": item,
        "share": share,
        "preview_html": drawn(item.payload, await _guild_context(request, item), theme=theme),
        "export": json_io.export_text(item.payload),
        "problems": problems,
        "refused": any(found.severity == "error" for found in problems),
        "theme": theme if theme in THEMES else "dark",
    }
    # The token is in the address: no page of ours passes it on, and no search engine keeps it.
    headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}
    return render(request, "builder/shared.html", context, headers=headers)


async def _guild_context(request: Request, item: Item) -> GuildContext:
    """The guild's names as the bot sees them (cached); a guild Discord cannot read right now shows ids unnamed."""
    bot, settings = need(request, BotView), need(request, Settings)
    lists = []
    for read in (bot.channels, bot.roles, bot.emojis):
        try:
            lists.append(await read(item.guild_id))
        except DiscordError:  # a read-only page shows what it can rather than fail
            lists.append([])
    forms = await library.forms(need(request, Database), item.guild_id)
    return GuildContext(
        guild_id=item.guild_id,
        cdn_base=settings.discord_cdn_base,
        forms={form_custom_id(f["id"]): f["title"] or f["name"] for f in forms},
        **names_of(*lists),
        **bot_author(await bot.user(), settings.discord_cdn_base),
    )


guild_routes = [
    Route("/messages/{message_id:id}/shares", show, methods=["GET"], name="builder.shares"),
    Route("/messages/{message_id:id}/shares", create, methods=["POST"], name="builder.share_create"),
    Route("/messages/{message_id:id}/shares/revoke", revoke, methods=["POST"], name="builder.share_revoke"),
]
public_routes = [Route("/shared/{token}", shared, methods=["GET"], name="shared")]
