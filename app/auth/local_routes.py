"""Local accounts at the door: sign-in with a password (and a second-factor code), sign-up, email verification,
password reset, and `/auth/status` for scripts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from databases import Database
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from app.accounts import email_tokens, forms, mails, passwords, recovery, second_step, totp, users
from app.admin.permissions import permissions_of
from app.auth import sessions
from app.auth.chain import ENDINGS, Identity
from app.auth.cookies import CookieJar
from app.auth.provider_pages import BROWSER_COOKIE_AGE
from app.auth.return_path import safe_return_path
from app.auth.session_start import start_session
from app.core import activity, db, htmx, throttle
from app.core.client import client_ip
from app.core.registry import need
from app.core.templating import render
from app.mail import send_after
from app.services import Services, services

SESSION_LIFETIME = 7 * 24 * 3600
WINDOW = 15 * 60
ACCOUNT_LIMIT = 5  # failed sign-ins per account per window
IP_LIMIT = 20  # failed sign-ins per address per window
CODE_LIMIT = 5  # wrong second-factor codes per account per window
MAIL_LIMIT = 20  # sign-ups or reset mails per address per hour
NO_REFERRER = {"Referrer-Policy": "no-referrer"}
WRONG = "The username or email and password do not match an account."
LOGIN_LABELS = {"login": "username or email", "password": "password"}


def login_page(
    request: Request, values: forms.Values, errors: forms.Errors, status_code: int, retry_after: int = 0
) -> Response:
    context = {"next_path": values.get("next", "/"), "notice": "", "form": values, "errors": errors}
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return render(request, "auth/login.html", context, status_code=status_code, headers=headers, blocks=("local",))


async def sign_in(request: Request) -> Response:
    found = services(request)
    form = await forms.read(request)
    values = {"login": forms.text(form, "login", 254), "next": safe_return_path(forms.text(form, "next", 2000))}
    password = forms.secret(form, "password")
    errors = forms.required({**values, "password": password}, LOGIN_LABELS)
    if errors:
        return login_page(request, values, errors, 422)
    user = await users.by_login(found.database, values["login"])
    account_key = f"sign-in:user:{user['id']}" if user else f"sign-in:name:{values['login'].lower()}"
    ip_key = f"sign-in:ip:{client_ip(request)}"
    blocked = await _throttled(found, account_key, ip_key)
    if blocked:
        await activity.record(found.database, "auth.sign_in_failed", ip=client_ip(request), reason="throttled")
        return login_page(request, values, {"login": _wait(blocked)}, 429, retry_after=blocked)
    if not await passwords.verify(user["password_hash"] if user else None, password):
        return await _wrong_password(request, found, values, user, account_key, ip_key)
    assert user is not None
    await throttle.clear(found.database, account_key)
    return await _password_accepted(request, found, user, password, values["next"])


async def _throttled(found: Services, account_key: str, ip_key: str) -> int:
    """Seconds to wait when either the account or the address has failed too often; 0 when allowed."""
    account = await throttle.peek(found.database, account_key, ACCOUNT_LIMIT, WINDOW)
    address = await throttle.peek(found.database, ip_key, IP_LIMIT, WINDOW)
    return max(account.retry_after, address.retry_after)


def _wait(seconds: int) -> str:
    return f"Too many failed sign-ins. Try again in {max(1, -(-seconds // 60))} minutes."


async def _wrong_password(
    request: Request,
    found: Services,
    values: forms.Values,
    user: dict[str, Any] | None,
    account_key: str,
    ip_key: str,
) -> Response:
    await throttle.hit(found.database, account_key, ACCOUNT_LIMIT, WINDOW)
    await throttle.hit(found.database, ip_key, IP_LIMIT, WINDOW)
    user_id = user["id"] if user else None
    await activity.record(found.database, "auth.sign_in_failed", user_id=user_id, ip=client_ip(request), via="password")
    return login_page(request, values, {"login": WRONG, "password": WRONG}, 422)


async def _password_accepted(
    request: Request, found: Services, user: dict[str, Any], password: str, return_path: str
) -> Response:
    user_id: int = user["id"]
    if user["disabled"]:
        return _message(request, "This account is disabled", ENDINGS["disabled"], 403)
    if passwords.needs_rehash(user["password_hash"]):
        await users.set_password(found.database, user_id, await passwords.hash_password(password))
    if await totp.is_enabled(found.database, user_id):
        return await _to_second_step(request, found, user_id, return_path)
    return await _signed_in(request, found, user_id, return_path, "password")


async def _signed_in(request: Request, found: Services, user_id: int, return_path: str, via: str) -> Response:
    response = htmx.redirect(request, return_path)
    await start_session(request, response, user_id=user_id, kind="password", expires_at=db.now() + SESSION_LIFETIME)
    await activity.record(found.database, "auth.sign_in", user_id=user_id, ip=client_ip(request), via=via)
    return response


async def _to_second_step(request: Request, found: Services, user_id: int, return_path: str) -> Response:
    step_id = await second_step.begin(
        found.database, user_id=user_id, browser_nonce=request.scope["browser_nonce"], return_path=return_path
    )
    response = htmx.redirect(request, "/auth/login/code")
    # The nonce may be new on this very request; the browser must keep it for the code step.
    found.cookies.write(response, "browser", request.scope["browser_nonce"], max_age=BROWSER_COOKIE_AGE)
    found.cookies.write(response, second_step.COOKIE, step_id, max_age=second_step.LIFETIME)
    return response


async def _current_step(request: Request, found: Services) -> tuple[str, second_step.Step] | None:
    step_id = found.cookies.read(request, second_step.COOKIE) or ""
    step = await second_step.find(found.database, step_id, request.scope["browser_nonce"])
    return (step_id, step) if step else None


def _step_expired(request: Request) -> Response:
    return _message(
        request,
        "Please sign in again",
        "The sign-in waiting for your code has expired or was finished. Enter your password again.",
        400,
        sign_in=True,
    )


async def code_page(request: Request) -> Response:
    if await _current_step(request, services(request)) is None:
        return _step_expired(request)
    return render(request, "auth/second_factor.html", {"errors": {}})


async def code_submit(request: Request) -> Response:
    found = services(request)
    current = await _current_step(request, found)
    if current is None:
        return _step_expired(request)
    step_id, step = current
    code = forms.text(await forms.read(request), "code", 64)
    used = await _second_factor(found, step.user_id, code)
    if used:
        if not await second_step.take(found.database, step_id):
            return _step_expired(request)
        response = await _signed_in(request, found, step.user_id, step.return_path, used)
        found.cookies.clear(response, second_step.COOKIE)
        return response
    return await _wrong_code(request, found, step_id, step.user_id)


async def _second_factor(found: Services, user_id: int, code: str) -> str:
    """How the code passed ("totp" or "recovery code"), or "" when it did not."""
    if await totp.accept(found.database, found.box, user_id, code, enabled=True):
        return "totp"
    if recovery.looks_like_one(code) and await recovery.use(found.database, user_id, code):
        await activity.record(found.database, "auth.recovery_code_used", user_id=user_id)
        return "recovery code"
    return ""


async def _wrong_code(request: Request, found: Services, step_id: str, user_id: int) -> Response:
    await activity.record(found.database, "auth.second_factor_failed", user_id=user_id, ip=client_ip(request))
    decision = await throttle.hit(found.database, f"second-factor:user:{user_id}", CODE_LIMIT, WINDOW)
    if not decision.allowed:
        # Too many guesses: the password must be entered again, later.
        await second_step.take(found.database, step_id)
        return _message(request, "Too many wrong codes", _wait(decision.retry_after), 429, sign_in=True)
    errors = {"code": "That code is not right, or was already used. Enter the current code from your app."}
    return render(request, "auth/second_factor.html", {"errors": errors}, status_code=422, blocks=("form",))


async def signup_page(request: Request) -> Response:
    return render(request, "auth/signup.html", {"form": {}, "errors": {}})


async def signup(request: Request) -> Response:
    found = services(request)
    values, errors, password = forms.signup(await forms.read(request))
    if not errors.get("username") and await users.username_taken(found.database, values["username"]):
        errors["username"] = "This username is taken; choose another."
    if errors:
        return render(
            request, "auth/signup.html", {"form": values, "errors": errors}, status_code=422, blocks=("form",)
        )
    if not (await throttle.hit(found.database, f"mail:ip:{client_ip(request)}", MAIL_LIMIT, 3600)).allowed:
        return _message(request, "Slow down a little", "Too many accounts were made from your address. Try later.", 429)
    hashed = await passwords.hash_password(password)
    user_id = await users.create(
        found.database,
        username=values["username"],
        first_name=values["first_name"],
        last_name=values["last_name"],
        password_hash=hashed,
    )
    await activity.record(found.database, "account.signed_up", user_id=user_id, ip=client_ip(request))
    response = htmx.redirect(request, "/auth/signup/sent")
    mail = await mails.for_address(found, user_id, values["username"], values["email"])
    send_after(response, found.settings, found.database, mail)
    return response


def _private(response: Response) -> Response:
    """No Referer from this page: mailed-link landings and the message pages around them."""
    response.headers.update(NO_REFERRER)
    return response


def _message(request: Request, title: str, message: str, status_code: int = 200, *, sign_in: bool = False) -> Response:
    """A page that only says something; to htmx it replaces the whole main region, not the form that asked."""
    context = {"title": title, "message": message, "sign_in": sign_in}
    response = render(request, "auth/message.html", context, status_code=status_code, blocks=("main",))
    if htmx.htmx(request).partial:
        htmx.retarget(response, "#main")
    return _private(response)


async def signup_sent(request: Request) -> Response:
    return _message(
        request,
        "Check your inbox",
        "Your account is ready: sign in with your username. We sent a link to your email address; open it within "
        "30 minutes to confirm the address, so you can sign in with it and reset your password if you forget it.",
    )


# A mailed link lands on its token URL only once: the token moves into a short-lived HttpOnly cookie and the browser
# goes on to a token-free page, so the token stays out of history and Referer headers. The landing answer says
# `no-referrer`; the form pages cannot, because browsers then send `Origin: null` with the form, which the CSRF
# origin check refuses; their addresses hold no secret.
LANDINGS = {email_tokens.VERIFY: "/auth/verify", email_tokens.RESET: "/auth/reset/new"}


def _cookie(purpose: str) -> str:
    return f"{purpose}_token"


async def verify_link(request: Request) -> Response:
    return _hand_off(request, email_tokens.VERIFY)


async def reset_link(request: Request) -> Response:
    return _hand_off(request, email_tokens.RESET)


def _hand_off(request: Request, purpose: str) -> Response:
    response = _private(RedirectResponse(LANDINGS[purpose], status_code=303))
    token = request.path_params["token"]
    if email_tokens.plausible(token):
        need(request, CookieJar).write(response, _cookie(purpose), token, max_age=email_tokens.LIFETIME)
    return response


def _held_token(request: Request, purpose: str) -> str:
    return need(request, CookieJar).read(request, _cookie(purpose)) or ""


def _link_expired(request: Request) -> Response:
    return _message(
        request, "This link has expired", "The link was already used or is older than 30 minutes.", status_code=400
    )


async def verify_page(request: Request) -> Response:
    if not await email_tokens.valid(need(request, Database), _held_token(request, "verify"), email_tokens.VERIFY):
        return _link_expired(request)
    return render(request, "auth/confirm.html", {"kind": "verify"})


async def verify(request: Request) -> Response:
    found = services(request)
    used = await email_tokens.consume(found.database, _held_token(request, "verify"), email_tokens.VERIFY)
    if used is None:
        return _link_expired(request)
    if not await users.set_verified_email(found.database, used.user_id, used.email):
        return _message(request, "Address already in use", "Another account already uses this address.", 409)
    await activity.record(found.database, "account.email_verified", user_id=used.user_id, ip=client_ip(request))
    response = _private(htmx.redirect(request, "/auth/verify/done"))
    found.cookies.clear(response, _cookie(email_tokens.VERIFY))
    return response


async def verify_done(request: Request) -> Response:
    return _message(request, "Email address confirmed", "Thank you: your email address is confirmed.", sign_in=True)


async def reset_page(request: Request) -> Response:
    return render(request, "auth/reset_request.html", {"form": {}, "errors": {}})


async def reset_request(request: Request) -> Response:
    found = services(request)
    email = forms.text(await forms.read(request), "email", forms.EMAIL_MAX + 1)
    problem = forms.email_problem(email)
    if problem:
        context = {"form": {"email": email}, "errors": {"email": problem}}
        return render(request, "auth/reset_request.html", context, status_code=422)
    response = _private(htmx.redirect(request, "/auth/reset/sent"))
    if (await throttle.hit(found.database, f"mail:ip:{client_ip(request)}", MAIL_LIMIT, 3600)).allowed:
        await _mail_reset_link(response, found, email, client_ip(request))
    return response


async def _mail_reset_link(response: Response, found: Services, email: str, ip: str) -> None:
    """Only an address that exactly one account holds, verified, gets a link; the answer is the same anyway."""
    matches = await users.by_verified_email(found.database, email)
    if len(matches) != 1:
        return
    user = matches[0]
    await activity.record(found.database, "account.password_reset_requested", user_id=user["id"], ip=ip)
    token = await email_tokens.issue(found.database, user["id"], email_tokens.RESET, user["email"])
    mail = replace(mails.reset(found.settings.base_url, user["email"], user["username"], token), user_id=user["id"])
    send_after(response, found.settings, found.database, mail)


async def reset_sent(request: Request) -> Response:
    return _message(
        request,
        "Check your inbox",
        "If an account has this confirmed address, we sent it a link to choose a new password. "
        "The link works once, within 30 minutes.",
    )


async def reset_form(request: Request) -> Response:
    if not await email_tokens.valid(need(request, Database), _held_token(request, "reset"), email_tokens.RESET):
        return _link_expired(request)
    return render(request, "auth/confirm.html", {"kind": "reset", "errors": {}})


async def reset(request: Request) -> Response:
    found = services(request)
    token = _held_token(request, "reset")
    password, errors = forms.new_password(await forms.read(request), "")
    if errors:
        if not await email_tokens.valid(found.database, token, email_tokens.RESET):
            return _link_expired(request)
        context = {"kind": "reset", "errors": errors}
        return render(request, "auth/confirm.html", context, status_code=422, blocks=("form",))
    used = await email_tokens.consume(found.database, token, email_tokens.RESET)
    if used is None:
        return _link_expired(request)
    await _new_password_after_reset(found, used.user_id, password)
    await activity.record(found.database, "account.password_reset", user_id=used.user_id, ip=client_ip(request))
    response = _private(htmx.redirect(request, "/auth/reset/done"))
    found.cookies.clear(response, "session")
    found.cookies.clear(response, _cookie(email_tokens.RESET))
    return response


async def _new_password_after_reset(found: Services, user_id: int, password: str) -> None:
    """Whoever held a session or a half-finished sign-in is out; 2FA stays on and is asked at the next sign-in."""
    await users.set_password(found.database, user_id, await passwords.hash_password(password))
    await sessions.delete_all(found.database, user_id)
    await second_step.forget_user(found.database, user_id)
    await email_tokens.forget(found.database, user_id, email_tokens.RESET)


async def reset_done(request: Request) -> Response:
    message = "Your password is changed and every session was signed out. Sign in again."
    return _message(request, "Password changed", message, sign_in=True)


async def status(request: Request) -> Response:
    user = request.scope.get("user")
    if not isinstance(user, Identity):
        return JSONResponse({"authenticated": False, "user": None})
    found = services(request)
    return JSONResponse(
        {
            "authenticated": True,
            "user": {
                "id": user.user_id,
                "username": user.username,
                "display_name": user.display_name,
                "email": user.email,
                "discord_id": user.discord_id,
                "two_factor": await totp.is_enabled(found.database, user.user_id),
                "permissions": sorted(await permissions_of(found.database, user.user_id)),
            },
        }
    )


routes = [
    Route("/login", sign_in, name="password_login", methods=["POST"]),
    Route("/login/code", code_page, name="second_factor", methods=["GET"]),
    Route("/login/code", code_submit, name="second_factor_submit", methods=["POST"]),
    Route("/signup", signup_page, name="signup", methods=["GET"]),
    Route("/signup", signup, name="signup_submit", methods=["POST"]),
    Route("/signup/sent", signup_sent, name="signup_sent"),
    Route("/verify", verify_page, name="verify", methods=["GET"]),
    Route("/verify", verify, name="verify_submit", methods=["POST"]),
    Route("/verify/done", verify_done, name="verify_done"),
    Route("/verify/{token}", verify_link, name="verify_link"),
    Route("/reset", reset_page, name="reset", methods=["GET"]),
    Route("/reset", reset_request, name="reset_submit", methods=["POST"]),
    Route("/reset/sent", reset_sent, name="reset_sent"),
    Route("/reset/done", reset_done, name="reset_done"),
    Route("/reset/new", reset_form, name="reset_form", methods=["GET"]),
    Route("/reset/new", reset, name="reset_password", methods=["POST"]),
    Route("/reset/{token}", reset_link, name="reset_link"),
    Route("/status", status, name="status"),
]
