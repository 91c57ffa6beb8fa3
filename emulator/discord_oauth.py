"""Discord OAuth2: the authorize page, the token endpoint (codes, PKCE, rotating refresh tokens) and revoke.

Faithful on purpose where clients go wrong: the redirect URI must match a registered one exactly (otherwise an
error page, no redirect); codes are single use and live about 100 s; the token endpoint reads only form bodies;
each refresh token works once; revoking any token ends the user's whole grant.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from app.settings import EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET
from emulator import fixtures, pages, permissions
from emulator.credentials import (
    PKCE_CHALLENGE,
    PKCE_VERIFIER,
    basic_credentials,
    form_fields,
    s256,
    same_secret,
)
from emulator.errors import OAuthError, PageError
from emulator.pages import redirect_to
from emulator.state import (
    DISCORD_ACCESS_SECONDS,
    DISCORD_CODE_SECONDS,
    AuthCode,
    Grant,
    State,
    Token,
    emulator_state,
    new_secret,
)

KNOWN_SCOPES = frozenset(
    {
        "identify",
        "email",
        "guilds",
        "guilds.join",
        "guilds.members.read",
        "connections",
        "bot",
        "applications.commands",
        "applications.commands.permissions.update",
        "role_connections.write",
        "messages.read",
        "openid",
        "webhook.incoming",
        "gdm.join",
        "rpc",
        "activities.read",
    }
)
DENIED = "The resource owner or authorization server denied the request"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


async def authorize(request: Request) -> Response:
    state, query = emulator_state(request), request.query_params
    if query.get("client_id") != EMULATOR_CLIENT_ID:
        raise PageError(400, "Unknown application", "The client_id does not name a known application.")
    scopes = tuple(query.get("scope", "").split())
    redirect_uri = _registered_redirect(state, query.get("redirect_uri"), scopes)
    problem = _request_problem(query, scopes, redirect_uri is not None)
    if problem is not None and redirect_uri is not None:
        error, description = problem
        params = {"error": error, "error_description": description, "state": query.get("state")}
        return redirect_to(redirect_uri, params)
    if problem is not None:
        raise PageError(400, "Invalid request", problem[1])
    consent = query.get("consent")
    if consent is None:
        people = [(u.id, u.global_name or u.username) for u in fixtures.USERS.values()]
        return HTMLResponse(pages.discord_consent(query, scopes, people))
    if consent != "approve":
        return _denied(redirect_uri, query.get("state"))
    return _approve(state, request, scopes, redirect_uri)


def _registered_redirect(state: State, redirect_uri: str | None, scopes: tuple[str, ...]) -> str | None:
    if redirect_uri is None and set(scopes) <= {"bot", "applications.commands"}:
        return None  # a bot-only invite may end on Discord's own page
    if redirect_uri not in state.config.discord_redirect_uris:
        raise PageError(400, "Invalid OAuth2 redirect_uri", "The redirect_uri is not registered for this application.")
    return redirect_uri


def _request_problem(query: Mapping[str, str], scopes: tuple[str, ...], wants_code: bool) -> tuple[str, str] | None:
    if not scopes or not set(scopes) <= KNOWN_SCOPES:
        return "invalid_scope", "The requested scope is invalid, unknown, or malformed."
    if wants_code and query.get("response_type") != "code":
        return "unsupported_response_type", "Only response_type=code is supported."
    method, challenge = query.get("code_challenge_method"), query.get("code_challenge")
    if method is None and challenge is None:
        return None
    if method != "S256":
        return "invalid_request", "code_challenge_method must be S256."
    if challenge is None or not PKCE_CHALLENGE.fullmatch(challenge):
        return "invalid_request", "code_challenge must be a base64url SHA-256 digest (43 characters)."
    return None


def _denied(redirect_uri: str | None, state_param: str | None) -> Response:
    if redirect_uri is None:
        return HTMLResponse(pages.error("Cancelled", "You cancelled the authorization."))
    return redirect_to(redirect_uri, {"error": "access_denied", "error_description": DENIED, "state": state_param})


def _approve(state: State, request: Request, scopes: tuple[str, ...], redirect_uri: str | None) -> Response:
    query = request.query_params
    user = fixtures.discord_user(query.get("login_as", ""))
    if user is None:
        raise PageError(400, "Unknown user", "login_as must be the id of a fixture user.")
    granted = _granted_scopes(scopes, query.get("grant_scope"))
    extra: dict[str, str | None] = {}
    if "bot" in scopes:
        extra = _add_bot(state, user.id, query.get("guild_id"), query.get("permissions"))
    if redirect_uri is None:
        return HTMLResponse(pages.bot_added(state.guilds[str(extra["guild_id"])].fixture.name))
    code = AuthCode(
        new_secret(), user.id, granted, redirect_uri, query.get("code_challenge"), state.now() + DISCORD_CODE_SECONDS
    )
    state.discord_codes[code.id] = code
    return redirect_to(redirect_uri, {"code": code.id, "state": query.get("state"), **extra})


def _granted_scopes(asked: tuple[str, ...], narrowed: str | None) -> tuple[str, ...]:
    """The scopes the user grants: all asked for, or the subset given as `grant_scope` (to test narrowing)."""
    if narrowed is None:
        return asked
    granted = tuple(narrowed.split())
    if not set(granted) <= set(asked):
        raise PageError(400, "Invalid grant_scope", "grant_scope must be a subset of the requested scope.")
    return granted


def _add_bot(state: State, user_id: str, guild_id: str | None, bits: str | None) -> dict[str, str | None]:
    guild = state.guilds.get(guild_id or "")
    if guild is None:
        raise PageError(400, "Choose a server", "A bot invite needs guild_id naming a fixture guild.")
    if user_id not in guild.members or not permissions.can_manage(guild.permissions_of(user_id)):
        raise PageError(403, "Missing permission", "You need Manage Server in that server to add a bot.")
    guild.bot_present = True
    return {"guild_id": guild.fixture.id, "permissions": bits or "0"}


async def token(request: Request) -> Response:
    state = emulator_state(request)
    form = await form_fields(request)
    if form is None:
        # Discord never parses a JSON body here, so it sees no grant type at all.
        raise OAuthError(400, "unsupported_grant_type", "Grant type None is not supported")
    _authenticate_client(request, form)
    grant_type = form.get("grant_type")
    if grant_type == "authorization_code":
        return JSONResponse(_exchange_code(state, form), headers=NO_STORE)
    if grant_type == "refresh_token":
        return JSONResponse(_refresh(state, form), headers=NO_STORE)
    raise OAuthError(400, "unsupported_grant_type", f"Grant type {grant_type} is not supported")


def _authenticate_client(request: Request, form: Mapping[str, str]) -> None:
    client_id, secret = basic_credentials(request) or (form.get("client_id"), form.get("client_secret"))
    if client_id != EMULATOR_CLIENT_ID or not same_secret(secret, EMULATOR_CLIENT_SECRET):
        raise OAuthError(401, "invalid_client", "Invalid client credentials.")


def _invalid_grant(field: str) -> OAuthError:
    return OAuthError(400, "invalid_grant", f'Invalid "{field}" in request.')


def _exchange_code(state: State, form: Mapping[str, str]) -> dict[str, object]:
    code = state.discord_codes.get(form.get("code", ""))
    if code is None or code.used or code.expires_at <= state.now():
        raise _invalid_grant("code")
    code.used = True  # one attempt per code, right or wrong, as a stolen code must not be retried
    if form.get("redirect_uri") != code.redirect_uri:
        raise _invalid_grant("redirect_uri")
    _check_verifier(code.challenge, form.get("code_verifier"))
    return _issue(state, code.user_id, code.scopes)


def _check_verifier(challenge: str | None, verifier: str | None) -> None:
    if challenge is None:
        if verifier is not None:
            raise _invalid_grant("code_verifier")
        return
    if verifier is None:
        raise OAuthError(400, "invalid_request", 'Missing "code_verifier".')
    if not PKCE_VERIFIER.fullmatch(verifier):
        raise OAuthError(400, "invalid_request", "code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~].")
    if s256(verifier) != challenge:
        raise _invalid_grant("code_verifier")


def _refresh(state: State, form: Mapping[str, str]) -> dict[str, object]:
    old = state.discord_tokens.get(form.get("refresh_token", ""))
    if old is None or old.kind != "refresh" or old.revoked_at is not None or old.used_at is not None:
        raise _invalid_grant("refresh_token")
    old.used_at = state.now()  # rotation: this refresh token is spent, its successor comes back below
    return _issue(state, old.user_id, old.scopes)


def _issue(state: State, user_id: str, scopes: tuple[str, ...]) -> dict[str, object]:
    now = state.now()
    grant = state.active_grant(user_id)
    if grant is None:
        grant = Grant(state.next_id("grant-"), user_id, now)
        state.grants[grant.id] = grant
    access, refresh = new_secret(), new_secret()
    state.discord_tokens[access] = Token(
        state.next_id("token-"), "access", user_id, scopes, now, now + DISCORD_ACCESS_SECONDS, grant.id
    )
    state.discord_tokens[refresh] = Token(state.next_id("token-"), "refresh", user_id, scopes, now, None, grant.id)
    return {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": DISCORD_ACCESS_SECONDS,
        "refresh_token": refresh,
        "scope": " ".join(scopes),
    }


async def revoke(request: Request) -> Response:
    state = emulator_state(request)
    form = await form_fields(request)
    if form is None:
        raise OAuthError(400, "invalid_request", "The body must be form-encoded.")
    _authenticate_client(request, form)
    found = state.discord_tokens.get(form.get("token", ""))
    grant = state.grants.get(found.grant_id or "") if found else None
    if grant is not None and grant.revoked_at is None:
        state.revoke_grant(grant, "revoked by the client")
    return JSONResponse({})  # unknown tokens too, as RFC 7009 asks


routes = [
    Route("/discord/oauth2/authorize", authorize, methods=["GET"]),
    Route("/discord/api/v10/oauth2/token", token, methods=["POST"]),
    Route("/discord/api/v10/oauth2/token/revoke", revoke, methods=["POST"]),
]
