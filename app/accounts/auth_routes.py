"""The local-account routes served under /auth: password sign-in and its code step, sign-up, email verification,
password reset, and the status for scripts."""

from __future__ import annotations

from starlette.routing import Route

from app.accounts.code_step import code_page, code_submit
from app.accounts.password_sign_in import sign_in
from app.accounts.reset_routes import reset, reset_done, reset_form, reset_link, reset_page, reset_request, reset_sent
from app.accounts.signup_routes import signup, signup_page, signup_sent
from app.accounts.status_routes import status
from app.accounts.verify_routes import verify, verify_done, verify_link, verify_page

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
