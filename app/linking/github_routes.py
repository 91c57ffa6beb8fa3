"""Linking a GitHub repository to a guild: start, GitHub's callback, choose a repository, unlink."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from app.auth import pending
from app.auth.provider_pages import failed, to_provider
from app.core import activity, htmx
from app.core.templating import render
from app.guilds.guard import GuildAccess
from app.linking import repositories
from app.linking.github import GitHubError
from app.services import Services, services

YOUR_SERVERS = ("/guilds", "Back to your servers")


def _page(guild: GuildAccess) -> str:
    return f"/guilds/{guild.id}/github"


async def status(request: Request) -> Response:
    found, guild = services(request), request.scope["guild"]
    linked = await found.repositories.linked(guild.id)
    return render(request, "linking/github.html", {"guild": guild, "repository": linked, "message": ""})


async def start(request: Request) -> Response:
    found, guild, user = services(request), request.scope["guild"], request.scope["user"]
    state, verifier = await pending.begin(
        found.database,
        browser_nonce=request.scope["browser_nonce"],
        purpose="link-github",
        return_path=f"{_page(guild)}/choose",
        user_id=user.user_id,
        guild_id=guild.id,
    )
    return to_provider(request, found.github.authorize_url(state=state, verifier=verifier))


async def callback(request: Request) -> Response:
    found, params, user = services(request), request.query_params, request.scope["user"]
    started = await pending.consume(
        found.database, state=params.get("state", ""), browser_nonce=found.cookies.read(request, "browser")
    )
    if params.get("error"):
        return failed(request, "GitHub linking cancelled", "Nothing was linked.", retry=YOUR_SERVERS)
    if started is None or started.purpose != "link-github" or started.user_id != user.user_id:
        return failed(
            request,
            "This link has expired",
            "Start linking the repository again from the server's page.",
            retry=YOUR_SERVERS,
        )
    try:
        token = await found.github.exchange_code(params.get("code", ""), started.code_verifier)
        login = str((await found.github.user(token)).get("login", ""))
        repos = await found.github.repositories(token)
    except GitHubError as exc:
        return failed(request, "GitHub did not cooperate", exc.message, status_code=502, retry=YOUR_SERVERS)
    await repositories.keep_choice(
        found.database,
        found.box,
        user_id=user.user_id,
        guild_id=str(started.guild_id),
        login=login,
        token=token,
        repos=repos,
    )
    return RedirectResponse(started.return_path, status_code=303)


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
    found, guild, user = services(request), request.scope["guild"], request.scope["user"]
    chosen = await repositories.choice(found.database, user_id=user.user_id, guild_id=guild.id)
    context = _choose_context(guild, chosen, request.query_params.get("q", "")[:200])
    return render(request, "linking/github_choose.html", context, blocks=("repo_list",))


async def choose(request: Request) -> Response:
    found, guild, user = services(request), request.scope["guild"], request.scope["user"]
    async with request.form() as form:
        wanted = str(form.get("repository_id") or "")
    chosen = await repositories.choice(found.database, user_id=user.user_id, guild_id=guild.id)
    if chosen is None:
        return htmx.redirect(request, f"{_page(guild)}/choose")
    repo = next((r for r in chosen["repositories"] if str(r.get("id")) == wanted), None)
    if repo is None:
        context = {
            "guild": guild,
            "query": "",
            "expired": False,
            "repos": chosen["repositories"],
            "total": len(chosen["repositories"]),
            "login": chosen["github_login"],
            "error": "Choose one of the repositories in the list.",
        }
        return render(request, "linking/github_choose.html", context, status_code=422)
    await _replace_link(found, guild.id, repo, chosen, user.user_id)
    return htmx.redirect(request, _page(guild))


async def _replace_link(
    found: Services, guild_id: str, repo: dict[str, Any], chosen: dict[str, Any], user_id: int
) -> None:
    previous = await found.repositories.linked(guild_id)
    await found.repositories.save(guild_id=guild_id, repo=repo, chosen=chosen, user_id=user_id)
    if previous and previous["access_token"] != chosen["access_token"]:
        await _revoke_quietly(found, previous["access_token"])
    await activity.record(
        found.database, "guild.github_linked", user_id=user_id, guild_id=guild_id, repository=repo["full_name"]
    )


async def unlink(request: Request) -> Response:
    found, guild, user = services(request), request.scope["guild"], request.scope["user"]
    linked = await found.repositories.linked(guild.id)
    if linked:
        await found.repositories.unlink(guild.id)
        await _revoke_quietly(found, linked["access_token"])
        await activity.record(
            found.database,
            "guild.github_unlinked",
            user_id=user.user_id,
            guild_id=guild.id,
            repository=linked["full_name"],
        )
    return htmx.redirect(request, _page(guild))


async def _revoke_quietly(found: Services, sealed: str) -> None:
    """The link is gone on our side whatever GitHub says; a failed revoke is only logged."""
    try:
        await found.github.revoke(found.box.open(sealed))
    except GitHubError as exc:
        await activity.record(found.database, "guild.github_revoke_failed", reason=exc.message)


def guild_pages() -> list[BaseRoute]:
    return [
        Route("/github", status, name="github"),
        Route("/github/start", start, methods=["POST"], name="github_start"),
        Route("/github/choose", choose_page, methods=["GET"], name="github_choose_page"),
        Route("/github/choose", choose, methods=["POST"], name="github_choose"),
        Route("/github/unlink", unlink, methods=["POST"], name="github_unlink"),
    ]


routes = [Route("/link/github/callback", callback, name="github_callback")]
