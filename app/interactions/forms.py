"""Panels that open forms: a `gh:form:<id>` button click answers with that form as a modal, and the submission is
kept as a response and acknowledged privately with the text the guild's managers wrote."""

from __future__ import annotations

import json
from typing import Any

from databases import Database
from starlette.requests import Request

from app.builder.storage.library import form_id_of
from app.components.starters import form_custom_id
from app.components.validate import errors, validate_modal
from app.core.registry import need
from app.discord import interactions as responses
from app.discord.interactions import discord_user
from app.responses import store
from app.tickets import intake

GONE = "This form is no longer available. A manager of this server may have removed it."
NOT_READY = "This form is not ready yet: a manager of this server still has problems to fix in it."
DEFAULT_ACK = "Thank you: your answer has been received."


async def _form(database: Database, interaction: dict[str, Any]) -> dict[str, Any] | None:
    """The guild's own form named by the custom_id; a panel never opens another guild's form."""
    data = interaction.get("data")
    form_id = form_id_of(data.get("custom_id")) if isinstance(data, dict) else None
    guild_id = interaction.get("guild_id")
    if form_id is None or not isinstance(guild_id, str):
        return None
    found = await database.fetch_one(
        "SELECT id, guild_id, payload, ack_text FROM builder_items "
        "WHERE id = :i AND guild_id = :g AND kind = 'form' AND deleted_at IS NULL",
        {"i": form_id, "g": guild_id},
    )
    return None if found is None else dict(found._mapping)


async def open_form(request: Request, interaction: dict[str, Any]) -> dict[str, Any]:
    form = await _form(need(request, Database), interaction)
    if form is None:
        return responses.ephemeral(GONE)
    payload = json.loads(form["payload"])
    modal = {**payload, "custom_id": form_custom_id(form["id"])} if isinstance(payload, dict) else payload
    if errors(validate_modal(modal)):
        return responses.ephemeral(NOT_READY)
    return responses.modal(modal)


async def submit_form(request: Request, interaction: dict[str, Any]) -> dict[str, Any]:
    database = need(request, Database)
    form = await _form(database, interaction)
    if form is None:
        return responses.ephemeral(GONE)
    answers = store.submitted_values(interaction["data"].get("components"))
    await store.keep(
        database,
        form_id=form["id"],
        guild_id=form["guild_id"],
        user=discord_user(interaction),
        answers=answers,
    )
    number = await intake.from_form(database, form, interaction, answers)
    answer = responses.ephemeral(form["ack_text"].strip() or DEFAULT_ACK)
    answer["data"]["components"][0]["components"].append({"type": 10, "content": f"-# Your ticket: #{number}"})
    return answer
