"""Reading and checking submitted forms: plain dicts in, (values, errors) out, never an exception.

`values` keeps what the person typed (minus passwords) so a 422 page can show it again; `errors` maps a field
name to the message shown under it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from starlette.requests import Request

from app.accounts import passwords

Form = Mapping[str, str]
Values = dict[str, str]
Errors = dict[str, str]

USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,32}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NAME_MAX = 64
EMAIL_MAX = 254


async def read(request: Request) -> Form:
    """The submitted text fields (the first of each name); uploaded files are dropped and closed at once."""
    async with request.form() as form:
        return {name: value for name, value in reversed(form.multi_items()) if isinstance(value, str)}


def text(form: Form, name: str, limit: int = 1000) -> str:
    """A single text field, trimmed and cut to `limit`."""
    return form.get(name, "").strip()[:limit]


def secret(form: Form, name: str) -> str:
    """A password field as typed (spaces count); anything absurdly long is cut and then fails the length rule."""
    return form.get(name, "")[: passwords.MAX_LENGTH + 1]


def ident(value: object) -> int | None:
    """A row id from a path or a form: a positive integer a database column can hold, or None."""
    text = str(value)
    # isdigit alone accepts "¹" and other digits int() refuses.
    if not (text.isascii() and text.isdigit()) or len(text) > 15:
        return None
    return int(text)


def username_problem(username: str) -> str:
    if not USERNAME.match(username):
        return "Use 3 to 32 letters, digits, dots, dashes or underscores."
    return ""


def email_problem(email: str) -> str:
    if not email:
        return "Enter your email address."
    if len(email) > EMAIL_MAX or not EMAIL.match(email):
        return "Enter an email address like name@example.com."
    return ""


def name_problem(name: str) -> str:
    return f"Use at most {NAME_MAX} characters." if len(name) > NAME_MAX else ""


def names(form: Form) -> tuple[Values, Errors]:
    values = {"first_name": text(form, "first_name", NAME_MAX + 1), "last_name": text(form, "last_name", NAME_MAX + 1)}
    errors = {key: problem for key, value in values.items() if (problem := name_problem(value))}
    return values, errors


def signup(form: Form) -> tuple[Values, Errors, str]:
    """Sign-up fields: values, errors (in the form's order), and the password, kept apart: it is never sent back."""
    name_values, name_errors = names(form)
    values = {"username": text(form, "username", 64), "email": text(form, "email", EMAIL_MAX + 1), **name_values}
    password = secret(form, "password")
    found = {
        "username": username_problem(values["username"]),
        "email": email_problem(values["email"]),
        "password": passwords.problem(password, username=values["username"]),
    }
    errors = {key: problem for key, problem in found.items() if problem} | name_errors
    return values, errors, password


def new_password(form: Form, username: str, field: str = "new_password") -> tuple[str, Errors]:
    password = secret(form, field)
    problem = passwords.problem(password, username=username)
    return password, ({field: problem} if problem else {})


def required(values: Values, labels: dict[str, str]) -> Errors:
    return {name: f"Enter your {label}." for name, label in labels.items() if not values.get(name)}
