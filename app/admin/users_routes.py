"""/admin/users: find users, see one, give and take roles, disable and enable accounts, lift lockouts."""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.accounts import forms, lockouts, totp, users
from app.accounts.audit import record
from app.admin import roles
from app.admin import users as admin_users
from app.auth.permissions import requires
from app.core import htmx
from app.core.errors import NotFound
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render


def page_number(request: Request) -> int:
    return forms.ident(request.query_params.get("page", "1")) or 1


@requires("admin.users")
async def user_list(request: Request) -> Response:
    text = request.query_params.get("q", "").strip()[:100]
    found = await admin_users.search(need(request, Database), text, page_number(request))
    return render(request, "admin/users.html", {"q": text, "found": found}, blocks=("results",))


async def path_user(request: Request) -> dict[str, Any]:
    user = await users.get(need(request, Database), request.path_params["user_id"])
    if user is None:
        raise NotFound("There is no such user.")
    return user


async def user_page(request: Request, user: dict[str, Any], problem: str = "") -> Response:
    database = need(request, Database)
    held = await admin_users.roles_of(database, user["id"])
    held_ids = {role["id"] for role in held}
    context = {
        "account": user,
        "roles": held,
        "grantable": [role for role in await roles.list_roles(database) if role["id"] not in held_ids],
        "two_factor": await totp.is_enabled(database, user["id"]),
        "lockouts": await lockouts.of_user(database, user["id"]),
        "problem": problem,
    }
    return render(request, "admin/user.html", context, status_code=409 if problem else 200)


@requires("admin.users")
async def user_detail(request: Request) -> Response:
    return await user_page(request, await path_user(request))


async def _done(request: Request, action: str, target: dict[str, Any], **detail: Any) -> Response:
    """Log what was done to the user, and go back to their page."""
    await record(request, action, target=target["username"], target_id=target["id"], **detail)
    return htmx.redirect(request, path_for(request, "admin_user", user_id=target["id"]))


async def _chosen_role(request: Request) -> dict[str, Any]:
    form = await forms.read(request)
    role_id = request.path_params.get("role_id") or forms.ident(forms.text(form, "role_id", 20))
    role = await roles.get_role(need(request, Database), role_id) if role_id else None
    if role is None:
        raise NotFound("There is no such role.")
    return role


@requires("admin.users")
async def role_give(request: Request) -> Response:
    user, role = await path_user(request), await _chosen_role(request)
    if not await admin_users.give_role(need(request, Database), user["id"], role["id"]):
        return htmx.redirect(request, path_for(request, "admin_user", user_id=user["id"]))
    return await _done(request, "admin.role_given", user, role=role["name"])


@requires("admin.users")
async def role_take(request: Request) -> Response:
    user, role = await path_user(request), await _chosen_role(request)
    problem = await admin_users.take_role(need(request, Database), user["id"], role)
    if problem:
        return await user_page(request, user, problem)
    return await _done(request, "admin.role_taken", user, role=role["name"])


@requires("admin.users")
async def user_disable(request: Request) -> Response:
    user = await path_user(request)
    problem = await admin_users.disable(need(request, Database), user["id"])
    if problem:
        return await user_page(request, user, problem)
    return await _done(request, "admin.user_disabled", user)


@requires("admin.users")
async def user_enable(request: Request) -> Response:
    user = await path_user(request)
    await admin_users.enable(need(request, Database), user["id"])
    return await _done(request, "admin.user_enabled", user)


@requires("admin.users")
async def lockouts_lift(request: Request) -> Response:
    user = await path_user(request)
    lifted = [lockout.scope for lockout in await lockouts.of_user(need(request, Database), user["id"])]
    await lockouts.lift(need(request, Database), user["id"])
    return await _done(request, "admin.lockout_lifted", user, lifted=", ".join(lifted) or "none")


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
    Route("/admin/users/{user_id:id}/lockouts/lift", lockouts_lift, name="admin_user_lift", methods=["POST"]),
]
