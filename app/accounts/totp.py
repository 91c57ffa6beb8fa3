"""TOTP second factor: a 160-bit secret sealed at rest, each time step accepted once.

The secret is created when enrolment starts (`enabled` FALSE) and switched on only by a valid code. The last
accepted time step is stored, and a code is accepted only for a later step, so an overheard code cannot be replayed.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import pyotp
from databases import Database

from app.core import db
from app.core.crypto import Box

ISSUER = "Guildhall"
SECRET_CHARS = 32  # base32: 32 x 5 = 160 bits, as RFC 4226 recommends
DRIFT_STEPS = 1  # accept the neighbouring 30 s steps: phone clocks drift


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str
    qr_data_uri: str


def qr_data_uri(uri: str) -> str:
    """The QR code as an <img>-ready data URI: no inline script or style reaches the page."""
    import segno  # only at enrolment: not a megabyte in every process for a page few people open

    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, border=2, dark="#000", light="#fff", xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def enrolment(secret: str, account_name: str) -> Enrolment:
    uri = pyotp.TOTP(secret).provisioning_uri(name=account_name, issuer_name=ISSUER)
    return Enrolment(secret, uri, qr_data_uri(uri))


def matching_step(secret: str, code: str, now: int) -> int | None:
    """The time step `code` belongs to (within the drift), or None."""
    code = "".join(code.split())
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


async def state(database: Database, user_id: int) -> dict[str, object] | None:
    return db.row(
        await database.fetch_one(
            "SELECT secret, enabled, last_step, reveal FROM totp WHERE user_id = :u", {"u": user_id}
        )
    )


async def is_enabled(database: Database, user_id: int) -> bool:
    found = await database.fetch_val("SELECT enabled FROM totp WHERE user_id = :u", {"u": user_id})
    return bool(found)


async def pending_secret(database: Database, box: Box, user_id: int) -> str:
    """The secret of the enrolment under way, created on first use (reloading the page keeps the same QR code)."""
    found = await state(database, user_id)
    if found is not None and not found["enabled"]:
        return box.open(str(found["secret"]))
    secret = pyotp.random_base32(SECRET_CHARS)
    await database.execute(
        "INSERT INTO totp (user_id, secret, enabled, last_step, created_at) VALUES (:u, :s, FALSE, 0, :t)",
        {"u": user_id, "s": box.seal(secret), "t": db.now()},
    )
    return secret


async def accept(database: Database, box: Box, user_id: int, code: str, *, enabled: bool) -> bool:
    """Accept `code` once: the stored last step only moves forward, and only one caller can move it."""
    found = await state(database, user_id)
    if found is None or bool(found["enabled"]) != enabled:
        return False
    step = matching_step(box.open(str(found["secret"])), code, db.now())
    if step is None:
        return False
    moved = await database.fetch_val(
        "UPDATE totp SET last_step = :s WHERE user_id = :u AND last_step < :s RETURNING user_id",
        {"s": step, "u": user_id},
    )
    return moved is not None


async def switch_on(database: Database, user_id: int) -> None:
    await database.execute("UPDATE totp SET enabled = TRUE WHERE user_id = :u", {"u": user_id})


async def remove(database: Database, user_id: int) -> None:
    await database.execute("DELETE FROM totp WHERE user_id = :u", {"u": user_id})
    await database.execute("DELETE FROM recovery_codes WHERE user_id = :u", {"u": user_id})
