"""GitHub for a guild's repository link: the OAuth app flow, the repository list, and revoking the grant.

The token is kept, encrypted, with the linked repository: GitHub tokens never expire, and unlinking must revoke
the grant, which needs the token itself. It never leaves the server.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx2
from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from app.core import tls
from app.settings import Settings

MAX_PAGES = 50
KEPT_FIELDS = ("id", "full_name", "html_url", "default_branch", "private", "description")


class GitHubError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class GitHub:
    def __init__(self, settings: Settings, http: httpx2.AsyncClient) -> None:
        self.settings = settings
        self.http = http

    def authorize_url(self, *, state: str, verifier: str) -> str:
        params = {
            "client_id": self.settings.github_client_id,
            "redirect_uri": self.settings.github_redirect_uri,
            "scope": self.settings.github_scope,
            "state": state,
            "code_challenge": create_s256_code_challenge(verifier),
            "code_challenge_method": "S256",
            "allow_signup": "false",
        }
        return f"{self.settings.github_oauth_base}/authorize?{urlencode(params)}"

    async def exchange_code(self, code: str, verifier: str) -> str:
        """The access token for `code`; GitHub reports refusals with HTTP 200 and an `error` key."""
        client = AsyncOAuth2Client(
            client_id=self.settings.github_client_id,
            client_secret=self.settings.github_client_secret,
            token_endpoint_auth_method="client_secret_post",  # noqa: S106 - a method name, not a secret
            timeout=self.settings.upstream_timeout,
            verify=tls.context(),
        )
        async with client:
            try:
                token = await client.fetch_token(
                    f"{self.settings.github_oauth_base}/access_token",
                    grant_type="authorization_code",
                    code=code,
                    redirect_uri=self.settings.github_redirect_uri,
                    code_verifier=verifier,
                )
            except OAuthError as exc:
                raise GitHubError(exc.description or exc.error or "GitHub refused the code.") from exc
            except httpx2.HTTPError as exc:
                raise GitHubError("GitHub could not be reached.") from exc
        return str(token["access_token"])

    async def _get(self, url: str, token: str) -> httpx2.Response:
        try:
            response = await self.http.get(
                url,
                headers={"Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json"},
                timeout=self.settings.upstream_timeout,
            )
        except httpx2.HTTPError as exc:
            raise GitHubError("GitHub could not be reached.") from exc
        if response.status_code >= 400:
            raise GitHubError(f"GitHub answered {response.status_code}.")
        return response

    async def user(self, token: str) -> dict[str, Any]:
        found: dict[str, Any] = (await self._get(f"{self.settings.github_api_base}/user", token)).json()
        return found

    async def repositories(self, token: str) -> list[dict[str, Any]]:
        """Every repository the user can see, page by page, following `Link: rel="next"` to the end."""
        url: str | None = f"{self.settings.github_api_base}/user/repos?per_page=100&sort=updated"
        found: list[dict[str, Any]] = []
        for _ in range(MAX_PAGES):
            if url is None:
                break
            response = await self._get(url, token)
            found.extend({key: repo.get(key) for key in KEPT_FIELDS} for repo in response.json())
            url = response.links.get("next", {}).get("url")
        return found

    async def revoke(self, token: str) -> None:
        """End the whole grant at GitHub (every token of this user for this app)."""
        try:
            response = await self.http.request(
                "DELETE",
                f"{self.settings.github_api_base}/applications/{self.settings.github_client_id}/grant",
                auth=(self.settings.github_client_id, self.settings.github_client_secret),
                json={"access_token": token},
                timeout=self.settings.upstream_timeout,
            )
        except httpx2.HTTPError as exc:
            raise GitHubError("GitHub could not be reached.") from exc
        if response.status_code not in (204, 404):
            raise GitHubError(f"GitHub answered {response.status_code}.")
