"""/admin/roles and /admin/permissions: create, rename and delete roles, grant and take permissions."""

from __future__ import annotations

from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.accounts import forms
from app.accounts.audit import record
from app.admin import roles
from app.admin.permissions import requires
from app.core import htmx
from app.core.errors import error_response
from app.core.registry import need
from app.core.templating import render


async def _role_or_404(request: Request) -> dict[str, Any] | None:
    role_id = forms.ident(request.path_params["role_id"])
    return None if role_id is None else await roles.get_role(need(request, Database), role_id)


def _missing(request: Request, what: str = "role") -> Response:
    return error_response(request, 404, f"There is no such {what}.")


async def roles_page(
    request: Request, form: forms.Values | None = None, errors: forms.Errors | None = None
) -> Response:
    context = {"roles": await roles.list_roles(need(request, Database)), "form": form or {}, "errors": errors or {}}
    return render(request, "admin/roles.html", context, status_code=422 if errors else 200, blocks=("create",))


@requires("admin.roles")
async def role_list(request: Request) -> Response:
    return await roles_page(request)


def _role_form(form: Any) -> tuple[forms.Values, forms.Errors]:
    values = {"name": forms.text(form, "name", roles.NAME_MAX + 1), "description": forms.text(form, "description", 201)}
    errors = {"name": roles.role_name_problem(values["name"])}
    if len(values["description"]) > roles.DESCRIPTION_MAX:
        errors["description"] = f"Use at most {roles.DESCRIPTION_MAX} characters."
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
    return htmx.redirect(request, f"/admin/roles/{role_id}")


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
    role = await _role_or_404(request)
    return await role_page(request, role) if role else _missing(request)


@requires("admin.roles")
async def role_rename(request: Request) -> Response:
    database = need(request, Database)
    role = await _role_or_404(request)
    if role is None:
        return _missing(request)
    values, errors = _role_form(await forms.read(request))
    if not errors and await roles.role_taken(database, values["name"], other_than=role["id"]):
        errors["name"] = "A role with this name exists already."
    if not errors and role["builtin"] and values["name"] != role["name"]:
        errors["name"] = "A built-in role keeps its name."
    if errors:
        return await role_page(request, role, values, errors)
    await roles.rename_role(database, role["id"], values["name"], values["description"])
    await record(request, "admin.role_renamed", role_id=role["id"], old=role["name"], new=values["name"])
    return htmx.redirect(request, f"/admin/roles/{role['id']}")


async def _deletable_role(request: Request) -> dict[str, Any] | Response:
    """The role of the path, or the page that says why it cannot be deleted."""
    role = await _role_or_404(request)
    if role is None:
        return _missing(request)
    if role["builtin"]:
        return error_response(request, 409, "A built-in role cannot be deleted.")
    return role


@requires("admin.roles")
async def role_delete_page(request: Request) -> Response:
    role = await _deletable_role(request)
    if isinstance(role, Response):
        return role
    return render(request, "admin/role_delete.html", {"role": role})


@requires("admin.roles")
async def role_delete(request: Request) -> Response:
    role = await _deletable_role(request)
    if isinstance(role, Response):
        return role
    await roles.delete_role(need(request, Database), role["id"])
    await record(request, "admin.role_deleted", role=role["name"], role_id=role["id"])
    return htmx.redirect(request, "/admin/roles")


async def _chosen_permission(request: Request) -> dict[str, Any] | None:
    form = await forms.read(request)
    permission_id = forms.ident(request.path_params.get("permission_id") or forms.text(form, "permission_id", 20))
    return None if permission_id is None else await roles.get_permission(need(request, Database), permission_id)


@requires("admin.roles")
async def role_grant(request: Request) -> Response:
    role, permission = await _role_or_404(request), await _chosen_permission(request)
    if role is None or permission is None:
        return _missing(request, "role or permission")
    if await roles.grant(need(request, Database), role["id"], permission["id"]):
        await record(request, "admin.permission_granted", role=role["name"], permission=permission["name"])
    return await _after_permission_change(request, role)


@requires("admin.roles")
async def role_take(request: Request) -> Response:
    role, permission = await _role_or_404(request), await _chosen_permission(request)
    if role is None or permission is None:
        return _missing(request, "role or permission")
    if roles.is_admin_role(role):
        return error_response(request, 409, "The Admin role holds every permission; none can be taken from it.")
    if await roles.take(need(request, Database), role["id"], permission["id"]):
        await record(request, "admin.permission_taken", role=role["name"], permission=permission["name"])
    return await _after_permission_change(request, role)


async def _after_permission_change(request: Request, role: dict[str, Any]) -> Response:
    """htmx gets the new permission lists in place; a plain form a 303 back to the role page."""
    if htmx.htmx(request).partial:
        return await role_page(request, role)
    return htmx.redirect(request, f"/admin/roles/{role['id']}")


async def permissions_page(
    request: Request, form: forms.Values | None = None, errors: forms.Errors | None = None
) -> Response:
    context = {
        "permissions": await roles.list_permissions(need(request, Database)),
        "form": form or {},
        "errors": errors or {},
    }
    return render(request, "admin/permissions.html", context, status_code=422 if errors else 200, blocks=("create",))


@requires("admin.roles")
async def permission_list(request: Request) -> Response:
    return await permissions_page(request)


@requires("admin.roles")
async def permission_create(request: Request) -> Response:
    database = need(request, Database)
    form = await forms.read(request)
    values = {"name": forms.text(form, "name", 65).lower(), "description": forms.text(form, "description", 201)}
    errors = {"name": roles.permission_name_problem(values["name"])}
    if len(values["description"]) > roles.DESCRIPTION_MAX:
        errors["description"] = f"Use at most {roles.DESCRIPTION_MAX} characters."
    errors = {key: value for key, value in errors.items() if value}
    if not errors and await roles.permission_taken(database, values["name"]):
        errors["name"] = "This permission exists already."
    if errors:
        return await permissions_page(request, values, errors)
    await roles.create_permission(database, values["name"], values["description"])
    await record(request, "admin.permission_created", permission=values["name"])
    return htmx.redirect(request, "/admin/permissions")


@requires("admin.roles")
async def permission_delete(request: Request) -> Response:
    permission_id = forms.ident(request.path_params["permission_id"])
    permission = None if permission_id is None else await roles.get_permission(need(request, Database), permission_id)
    if permission is None:
        return _missing(request, "permission")
    if permission["builtin"] or permission["role_count"]:
        return error_response(request, 409, "Only a permission that no role holds (but Admin) can be deleted.")
    await roles.delete_permission(need(request, Database), permission["id"])
    await record(request, "admin.permission_deleted", permission=permission["name"])
    return htmx.redirect(request, "/admin/permissions")


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
    Route("/admin/permissions", permission_list, name="admin_permissions", methods=["GET"]),
    Route("/admin/permissions", permission_create, name="admin_permission_create", methods=["POST"]),
    Route(
        "/admin/permissions/{permission_id:id}/delete",
        permission_delete,
        name="admin_permission_delete",
        methods=["POST"],
    ),
]
