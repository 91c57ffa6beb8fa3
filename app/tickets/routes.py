"""The ticket pages, below `/guilds/{guild_id}`: guild managers and members holding `tickets` may use them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from app.guilds.guard import opens_to
from app.tickets import board_routes, settings_routes, ticket_routes

PERMISSION = "tickets"
_T = "/tickets/{number:id}"
Endpoint = Callable[[Request], Awaitable[Response]]


def _route(path: str, endpoint: Endpoint, name: str, method: str = "POST") -> Route:
    """A page for whoever works the guild's tickets: its managers, and its members holding `tickets`."""
    return Route(path, opens_to(PERMISSION)(endpoint), methods=[method], name=name)


def _managers_only(path: str, endpoint: Endpoint, name: str, method: str = "POST") -> Route:
    """A page that changes how the guild works its tickets: its managers only."""
    return Route(path, endpoint, methods=[method], name=name)


def guild_pages() -> list[BaseRoute]:
    return [
        _route("/tickets", board_routes.board, "tickets", "GET"),
        _managers_only("/tickets/settings", settings_routes.settings_page, "tickets_settings", "GET"),
        _managers_only("/tickets/settings", settings_routes.save_settings, "tickets_settings_save"),
        _route("/tickets/bin", settings_routes.bin_page, "tickets_bin", "GET"),
        _route("/tickets/move", board_routes.board_move, "tickets_move"),
        _route(_T, ticket_routes.page, "ticket", "GET"),
        _route(f"{_T}/transcript.txt", ticket_routes.download, "ticket_transcript", "GET"),
        _route(f"{_T}/move", board_routes.move, "ticket_move"),
        _route(f"{_T}/claim", ticket_routes.claim, "ticket_claim"),
        _route(f"{_T}/hand-over", ticket_routes.hand_over, "ticket_hand_over"),
        _route(f"{_T}/labels", ticket_routes.labels, "ticket_labels"),
        _route(f"{_T}/close", ticket_routes.close, "ticket_close"),
        _route(f"{_T}/reopen", ticket_routes.reopen, "ticket_reopen"),
        _route(f"{_T}/notes", ticket_routes.note, "ticket_note"),
        _route(f"{_T}/replies", ticket_routes.reply, "ticket_reply"),
        _route(f"{_T}/replies/{{event_id:id}}/retry", ticket_routes.retry, "ticket_reply_retry"),
        _route(f"{_T}/delete", ticket_routes.to_bin, "ticket_delete"),
        _route(f"{_T}/restore", ticket_routes.restore, "ticket_restore"),
    ]
