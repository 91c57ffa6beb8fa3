"""/admin/permissions: list, create and delete the permissions roles can hold."""

from __future__ import annotations

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
    errors = {"name": roles.permission_name_problem(values["name"]), "description": roles.description_problem(values)}
    errors = {key: value for key, value in errors.items() if value}
    if not errors and await roles.permission_taken(database, values["name"]):
        errors["name"] = "This permission exists already."
    if errors:
        return await permissions_page(request, values, errors)
    await roles.create_permission(database, values["name"], values["description"])
    await record(request, "admin.permission_created", permission=values["name"])
    return htmx.redirect(request, path_for(request, "admin_permissions"))


@requires("admin.roles")
async def permission_delete(request: Request) -> Response:
    permission = await roles.get_permission(need(request, Database), request.path_params["permission_id"])
    if permission is None:
        raise NotFound("There is no such permission.")
    if permission["builtin"] or permission["role_count"]:
        raise HTTPException(409, "Only a permission that no role holds (but Admin) can be deleted.")
    await roles.delete_permission(need(request, Database), permission["id"])
    await record(request, "admin.permission_deleted", permission=permission["name"])
    return htmx.redirect(request, path_for(request, "admin_permissions"))


routes = [
    Route("/admin/permissions", permission_list, name="admin_permissions", methods=["GET"]),
    Route("/admin/permissions", permission_create, name="admin_permission_create", methods=["POST"]),
    Route(
        "/admin/permissions/{permission_id:id}/delete",
        permission_delete,
        name="admin_permission_delete",
        methods=["POST"],
    ),
]
