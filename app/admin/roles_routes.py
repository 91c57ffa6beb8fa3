"""/admin/roles: create, rename and delete roles, grant and take their permissions."""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.accounts import forms
from app.accounts.audit import record
from app.admin import roles
from app.auth.permissions import requires
from app.core import htmx
from app.core.errors import NotFound
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render


async def path_role(request: Request) -> dict[str, Any]:
    role = await roles.get_role(need(request, Database), request.path_params["role_id"])
    if role is None:
        raise NotFound("There is no such role.")
    return role


async def roles_page(
    request: Request, form: forms.Values | None = None, errors: forms.Errors | None = None
) -> Response:
    context = {"roles": await roles.list_roles(need(request, Database)), "form": form or {}, "errors": errors or {}}
    return render(request, "admin/roles.html", context, status_code=422 if errors else 200, blocks=("create",))


@requires("admin.roles")
async def role_list(request: Request) -> Response:
    return await roles_page(request)


def _role_form(form: forms.Form) -> tuple[forms.Values, forms.Errors]:
    values = {"name": forms.text(form, "name", roles.NAME_MAX + 1), "description": forms.text(form, "description", 201)}
    errors = {"name": roles.role_name_problem(values["name"]), "description": roles.description_problem(values)}
    return values, {key: value for key, value in errors.items() if value}


@requires("admin.roles")
async def role_create(request: Request) -> Response:
    database = need(request, Database)
    values, errors = _role_form(await forms.read(request))
    if not errors and await roles.role_taken(database, values["name"]):
        errors["name"] = "A role with this name exists already."
    if errors:
        return await roles_page(request, values, errors)
    role_id = await roles.create_role(database, values["name"], values["description"])
    await record(request, "admin.role_created", role=values["name"], role_id=role_id)
    return htmx.redirect(request, path_for(request, "admin_role", role_id=role_id))


async def role_page(
    request: Request, role: dict[str, Any], form: forms.Values | None = None, errors: forms.Errors | None = None
) -> Response:
    database = need(request, Database)
    held = await roles.permissions_of_role(database, role["id"])
    held_ids = {permission["id"] for permission in held}
    context = {
        "role": role,
        "held": held,
        "grantable": [p for p in await roles.list_permissions(database) if p["id"] not in held_ids],
        "is_admin_role": roles.is_admin_role(role),
        "form": form or {"name": role["name"], "description": role["description"]},
        "errors": errors or {},
    }
    return render(request, "admin/role.html", context, status_code=422 if errors else 200, blocks=("permissions",))


@requires("admin.roles")
async def role_detail(request: Request) -> Response:
    return await role_page(request, await path_role(request))


@requires("admin.roles")
async def role_rename(request: Request) -> Response:
    database, role = need(request, Database), await path_role(request)
    values, errors = _role_form(await forms.read(request))
    if not errors and await roles.role_taken(database, values["name"], other_than=role["id"]):
        errors["name"] = "A role with this name exists already."
    if not errors and role["builtin"] and values["name"] != role["name"]:
        errors["name"] = "A built-in role keeps its name."
    if errors:
        return await role_page(request, role, values, errors)
    await roles.rename_role(database, role["id"], values["name"], values["description"])
    await record(request, "admin.role_renamed", role_id=role["id"], old=role["name"], new=values["name"])
    return htmx.redirect(request, path_for(request, "admin_role", role_id=role["id"]))


async def _deletable_role(request: Request) -> dict[str, Any]:
    role = await path_role(request)
    if role["builtin"]:
        raise HTTPException(409, "A built-in role cannot be deleted.")
    return role


@requires("admin.roles")
async def role_delete_page(request: Request) -> Response:
    return render(request, "admin/role_delete.html", {"role": await _deletable_role(request)})


@requires("admin.roles")
async def role_delete(request: Request) -> Response:
    role = await _deletable_role(request)
    await roles.delete_role(need(request, Database), role["id"])
    await record(request, "admin.role_deleted", role=role["name"], role_id=role["id"])
    return htmx.redirect(request, path_for(request, "admin_roles"))


async def _granted(request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
    """The role of the path and the permission of the path or of the form."""
    role, form = await path_role(request), await forms.read(request)
    permission_id = request.path_params.get("permission_id") or forms.ident(forms.text(form, "permission_id", 20))
    permission = await roles.get_permission(need(request, Database), permission_id) if permission_id else None
    if permission is None:
        raise NotFound("There is no such permission.")
    return role, permission


@requires("admin.roles")
async def role_grant(request: Request) -> Response:
    role, permission = await _granted(request)
    if await roles.grant(need(request, Database), role["id"], permission["id"]):
        await record(request, "admin.permission_granted", role=role["name"], permission=permission["name"])
    return await _after_permission_change(request, role)


@requires("admin.roles")
async def role_take(request: Request) -> Response:
    role, permission = await _granted(request)
    if roles.is_admin_role(role):
        raise HTTPException(409, "The Admin role holds every permission; none can be taken from it.")
    if await roles.take(need(request, Database), role["id"], permission["id"]):
        await record(request, "admin.permission_taken", role=role["name"], permission=permission["name"])
    return await _after_permission_change(request, role)


async def _after_permission_change(request: Request, role: dict[str, Any]) -> Response:
    """htmx gets the new permission lists in place; a plain form a 303 back to the role page."""
    if htmx.htmx(request).partial:
        return await role_page(request, role)
    return htmx.redirect(request, path_for(request, "admin_role", role_id=role["id"]))


routes = [
    Route("/admin/roles", role_list, name="admin_roles", methods=["GET"]),
    Route("/admin/roles", role_create, name="admin_role_create", methods=["POST"]),
    Route("/admin/roles/{role_id:id}", role_detail, name="admin_role", methods=["GET"]),
    Route("/admin/roles/{role_id:id}", role_rename, name="admin_role_rename", methods=["POST"]),
    Route("/admin/roles/{role_id:id}/delete", role_delete_page, name="admin_role_delete_page", methods=["GET"]),
    Route("/admin/roles/{role_id:id}/delete", role_delete, name="admin_role_delete", methods=["POST"]),
    Route("/admin/roles/{role_id:id}/permissions", role_grant, name="admin_role_grant", methods=["POST"]),
    Route(
        "/admin/roles/{role_id:id}/permissions/{permission_id:id}/take",
        role_take,
        name="admin_role_take",
        methods=["POST"],
    ),
]
