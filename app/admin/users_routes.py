"""/admin/users: find users, see one, give and take roles, disable and enable accounts."""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.accounts import forms, totp, users
from app.accounts.audit import record
from app.admin import roles
from app.admin import users as admin_users
from app.admin.permissions import requires
from app.core import htmx
from app.core.errors import error_response
from app.core.registry import need
from app.core.templating import render


def page_number(request: Request) -> int:
    return forms.ident(request.query_params.get("page", "1")) or 1


@requires("admin.users")
async def user_list(request: Request) -> Response:
    text = request.query_params.get("q", "").strip()[:100]
    found = await admin_users.search(need(request, Database), text, page_number(request))
    return render(request, "admin/users.html", {"q": text, "found": found}, blocks=("results",))


async def _user_or_none(request: Request) -> dict[str, Any] | None:
    user_id = forms.ident(request.path_params["user_id"])
    return None if user_id is None else await users.get(need(request, Database), user_id)


def _missing(request: Request) -> Response:
    return error_response(request, 404, "There is no such user.")


async def user_page(request: Request, user: dict[str, Any], problem: str = "") -> Response:
    database = need(request, Database)
    held = await admin_users.roles_of(database, user["id"])
    held_ids = {role["id"] for role in held}
    context = {
        "account": user,
        "roles": held,
        "grantable": [role for role in await roles.list_roles(database) if role["id"] not in held_ids],
        "two_factor": await totp.is_enabled(database, user["id"]),
        "problem": problem,
    }
    return render(request, "admin/user.html", context, status_code=409 if problem else 200)


@requires("admin.users")
async def user_detail(request: Request) -> Response:
    user = await _user_or_none(request)
    return await user_page(request, user) if user else _missing(request)


async def _record(request: Request, action: str, target: dict[str, Any], **detail: Any) -> None:
    await record(request, action, target=target["username"], target_id=target["id"], **detail)


async def _chosen_role(request: Request) -> dict[str, Any] | None:
    form = await forms.read(request)
    role_id = forms.ident(request.path_params.get("role_id") or forms.text(form, "role_id", 20))
    return None if role_id is None else await roles.get_role(need(request, Database), role_id)


@requires("admin.users")
async def role_give(request: Request) -> Response:
    user, role = await _user_or_none(request), await _chosen_role(request)
    if user is None or role is None:
        return error_response(request, 404, "There is no such user or role.")
    if await admin_users.give_role(need(request, Database), user["id"], role["id"]):
        await _record(request, "admin.role_given", user, role=role["name"])
    return htmx.redirect(request, f"/admin/users/{user['id']}")


@requires("admin.users")
async def role_take(request: Request) -> Response:
    user, role = await _user_or_none(request), await _chosen_role(request)
    if user is None or role is None:
        return error_response(request, 404, "There is no such user or role.")
    problem = await admin_users.take_role(need(request, Database), user["id"], role)
    if problem:
        return await user_page(request, user, problem)
    await _record(request, "admin.role_taken", user, role=role["name"])
    return htmx.redirect(request, f"/admin/users/{user['id']}")


@requires("admin.users")
async def user_disable(request: Request) -> Response:
    user = await _user_or_none(request)
    if user is None:
        return _missing(request)
    problem = await admin_users.disable(need(request, Database), user["id"])
    if problem:
        return await user_page(request, user, problem)
    await _record(request, "admin.user_disabled", user)
    return htmx.redirect(request, f"/admin/users/{user['id']}")


@requires("admin.users")
async def user_enable(request: Request) -> Response:
    user = await _user_or_none(request)
    if user is None:
        return _missing(request)
    await admin_users.enable(need(request, Database), user["id"])
    await _record(request, "admin.user_enabled", user)
    return htmx.redirect(request, f"/admin/users/{user['id']}")


routes = [
    Route("/admin/users", user_list, name="admin_users", methods=["GET"]),
    Route("/admin/users/{user_id:id}", user_detail, name="admin_user", methods=["GET"]),
    Route("/admin/users/{user_id:id}/roles", role_give, name="admin_user_role_give", methods=["POST"]),
    Route(
        "/admin/users/{user_id:id}/roles/{role_id:id}/take",
        role_take,
        name="admin_user_role_take",
        methods=["POST"],
    ),
    Route("/admin/users/{user_id:id}/disable", user_disable, name="admin_user_disable", methods=["POST"]),
    Route("/admin/users/{user_id:id}/enable", user_enable, name="admin_user_enable", methods=["POST"]),
]
