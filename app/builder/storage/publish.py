"""Publishing a message as the bot: send it (or update the one sent before) and turn Discord's answer into what
the editor shows.

The body sent is exactly the export: the draft with its flags. A 50035 is mapped onto the draft's own paths with
`problems_from_discord`, so Discord's verdict lands on the field it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from databases import Database

from app.builder.storage.library import Item
from app.components.discord_verdict import problems_from_discord
from app.components.problems import Problem
from app.core import db
from app.discord import errors
from app.discord.client import Discord

THROTTLE_LIMIT = 2
THROTTLE_WINDOW = 5
Mode = Literal["new", "update"]


@dataclass(frozen=True)
class Sent:
    channel_id: str
    message_id: str


@dataclass(frozen=True)
class Refused:
    """Discord did not take the message; what to tell the person, and where."""

    status: int
    message: str
    problems: list[Problem] = field(default_factory=list)
    channel_problem: bool = False
    retry_after: int = 0


def throttle_key(user_id: int, guild_id: str) -> str:
    return f"builder.publish:{user_id}:{guild_id}"


async def send(discord: Discord, item: Item, channel_id: str, mode: Mode) -> Sent | Refused:
    """POST a new message, or PATCH the one published before, as the bot."""
    path = f"/channels/{channel_id}/messages"
    method = "POST"
    if mode == "update":
        method, path = "PATCH", f"{path}/{item.discord_message_id}"
    try:
        answer: Any = await discord.request(method, path, json=item.payload)
    except errors.DiscordError as failure:
        return refusal(failure)
    message_id = answer.get("id") if isinstance(answer, dict) else None
    return Sent(channel_id, str(message_id or item.discord_message_id or ""))


def refusal(failure: errors.DiscordError) -> Refused:
    if isinstance(failure, errors.InvalidFormBody):
        found = problems_from_discord(failure.errors)
        return Refused(422, "Discord refused the message. Its reasons are marked at the fields below.", found)
    if isinstance(failure, errors.RateLimited):
        wait = max(1, round(failure.retry_after))
        return Refused(429, f"Discord asks to wait {wait} seconds before sending again.", retry_after=wait)
    if isinstance(failure, errors.Forbidden):
        return Refused(
            422,
            "The bot may not post in that channel. Give it the View Channel and Send Messages "
            "permissions there, or pick another channel.",
            channel_problem=True,
        )
    if isinstance(failure, errors.NotFound):
        return _not_found(failure)
    if isinstance(failure, errors.TimedOut):
        return Refused(
            504,
            "Discord did not answer in time, so Guildhall cannot tell whether the message was posted. "
            "Look in the channel before you publish again.",
            retry_after=5,
        )
    if isinstance(failure, errors.Unavailable):
        return Refused(
            503, "Discord is not answering right now; nothing was sent. Try again in a moment.", retry_after=5
        )
    return Refused(502, f"Discord refused the message: {failure.message[:200]}")


def _not_found(failure: errors.DiscordError) -> Refused:
    if failure.code == 10008:
        return Refused(409, "The published message no longer exists in Discord. Publish it as a new message.")
    return Refused(422, "That channel no longer exists. Pick another one.", channel_problem=True)


async def remember(database: Database, item: Item, sent: Sent) -> None:
    await database.execute(
        "UPDATE builder_items SET channel_id = :c, discord_message_id = :m, published_at = :t "
        "WHERE id = :i AND guild_id = :g",
        {"c": sent.channel_id, "m": sent.message_id, "t": db.now(), "i": item.id, "g": item.guild_id},
    )
