"""Working one ticket: claim, release, hand over, labels, notes, replies (and their retry), close, reopen, the
transcript, the bin. Every form posts the ticket's revision; a change made meanwhile by someone else is a 409
with the ticket as it is now. Success answers 303 back to where the form was (Post/Redirect/Get)."""

from __future__ import annotations

from databases import Database
from starlette.requests import Request
from starlette.responses import Response

from app.core import activity, db, htmx
from app.core.registry import need
from app.discord.client import Discord
from app.tickets import actions, changes, events, pages, replies, transcript
from app.tickets.board_routes import after_close, conflict, done
from app.tickets.measures import WeeklyRatings
from app.tickets.model import MESSAGE_MAX, REASON_MAX, parse_labels
from app.tickets.team import team
from app.tickets.ticket_page import ticket_page


async def page(request: Request) -> Response:
    return await ticket_page(request)


async def _apply(request: Request, posted: dict[str, str], change: actions.Change) -> Response | None:
    """Apply `change` as of the posted revision: None when done, the conflict page when not."""
    ticket = await pages.ticket_of(request)
    if await actions.apply(need(request, Database), ticket, pages.revision_of(posted), change, pages.actor(request)):
        return None
    return await conflict(request, posted, ticket["number"])


async def claim(request: Request) -> Response:
    posted = await pages.fields(request)
    user = request.scope["user"]
    number = request.path_params["number"]
    if posted.get("action") == "release":
        return await _apply(request, posted, changes.release()) or done(
            request, posted, number, f"Ticket #{number} released."
        )
    change = changes.claim(user.user_id, user.username)
    return await _apply(request, posted, change) or done(request, posted, number, f"You claimed ticket #{number}.")


async def hand_over(request: Request) -> Response:
    posted = await pages.fields(request)
    chosen = posted.get("user_id", "")
    members = {str(m["id"]): m["username"] for m in await team(need(request, Database), request.scope["guild"].id)}
    if chosen not in members:
        errors = {"user_id": "Choose someone from the list."}
        return await ticket_page(request, status=422, errors=errors, values=posted)
    number = request.path_params["number"]
    change = changes.hand_over(int(chosen), members[chosen])
    return await _apply(request, posted, change) or done(
        request, posted, number, f"Ticket #{number} handed to {members[chosen]}."
    )


async def labels(request: Request) -> Response:
    posted = await pages.fields(request)
    chosen, problem = parse_labels(posted.get("labels", ""))
    if problem:
        return await ticket_page(request, status=422, errors={"labels": problem}, values=posted)
    number = request.path_params["number"]
    return await _apply(request, posted, changes.set_labels(chosen)) or done(request, posted, number, "Labels saved.")


async def close(request: Request) -> Response:
    posted = await pages.fields(request)
    reason = posted.get("reason", "").strip()
    if not reason or len(reason) > REASON_MAX:
        problem = f"Say in 1 to {REASON_MAX} characters why the ticket is closed."
        return await ticket_page(request, status=422, errors={"reason": problem}, values=posted)
    ticket = await pages.ticket_of(request)
    refused = await _apply(request, posted, changes.move(ticket, "closed", db.now(), reason))
    if refused is None:
        await after_close(request, ticket)
    return refused or done(request, posted, ticket["number"], f"Ticket #{ticket['number']} closed.")


async def reopen(request: Request) -> Response:
    posted = await pages.fields(request)
    ticket = await pages.ticket_of(request)
    if ticket["status"] != "closed":
        return done(request, posted, ticket["number"], "The ticket is open.")
    change = changes.move(ticket, "open", db.now())
    return await _apply(request, posted, change) or done(
        request, posted, ticket["number"], f"Ticket #{ticket['number']} reopened."
    )


async def note(request: Request) -> Response:
    posted = await pages.fields(request)
    text = posted.get("note", "").strip()
    if not text or len(text) > MESSAGE_MAX:
        problem = f"Write a note of 1 to {MESSAGE_MAX} characters."
        return await ticket_page(request, status=422, errors={"note": problem}, values=posted)
    ticket = await pages.ticket_of(request)
    database, actor = need(request, Database), pages.actor(request)
    await events.add(database, ticket["id"], "note", user_id=actor.user_id, body=text)
    await actions.touch_ticket(database, ticket)
    await activity.record(
        database,
        "tickets.noted",
        user_id=actor.user_id,
        guild_id=ticket["guild_id"],
        ip=actor.ip,
        ticket=ticket["number"],
    )
    return htmx.redirect(request, f"{pages.ticket_url(request, ticket['number'])}#timeline")


async def reply(request: Request) -> Response:
    posted = await pages.fields(request)
    text = posted.get("reply", "").strip()
    if not text or len(text) > MESSAGE_MAX - 120:
        problem = f"Write a reply of 1 to {MESSAGE_MAX - 120} characters."
        return await ticket_page(request, status=422, errors={"reply": problem}, values=posted)
    ticket = await pages.ticket_of(request)
    await replies.reply(
        need(request, Database),
        need(request, Discord),
        ticket,
        text,
        user_id=request.scope["user"].user_id,
        guild_name=request.scope["guild"].name,
        wait=posted.get("wait") == "1",
    )
    return htmx.redirect(request, f"{pages.ticket_url(request, ticket['number'])}#timeline")


async def retry(request: Request) -> Response:
    ticket = await pages.ticket_of(request)
    sent = await replies.retry(
        need(request, Database),
        need(request, Discord),
        ticket,
        request.path_params["event_id"],
        guild_name=request.scope["guild"].name,
    )
    if sent is None:
        return await ticket_page(request, status=409, message="That reply has been delivered, or is being sent.")
    actor = pages.actor(request)
    await activity.record(
        need(request, Database),
        "tickets.reply_retried",
        user_id=actor.user_id,
        guild_id=ticket["guild_id"],
        ip=actor.ip,
        ticket=ticket["number"],
        delivered=not sent,
    )
    return htmx.redirect(request, f"{pages.ticket_url(request, ticket['number'])}#timeline")


async def download(request: Request) -> Response:
    ticket = await pages.ticket_of(request)
    timeline = await events.timeline(need(request, Database), ticket["id"])
    text = transcript.text(request.scope["guild"].name, ticket, timeline)
    filename = f"ticket-{ticket['number']}.txt"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(text, media_type="text/plain; charset=utf-8", headers=headers)


async def to_bin(request: Request) -> Response:
    ticket = await pages.ticket_of(request)
    await _bin(request, ticket, binned=True)
    return htmx.redirect(request, pages.board_url(request))


async def restore(request: Request) -> Response:
    ticket = await pages.ticket_of(request, binned=True)
    await _bin(request, ticket, binned=False)
    return htmx.redirect(request, pages.ticket_url(request, ticket["number"]))


async def _bin(request: Request, ticket: dict[str, object], *, binned: bool) -> None:
    database, actor = need(request, Database), pages.actor(request)
    await database.execute(
        "UPDATE tickets SET deleted_at = :t, revision = revision + 1 WHERE id = :i",
        {"t": db.now() if binned else None, "i": ticket["id"]},
    )
    need(request, WeeklyRatings).forget(str(ticket["guild_id"]))  # a binned ticket's rating no longer counts
    await events.add(database, int(str(ticket["id"])), "binned" if binned else "restored", user_id=actor.user_id)
    await actions.touch_board(database, str(ticket["guild_id"]))
    action = "tickets.binned" if binned else "tickets.restored"
    await activity.record(
        database, action, user_id=actor.user_id, guild_id=str(ticket["guild_id"]), ip=actor.ip, ticket=ticket["number"]
    )
