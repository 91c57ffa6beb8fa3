"""GitHub's OAuth app flow: the authorize page and `POST /login/oauth/access_token`.

Unlike Discord: the redirect may sit below the registered callback (same scheme, host and port); a bad
redirect is reported *to the registered callback*; token errors come with HTTP 200 and an `error` key; the
answer is form-encoded unless the client sends `Accept: application/json`; tokens never expire, have no refresh
token, and at most ten live per user, app and scope (the oldest is revoked).
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from app.settings import EMULATOR_GITHUB_CLIENT_ID, EMULATOR_GITHUB_CLIENT_SECRET
from emulator import fixtures, pages
from emulator.credentials import PKCE_CHALLENGE, form_fields, json_body, s256, same_secret
from emulator.errors import PageError
from emulator.pages import redirect_to
from emulator.state import GITHUB_CODE_SECONDS, GITHUB_TOKENS_PER_SCOPE, AuthCode, State, Token, emulator_state

TROUBLESHOOTING = (
    "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors"
)
ERRORS = {
    "incorrect_client_credentials": "The client_id and/or client_secret passed are incorrect.",
    "bad_verification_code": "The code passed is incorrect or expired.",
    "redirect_uri_mismatch": "The redirect_uri MUST match the registered callback URL for this application.",
    "access_denied": "The user has denied your application access.",
    "invalid_request": "code_challenge_method must be S256 with a valid code_challenge.",
}
TOKEN_ALPHABET = string.ascii_letters + string.digits


def below_callback(redirect_uri: str, callback: str) -> bool:
    """GitHub's rule: same scheme, host and port; the path is the callback's or lies beneath it."""
    given, registered = urlsplit(redirect_uri), urlsplit(callback)
    if (given.scheme, given.netloc) != (registered.scheme, registered.netloc):
        return False
    base = registered.path.rstrip("/")
    return given.path == registered.path or given.path.startswith(f"{base}/")


def parse_scopes(raw: str | None) -> tuple[str, ...]:
    names = (raw or "").replace(",", " ").split()
    return tuple(dict.fromkeys(names))


async def authorize(request: Request) -> Response:
    state, query = emulator_state(request), request.query_params
    if query.get("client_id") != EMULATOR_GITHUB_CLIENT_ID:
        raise PageError(404, "Not Found", "No OAuth app has this client_id.")
    callback = state.config.github_callback_url
    redirect_uri = query.get("redirect_uri") or callback
    if not below_callback(redirect_uri, callback):
        return _error_redirect(callback, "redirect_uri_mismatch", query.get("state"))
    if not _pkce_ok(query):
        return _error_redirect(redirect_uri, "invalid_request", query.get("state"))
    consent = query.get("consent")
    if consent is None:
        people = [(str(u.id), u.login) for u in fixtures.GITHUB_USERS.values()]
        return HTMLResponse(pages.github_consent(query, parse_scopes(query.get("scope")), people))
    if consent != "approve":
        return _error_redirect(redirect_uri, "access_denied", query.get("state"))
    return _approve(state, request, redirect_uri)


def _pkce_ok(query: Mapping[str, str]) -> bool:
    method, challenge = query.get("code_challenge_method"), query.get("code_challenge")
    if method is None and challenge is None:
        return True
    return method == "S256" and challenge is not None and PKCE_CHALLENGE.fullmatch(challenge) is not None


def _error_redirect(uri: str, error: str, state_param: str | None) -> Response:
    return redirect_to(uri, {**_error(error), "state": state_param})


def _approve(state: State, request: Request, redirect_uri: str) -> Response:
    query = request.query_params
    login_as = query.get("login_as", "")
    user = fixtures.GITHUB_USERS.get(int(login_as)) if login_as.isdecimal() else None
    if user is None:
        raise PageError(400, "Unknown user", "login_as must be the id of a fixture GitHub user.")
    code = AuthCode(
        secrets.token_hex(10),
        str(user.id),
        parse_scopes(query.get("scope")),
        query.get("redirect_uri"),
        query.get("code_challenge"),
        state.now() + GITHUB_CODE_SECONDS,
    )
    state.github_codes[code.id] = code
    return redirect_to(redirect_uri, {"code": code.id, "state": query.get("state")})


async def access_token(request: Request) -> Response:
    state = emulator_state(request)
    params = await _params(request)
    answer = _answer(state, params)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse(answer)
    return Response(urlencode(answer), media_type="application/x-www-form-urlencoded; charset=utf-8")


async def _params(request: Request) -> dict[str, str]:
    """GitHub reads the parameters from the query string, a form body or a JSON body."""
    params = dict(request.query_params)
    form = await form_fields(request)
    if form is not None:
        return params | form
    try:
        body = await json_body(request)
    except ValueError:
        body = None
    if isinstance(body, dict):
        params |= {k: v for k, v in body.items() if isinstance(v, str)}
    return params


def _answer(state: State, params: Mapping[str, str]) -> dict[str, str]:
    if params.get("client_id") != EMULATOR_GITHUB_CLIENT_ID or not same_secret(
        params.get("client_secret"), EMULATOR_GITHUB_CLIENT_SECRET
    ):
        return _error("incorrect_client_credentials")
    code = state.github_codes.get(params.get("code", ""))
    if code is None or code.used or code.expires_at <= state.now():
        return _error("bad_verification_code")
    code.used = True
    if not _same_redirect(state, code, params.get("redirect_uri")):
        return _error("redirect_uri_mismatch")
    verifier = params.get("code_verifier")
    if code.challenge is not None and (verifier is None or s256(verifier) != code.challenge):
        return _error("bad_verification_code")
    return _issue(state, code.user_id, code.scopes)


def _same_redirect(state: State, code: AuthCode, given: str | None) -> bool:
    if given is None:
        return True
    if code.redirect_uri is not None:
        return given == code.redirect_uri
    return below_callback(given, state.config.github_callback_url)


def _error(error: str) -> dict[str, str]:
    anchor = error.replace("_", "-")
    return {"error": error, "error_description": ERRORS[error], "error_uri": f"{TROUBLESHOOTING}#{anchor}"}


def _issue(state: State, user_id: str, scopes: tuple[str, ...]) -> dict[str, str]:
    now = state.now()
    live = [t for t in state.github_tokens.values() if t.user_id == user_id and t.scopes == scopes and not t.revoked_at]
    for old in live[: max(0, len(live) - GITHUB_TOKENS_PER_SCOPE + 1)]:  # oldest first: dicts keep order
        old.revoked_at, old.revoked_reason = now, "more than ten tokens for this scope"
    secret = "gho_" + "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(36))
    state.github_tokens[secret] = Token(state.next_id("gh-token-"), "github", user_id, scopes, now)
    return {"access_token": secret, "token_type": "bearer", "scope": ",".join(scopes)}


routes = [
    Route("/github/login/oauth/authorize", authorize, methods=["GET"]),
    Route("/github/login/oauth/access_token", access_token, methods=["POST"]),
]
