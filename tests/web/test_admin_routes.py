"""Every route under /admin, taken from the route table, against the authorization matrix:
anonymous -> the sign-in page, signed in without the permission -> 403, with it -> the page (or the action)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from starlette.routing import BaseRoute, Mount, Route
from starlette.testclient import TestClient

from tests.web.accounts_helpers import (
    make_role,
    make_user,
    one,
    post,
    sign_in_password,
)


@dataclass(frozen=True)
class AdminRoute:
    path: str
    method: str
    permissions: tuple[str, ...]


def walk(routes: list[BaseRoute], prefix: str = "") -> Iterator[tuple[str, BaseRoute]]:
    for route in routes:
        if isinstance(route, Mount):
            yield from walk(route.routes, prefix + route.path)
        else:
            yield prefix + getattr(route, "path", ""), route


def admin_routes(client: TestClient) -> list[AdminRoute]:
    found = []
    for path, route in walk(client.app.routes):  # type: ignore[attr-defined]
        if not (path == "/admin" or path.startswith("/admin/")):
            continue
        assert isinstance(route, Route)
        guard = getattr(route.endpoint, "permissions", None)
        assert guard, f"{path} has no permission guard"
        for method in sorted((route.methods or set()) - {"HEAD"}):
            found.append(AdminRoute(path, method, tuple(guard)))
    return found


def fresh_ids(client: TestClient) -> dict[str, int]:
    """New objects for one request, so a destructive action cannot spoil the next."""
    serial = uuid.uuid4().hex[:10]
    ids = {
        "role_id": make_role(client, f"role-{serial}", ["admin.logs"]),
        "user_id": make_user(client, f"target{serial}", password=None),
        "permission_id": one(
            client, "INSERT INTO permissions (name, created_at) VALUES (:n, 0) RETURNING id", {"n": f"custom.p{serial}"}
        ),
    }
    return {name: int(value) for name, value in ids.items()}


def concrete(path: str, ids: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda match: str(ids[match.group(1)]), path)


def act(client: TestClient, route: AdminRoute) -> int:
    """Ask for the route as a browser would: a GET, or a form POST naming fresh objects."""
    ids = fresh_ids(client)
    path = concrete(route.path, ids)
    if route.method == "GET":
        return client.get(path).status_code
    data = {name: str(value) for name, value in ids.items()}
    return int(post(client, path, data, page="/auth/logout").status_code)


def test_the_matrix_covers_every_admin_page(client: TestClient) -> None:
    routes = admin_routes(client)
    paths = {route.path for route in routes}
    assert {"/admin", "/admin/users", "/admin/roles", "/admin/permissions", "/admin/activity"} <= paths
    assert len(routes) >= 18


def test_anonymous_requests_go_to_the_sign_in_page(client: TestClient) -> None:
    for route in admin_routes(client):
        path = concrete(route.path, fresh_ids(client))
        response = client.get(path) if route.method == "GET" else post(client, path, {})
        assert response.status_code == 303, (route, response.status_code)
        assert response.headers["location"].startswith("/auth/login"), route


def test_signed_in_without_the_permission_gets_403(client: TestClient) -> None:
    make_user(client, "plain")
    sign_in_password(client, "plain")
    for route in admin_routes(client):
        assert act(client, route) == 403, route


def test_a_permission_of_another_admin_area_is_not_enough(client: TestClient) -> None:
    make_role(client, "Guild staff", ["guilds.manage_any"])
    make_user(client, "staff", roles=["Guild staff"])
    sign_in_password(client, "staff")
    for route in admin_routes(client):
        assert act(client, route) == 403, route


@pytest.mark.parametrize("permission", ["admin.users", "admin.roles", "admin.logs"])
def test_with_the_permission_the_page_answers(client: TestClient, permission: str) -> None:
    make_role(client, "Holder", [permission])
    make_user(client, "holder", roles=["Holder"])
    sign_in_password(client, "holder")
    for route in admin_routes(client):
        status = act(client, route)
        if permission not in route.permissions:
            assert status == 403, route
        elif route.method == "GET":
            assert status == 200, route
        else:
            assert status in (303, 409, 422), route
