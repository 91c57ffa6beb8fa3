"""GitHub REST as the dashboard uses it: the user, their repositories with `Link` pagination, grant revoke."""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.settings import EMULATOR_GITHUB_CLIENT_ID, EMULATOR_GITHUB_CLIENT_SECRET
from emulator import fixtures
from emulator.credentials import basic_credentials, json_body, same_secret, scheme_token
from emulator.errors import GitHubError
from emulator.state import State, Token, emulator_state

JSON = dict[str, object]
Repo = fixtures.Repository
DEFAULT_PER_PAGE, MAX_PER_PAGE = 30, 100


def _origin(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _token(request: Request, state: State) -> Token:
    # GitHub refuses API calls without a User-Agent before it even looks at the credentials.
    if not request.headers.get("user-agent"):
        raise GitHubError(
            403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header."
        )
    secret = scheme_token(request, "Bearer", "token")
    if secret is None:
        raise GitHubError(401, "Requires authentication")
    token = state.github_tokens.get(secret)
    if token is None or token.revoked_at is not None:
        raise GitHubError(401, "Bad credentials")
    return token


def _scope_headers(token: Token) -> dict[str, str]:
    return {"X-OAuth-Scopes": ", ".join(token.scopes), "X-Accepted-OAuth-Scopes": ""}


def user_json(user: fixtures.GitHubUser, origin: str) -> JSON:
    return {
        "login": user.login,
        "id": user.id,
        "node_id": f"U_emulator{user.id}",
        "avatar_url": f"{origin}/github/avatars/u/{user.id}",
        "html_url": f"https://github.com/{user.login}",
        "type": "User",
        "site_admin": False,
        "name": user.name,
        "email": user.email,
        "company": None,
        "blog": "",
        "location": None,
        "bio": None,
        "public_repos": user.repo_count,
        "followers": 0,
        "following": 0,
        "created_at": "2015-12-10T09:00:00Z",
    }


def repo_json(repo: Repo, origin: str) -> JSON:
    owner = repo.owner
    return {
        "id": repo.id,
        "node_id": f"R_emulator{repo.id}",
        "name": repo.name,
        "full_name": f"{owner.login}/{repo.name}",
        "private": False,
        "visibility": "public",
        "owner": {
            "login": owner.login,
            "id": owner.id,
            "type": "User",
            "avatar_url": f"{origin}/github/avatars/u/{owner.id}",
        },
        "html_url": f"https://github.com/{owner.login}/{repo.name}",
        "url": f"{origin}/github/api/repos/{owner.login}/{repo.name}",
        "description": f"Fixture repository number {repo.id % 1000 + 1}.",
        "fork": False,
        "archived": False,
        "default_branch": "main",
        "created_at": _when(repo.created_at),
        "updated_at": _when(repo.updated_at),
        "pushed_at": _when(repo.updated_at),
        "permissions": {"admin": True, "maintain": True, "push": True, "triage": True, "pull": True},
    }


async def user(request: Request) -> JSONResponse:
    token = _token(request, emulator_state(request))
    found = fixtures.GITHUB_USERS[int(token.user_id)]
    return JSONResponse(user_json(found, _origin(request)), headers=_scope_headers(token))


async def repos(request: Request) -> JSONResponse:
    token = _token(request, emulator_state(request))
    query = request.query_params
    per_page = min(_positive(query.get("per_page"), DEFAULT_PER_PAGE), MAX_PER_PAGE)
    page = _positive(query.get("page"), 1)
    ordered = _sorted(fixtures.repositories(int(token.user_id)), query.get("sort"), query.get("direction"))
    last = max(1, -(-len(ordered) // per_page))
    chunk = ordered[(page - 1) * per_page : page * per_page]
    headers = _scope_headers(token) | _link(request, page, last)
    return JSONResponse([repo_json(r, _origin(request)) for r in chunk], headers=headers)


def _positive(raw: str | None, default: int) -> int:
    return int(raw) if raw is not None and raw.isdecimal() and int(raw) > 0 else default


def _sorted(repositories: tuple[Repo, ...], sort: str | None, direction: str | None) -> list[Repo]:
    """GitHub's orders: `full_name` (default) ascending, the dates descending, unless `direction` says."""
    sort = sort if sort in {"created", "updated", "pushed", "full_name"} else "full_name"
    if sort == "full_name":
        ordered = sorted(repositories, key=lambda r: r.name)
    else:
        ordered = sorted(repositories, key=lambda r: r.created_at if sort == "created" else r.updated_at)
    default_descending = sort != "full_name"
    descending = direction == "desc" if direction in {"asc", "desc"} else default_descending
    return ordered[::-1] if descending else ordered


def _link(request: Request, page: int, last: int) -> dict[str, str]:
    """GitHub's `Link` header: absolute URLs that keep every other query parameter."""
    relations: dict[str, int] = {}
    if page > 1:
        relations |= {"prev": page - 1, "first": 1}
    if page < last:
        relations |= {"next": page + 1, "last": last}
    links = [f'<{request.url.include_query_params(page=n)}>; rel="{rel}"' for rel, n in relations.items()]
    return {"Link": ", ".join(links)} if links else {}


async def delete_grant(request: Request) -> Response:
    """Revoke every token the user gave this app; the client proves itself with Basic auth."""
    state = emulator_state(request)
    client = basic_credentials(request)
    if client is None or client[0] != request.path_params["client_id"]:
        raise GitHubError(404, "Not Found")
    if client[0] != EMULATOR_GITHUB_CLIENT_ID or not same_secret(client[1], EMULATOR_GITHUB_CLIENT_SECRET):
        raise GitHubError(401, "Bad credentials")
    token = state.github_tokens.get(await _access_token_field(request))
    if token is None or token.revoked_at is not None:
        raise GitHubError(404, "Not Found")
    now = state.now()
    for other in state.github_tokens.values():
        if other.user_id == token.user_id and other.revoked_at is None:
            other.revoked_at, other.revoked_reason = now, "grant revoked by the app"
    return Response(status_code=204)


async def _access_token_field(request: Request) -> str:
    try:
        body = await json_body(request)
    except ValueError:
        body = None
    value = body.get("access_token") if isinstance(body, dict) else None
    if not isinstance(value, str):
        raise GitHubError(422, 'Invalid request.\n\n"access_token" wasn\'t supplied.')
    return value


routes = [
    Route("/github/api/user", user, methods=["GET"]),
    Route("/github/api/user/repos", repos, methods=["GET"]),
    Route("/github/api/applications/{client_id}/grant", delete_grant, methods=["DELETE"]),
]
