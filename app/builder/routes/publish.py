"""POST /messages/{id}/publish: save what was typed, check the draft, the channel and the pace, then send.

A refusal is the editor again with the reason beside what caused it: the channel field, the fields Discord
named, or the summary of the draft's own problems.
"""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.builder.editor.posted_form import Taken, answers_conflicts, saved_from_form
from app.builder.editor.render import Screen, respond
from app.builder.request_context import link, record, user_id
from app.builder.storage import history, publish
from app.builder.storage.library import Item
from app.components.validate import errors, validate_payload
from app.core import htmx, throttle
from app.core.registry import need
from app.discord.client import Discord

NO_CHANNEL = "Pick one of the server's text channels."
CHANNELS_UNKNOWN = (
    "Guildhall could not read this server's channels from Discord just now, so nothing was sent. "
    "Your draft is saved; try again in a moment."
)
NOT_YET = "It has not been published yet: publish it as a new message first."


@answers_conflicts
async def publish_message(request: Request) -> Response:
    saved, taken, form = await saved_from_form(request)
    mode: publish.Mode = "update" if form.get("mode") == "update" else "new"
    channel_id = (saved.channel_id or "") if mode == "update" else form.get("channel_id", "")
    refused = await _check(request, saved, taken, mode, channel_id)
    if refused is not None:
        return await respond(request, saved, refused, form)
    return await _send(request, saved, mode, channel_id, form)


async def _check(request: Request, item: Item, taken: Taken, mode: str, channel_id: str) -> Screen | None:
    """Why the draft cannot be sent now, or None when it can."""
    if item.is_form:
        return _screen(422, "A form is not published: a button opens it.", channel_id)
    if mode == "update" and not item.discord_message_id:
        return _screen(409, NOT_YET, channel_id)
    if not taken.guild.channels_known:
        return _screen(503, CHANNELS_UNKNOWN, channel_id, headers={"Retry-After": "5"})
    if channel_id not in {str(c.get("id")) for c in taken.guild.channels}:
        return _screen(422, NO_CHANNEL, channel_id, channel_error=NO_CHANNEL)
    count = len(errors(validate_payload(item.payload)))
    if count:
        message = f"Fix the {count} {'problem' if count == 1 else 'problems'} listed above first; nothing was sent."
        return _screen(422, message, channel_id, focus_summary=True)
    return await _paced(request, item, channel_id)


def _screen(status: int, message: str, channel_id: str, **extra: Any) -> Screen:
    return Screen(status=status, publish_error=message, chosen_channel=channel_id, **extra)


async def _paced(request: Request, item: Item, channel_id: str) -> Screen | None:
    key = publish.throttle_key(user_id(request), item.guild_id)
    decision = await throttle.hit(need(request, Database), key, publish.THROTTLE_LIMIT, publish.THROTTLE_WINDOW)
    if decision.allowed:
        return None
    wait = decision.retry_after
    message = (
        f"You can publish {publish.THROTTLE_LIMIT} times every {publish.THROTTLE_WINDOW} seconds. "
        f"Try again in {wait} {'second' if wait == 1 else 'seconds'}."
    )
    return _screen(429, message, channel_id, headers={"Retry-After": str(wait)})


async def _send(request: Request, item: Item, mode: publish.Mode, channel_id: str, form: dict[str, str]) -> Response:
    database = need(request, Database)
    result = await publish.send(need(request, Discord), item, channel_id, mode)
    if isinstance(result, publish.Refused):
        await record(request, "builder.publish_failed", item, channel_id=channel_id, status=result.status)
        return await respond(request, item, _refused_screen(result, channel_id), form)
    await publish.remember(database, item, result)
    reason: history.Reason = "updated" if mode == "update" else "published"
    await history.save(
        database, item, "", reason, user_id(request), channel_id=result.channel_id, message_id=result.message_id
    )
    action = "builder.publish_updated" if mode == "update" else "builder.published"
    await record(request, action, item, channel_id=result.channel_id, message_id=result.message_id)
    done = "updated" if mode == "update" else "published"
    return htmx.redirect(request, link(request, "editor", item, done=done))


def _refused_screen(result: publish.Refused, channel_id: str) -> Screen:
    headers = {"Retry-After": str(result.retry_after)} if result.retry_after else {}
    channel_error = result.message if result.channel_problem else ""
    return _screen(
        result.status,
        result.message,
        channel_id,
        extra_problems=result.problems,
        channel_error=channel_error,
        headers=headers,
    )


routes = [Route("/messages/{message_id:id}/publish", publish_message, methods=["POST"], name="builder.publish")]
