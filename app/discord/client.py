"""Guildhall's Discord client: OAuth2 token work through Authlib, REST calls through one shared httpx2 pool.

Every call is bounded by the configured upstream time-out and every failure becomes one of the exceptions of
`app.discord.errors`, so callers decide what a person sees without touching HTTP.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx2
from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from app.core import tls
from app.discord import errors
from app.settings import Settings

LOGIN_SCOPES = ("identify", "email", "guilds")
# The token endpoint's bucket is the application's, shared by every sign-in: a burst of them meets a 429 of a
# fraction of a second, which is waited out here rather than shown to a person holding a single-use code.
TOKEN_WAIT_AT_MOST = 2.0
TOKEN_TRIES = 3


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str
    expires_at: int
    scopes: tuple[str, ...]


def token_set(reply: dict[str, Any]) -> TokenSet:
    return TokenSet(
        access_token=str(reply["access_token"]),
        refresh_token=str(reply.get("refresh_token", "")),
        expires_at=int(time.time()) + int(reply.get("expires_in", 604800)),
        scopes=tuple(str(reply.get("scope", "")).split()),
    )


def _error(response: httpx2.Response) -> errors.DiscordError:
    try:
        body: Any = response.json()
    except ValueError:
        body = {"message": response.text[:200]}
    body = body if isinstance(body, dict) else {"message": str(body)}
    message, code, status = (
        str(body.get("message", response.reason_phrase)),
        int(body.get("code", 0)),
        response.status_code,
    )
    if status == 429:
        retry = float(body.get("retry_after") or response.headers.get("retry-after") or 1)
        scope = response.headers.get("x-ratelimit-scope", "user")
        return errors.RateLimited(message, retry_after=retry, scope=scope, status=status, code=code, body=body)
    kind = {401: errors.Unauthorized, 403: errors.Forbidden, 404: errors.NotFound}.get(status)
    if kind is None and status == 400 and code == 50035:
        kind = errors.InvalidFormBody
    if kind is None:
        kind = errors.Unavailable if status >= 500 else errors.DiscordError
    return kind(message, status=status, code=code, body=body)


def _refuse_non_oauth_failures(response: httpx2.Response) -> httpx2.Response:
    """Authlib reads any JSON answer as a token; a 429 or a 5xx must become our error, not a token without one."""
    if response.status_code == 429 or response.status_code >= 500:
        raise _error(response)
    return response


class Discord:
    def __init__(self, settings: Settings, http: httpx2.AsyncClient) -> None:
        self.settings = settings
        self.http = http

    def authorize_url(self, *, state: str, verifier: str, scopes: tuple[str, ...], prompt: str = "") -> str:
        params = {
            "response_type": "code",
            "client_id": self.settings.discord_client_id,
            "scope": " ".join(scopes),
            "state": state,
            "redirect_uri": self.settings.discord_redirect_uri,
            "code_challenge": create_s256_code_challenge(verifier),
            "code_challenge_method": "S256",
        }
        if prompt:
            params["prompt"] = prompt
        return f"{self.settings.discord_authorize_url}?{urlencode(params)}"

    def bot_invite_url(self, guild_id: str, permissions: int) -> str:
        params = {
            "client_id": self.settings.discord_client_id,
            "scope": "bot applications.commands",
            "permissions": str(permissions),
            "guild_id": guild_id,
            "disable_guild_select": "true",
        }
        return f"{self.settings.discord_authorize_url}?{urlencode(params)}"

    def _oauth(self) -> AsyncOAuth2Client:
        # A client per operation: Authlib's client keeps the last token on itself, so sharing one between
        # concurrent users could hand one user's token to another.
        client = AsyncOAuth2Client(
            client_id=self.settings.discord_client_id,
            client_secret=self.settings.discord_client_secret,
            timeout=self.settings.upstream_timeout,
            verify=tls.context(),
        )
        client.register_compliance_hook("access_token_response", _refuse_non_oauth_failures)
        client.register_compliance_hook("refresh_token_response", _refuse_non_oauth_failures)
        return client

    async def exchange_code(self, code: str, verifier: str) -> TokenSet:
        async with self._oauth() as oauth:
            reply = await self._token_call(
                lambda: oauth.fetch_token(
                    self._url("/oauth2/token"),
                    grant_type="authorization_code",
                    code=code,
                    redirect_uri=self.settings.discord_redirect_uri,
                    code_verifier=verifier,
                )
            )
        return token_set(reply)

    async def refresh(self, refresh_token: str) -> TokenSet:
        async with self._oauth() as oauth:
            reply = await self._token_call(
                lambda: oauth.refresh_token(self._url("/oauth2/token"), refresh_token=refresh_token)
            )
        return token_set(reply)

    async def revoke(self, token: str) -> None:
        """Revoking either token ends the whole grant."""
        async with self._oauth() as oauth:
            response = await self._guard(oauth.revoke_token(self._url("/oauth2/token/revoke"), token=token))
        if response.status_code >= 400:
            raise _error(response)

    async def _token_call(self, call: Callable[[], Awaitable[Any]]) -> dict[str, Any]:
        tries = 1
        while True:
            try:
                return await self._token_reply(call())
            except errors.RateLimited as exc:
                if tries == TOKEN_TRIES or exc.retry_after > TOKEN_WAIT_AT_MOST:
                    raise
                tries += 1
                await asyncio.sleep(exc.retry_after)

    async def _token_reply(self, call: Awaitable[Any]) -> dict[str, Any]:
        try:
            reply: dict[str, Any] = dict(await self._guard(call))
        except OAuthError as exc:
            raise errors.OAuthFailed(exc.description or exc.error or "token request refused", status=400) from exc
        return reply

    async def _guard(self, call: Any) -> Any:
        try:
            return await call
        except (httpx2.ConnectTimeout, httpx2.PoolTimeout) as exc:  # nothing reached Discord
            raise errors.Unavailable("Discord could not be reached in time.") from exc
        except httpx2.TimeoutException as exc:
            raise errors.TimedOut("Discord did not answer in time.") from exc
        except httpx2.HTTPStatusError as exc:  # Authlib raises these for the token endpoint's failures
            raise _error(exc.response) from exc
        except httpx2.TransportError as exc:
            raise errors.Unavailable("Discord could not be reached.") from exc

    def _url(self, path: str) -> str:
        return f"{self.settings.discord_api_base}{path}"

    async def request(
        self, method: str, path: str, *, bearer: str = "", json: Any = None, params: dict[str, Any] | None = None
    ) -> Any:
        """One REST call as the user (`bearer`) or, without it, as the bot."""
        auth = f"Bearer {bearer}" if bearer else f"Bot {self.settings.discord_bot_token}"
        response: httpx2.Response = await self._guard(
            self.http.request(
                method,
                self._url(path),
                headers={"Authorization": auth},
                json=json,
                params=params,
                timeout=self.settings.upstream_timeout,
            )
        )
        if response.status_code >= 400:
            raise _error(response)
        return None if response.status_code == 204 else response.json()

    async def me(self, access_token: str) -> dict[str, Any]:
        user: dict[str, Any] = await self.request("GET", "/users/@me", bearer=access_token)
        return user

    async def my_guilds(self, access_token: str) -> list[dict[str, Any]]:
        guilds: list[dict[str, Any]] = await self.request(
            "GET", "/users/@me/guilds", bearer=access_token, params={"limit": 200}
        )
        return guilds

    def avatar_url(self, user_id: str, avatar: str | None) -> str:
        if avatar:
            return f"{self.settings.discord_cdn_base}/avatars/{user_id}/{avatar}.png?size=64"
        return f"{self.settings.discord_cdn_base}/embed/avatars/{(int(user_id) >> 22) % 6}.png"
