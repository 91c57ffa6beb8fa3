"""Linking a GitHub repository to a guild: start, GitHub's callback, choose a repository, unlink."""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from app.auth import pending
from app.auth.cookies import CookieJar
from app.auth.provider_pages import failed, to_provider
from app.core import activity, htmx
from app.core.crypto import Box
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render
from app.guilds.guard import GuildAccess
from app.linking import repositories
from app.linking.github import GitHub, GitHubError
from app.linking.repositories import RepositoryLinks

NOT_OFFERED = "Choose one of the repositories in the list."


def _guild_page(request: Request, name: str) -> str:
    """The address of one of this guild's GitHub pages."""
    return path_for(request, f"guild_pages:{name}", guild_id=request.scope["guild"].id)


def _your_servers(request: Request) -> tuple[str, str]:
    return path_for(request, "guilds"), "Back to your servers"


async def status(request: Request) -> Response:
    guild = request.scope["guild"]
    linked = await need(request, RepositoryLinks).linked(guild.id)
    return render(request, "linking/github.html", {"guild": guild, "repository": linked, "message": ""})


async def start(request: Request) -> Response:
    guild, user = request.scope["guild"], request.scope["user"]
    state, verifier = await pending.begin(
        need(request, Database),
        browser_nonce=request.scope["browser_nonce"],
        purpose="link-github",
        return_path=_guild_page(request, "github_choose_page"),
        user_id=user.user_id,
        guild_id=guild.id,
    )
    return to_provider(request, need(request, GitHub).authorize_url(state=state, verifier=verifier))


async def callback(request: Request) -> Response:
    params, user, database = request.query_params, request.scope["user"], need(request, Database)
    browser = need(request, CookieJar).read(request, "browser")
    started = await pending.consume(database, state=params.get("state", ""), browser_nonce=browser)
    if params.get("error"):
        return failed(request, "GitHub linking cancelled", "Nothing was linked.", retry=_your_servers(request))
    if started is None or started.purpose != "link-github" or started.user_id != user.user_id:
        again = "Start linking the repository again from the server's page."
        return failed(request, "This link has expired", again, retry=_your_servers(request))
    try:
        token, login, repos = await _granted(need(request, GitHub), params.get("code", ""), started.code_verifier)
    except GitHubError as exc:
        return failed(request, "GitHub did not cooperate", exc.message, status_code=502, retry=_your_servers(request))
    await repositories.keep_choice(
        database,
        need(request, Box),
        user_id=user.user_id,
        guild_id=str(started.guild_id),
        login=login,
        token=token,
        repos=repos,
    )
    return RedirectResponse(started.return_path, status_code=303)


async def _granted(github: GitHub, code: str, verifier: str) -> tuple[str, str, list[dict[str, Any]]]:
    """The token GitHub grants for `code`, the login it belongs to, and the repositories it can read."""
    token = await github.exchange_code(code, verifier)
    login = str((await github.user(token)).get("login", ""))
    return token, login, await github.repositories(token)


def _choose_context(guild: GuildAccess, chosen: dict[str, Any] | None, query: str, error: str = "") -> dict[str, Any]:
    repos = chosen["repositories"] if chosen else []
    return {
        "guild": guild,
        "query": query,
        "expired": chosen is None,
        "repos": repositories.matching(repos, query),
        "total": len(repos),
        "login": chosen["github_login"] if chosen else "",
        "error": error,
    }


async def choose_page(request: Request) -> Response:
    guild, user = request.scope["guild"], request.scope["user"]
    chosen = await repositories.choice(need(request, Database), user_id=user.user_id, guild_id=guild.id)
    context = _choose_context(guild, chosen, request.query_params.get("q", "")[:200])
    return render(request, "linking/github_choose.html", context, blocks=("repo_list",))


async def choose(request: Request) -> Response:
    guild, user = request.scope["guild"], request.scope["user"]
    async with request.form() as form:
        wanted = str(form.get("repository_id") or "")
    chosen = await repositories.choice(need(request, Database), user_id=user.user_id, guild_id=guild.id)
    if chosen is None:
        return htmx.redirect(request, _guild_page(request, "github_choose_page"))
    repo = next((r for r in chosen["repositories"] if str(r.get("id")) == wanted), None)
    if repo is None:
        context = _choose_context(guild, chosen, "", NOT_OFFERED)
        return render(request, "linking/github_choose.html", context, status_code=422)
    await _replace_link(request, repo, chosen)
    return htmx.redirect(request, _guild_page(request, "github"))


async def _replace_link(request: Request, repo: dict[str, Any], chosen: dict[str, Any]) -> None:
    guild_id, user_id, links = request.scope["guild"].id, request.scope["user"].user_id, need(request, RepositoryLinks)
    previous = await links.linked(guild_id)
    await links.save(guild_id=guild_id, repo=repo, chosen=chosen, user_id=user_id)
    if previous and previous["access_token"] != chosen["access_token"]:
        await _revoke_quietly(request, previous["access_token"])
    await activity.record(
        need(request, Database), "guild.github_linked", user_id=user_id, guild_id=guild_id, repository=repo["full_name"]
    )


async def unlink(request: Request) -> Response:
    guild, user, links = request.scope["guild"], request.scope["user"], need(request, RepositoryLinks)
    linked = await links.linked(guild.id)
    if linked:
        await links.unlink(guild.id)
        await _revoke_quietly(request, linked["access_token"])
        await activity.record(
            need(request, Database),
            "guild.github_unlinked",
            user_id=user.user_id,
            guild_id=guild.id,
            repository=linked["full_name"],
        )
    return htmx.redirect(request, _guild_page(request, "github"))


async def _revoke_quietly(request: Request, sealed: str) -> None:
    """The link is gone on our side whatever GitHub says; a failed revoke is only logged."""
    try:
        await need(request, GitHub).revoke(need(request, Box).open(sealed))
    except GitHubError as exc:
        await activity.record(need(request, Database), "guild.github_revoke_failed", reason=exc.message)


def guild_pages() -> list[BaseRoute]:
    return [
        Route("/github", status, name="github"),
        Route("/github/start", start, methods=["POST"], name="github_start"),
        Route("/github/choose", choose_page, methods=["GET"], name="github_choose_page"),
        Route("/github/choose", choose, methods=["POST"], name="github_choose"),
        Route("/github/unlink", unlink, methods=["POST"], name="github_unlink"),
    ]


routes = [Route("/link/github/callback", callback, name="github_callback")]
