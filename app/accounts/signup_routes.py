"""Creating a local account: the form, and the page that says to check the inbox."""

from __future__ import annotations

from databases import Database
from starlette.requests import Request
from starlette.responses import Response

from app.accounts import forms, mailed_links, passwords, users
from app.accounts.message_pages import message
from app.core import activity, htmx, throttle
from app.core.client import client_ip
from app.core.registry import need
from app.core.route_paths import path_for
from app.core.templating import render

MAIL_LIMIT = 20  # sign-ups or reset mails per address per hour


async def signup_page(request: Request) -> Response:
    return render(request, "auth/signup.html", {"form": {}, "errors": {}})


async def signup(request: Request) -> Response:
    database = need(request, Database)
    values, errors, password = forms.signup(await forms.read(request))
    if not errors.get("username") and await users.username_taken(database, values["username"]):
        errors["username"] = "This username is taken; choose another."
    if errors:
        context = {"form": values, "errors": errors}
        return render(request, "auth/signup.html", context, status_code=422, blocks=("form",))
    if not (await throttle.hit(database, f"mail:ip:{client_ip(request)}", MAIL_LIMIT, 3600)).allowed:
        return message(request, "Slow down a little", "Too many accounts were made from your address. Try later.", 429)
    user_id = await users.create(
        database,
        username=values["username"],
        first_name=values["first_name"],
        last_name=values["last_name"],
        password_hash=await passwords.hash_password(password),
    )
    await activity.record(database, "account.signed_up", user_id=user_id, ip=client_ip(request))
    response = htmx.redirect(request, path_for(request, "signup_sent"))
    mailed_links.send(
        request, response, await mailed_links.for_address(request, user_id, values["username"], values["email"])
    )
    return response


async def signup_sent(request: Request) -> Response:
    return message(
        request,
        "Check your inbox",
        "Your account is ready: sign in with your username. We sent a link to your email address; open it within "
        "30 minutes to confirm the address, so you can sign in with it and reset your password if you forget it.",
    )
