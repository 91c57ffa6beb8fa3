"""Recovery codes: ten single-use codes, shown once, stored as SHA-256 digests.

Each code carries 80 random bits, so a fast digest is enough: nobody can enumerate 2^80 candidates offline.
Right after they are made the codes are kept sealed in `totp.reveal` until the page that shows them is read once.
"""

from __future__ import annotations

import json
import secrets

from databases import Database

from app.core import db
from app.core.crypto import Box, digest

COUNT = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy by hand
_LENGTH = 16  # 31^16 > 2^79


def normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _LENGTH, 4))


def looks_like_one(code: str) -> bool:
    return len(normalise(code)) == _LENGTH


async def replace(database: Database, box: Box, user_id: int) -> list[str]:
    """A new set of codes (the old ones stop working), kept sealed for one showing."""
    codes = [new_code() for _ in range(COUNT)]
    await database.execute("DELETE FROM recovery_codes WHERE user_id = :u", {"u": user_id})
    for code in codes:
        await database.execute(
            "INSERT INTO recovery_codes (user_id, code_hash) VALUES (:u, :h)",
            {"u": user_id, "h": digest(normalise(code))},
        )
    await database.execute(
        "UPDATE totp SET reveal = :r WHERE user_id = :u", {"r": box.seal(json.dumps(codes)), "u": user_id}
    )
    return codes


async def reveal_once(database: Database, box: Box, user_id: int) -> list[str]:
    """The codes made last, the first time they are asked for; an empty list after that."""
    sealed = await database.fetch_val("SELECT reveal FROM totp WHERE user_id = :u", {"u": user_id})
    if not sealed:
        return []
    # Compare-and-clear: of two tabs loading the page at once, one shows the codes.
    taken = await database.fetch_val(
        "UPDATE totp SET reveal = NULL WHERE user_id = :u AND reveal = :r RETURNING user_id",
        {"u": user_id, "r": sealed},
    )
    if taken is None:
        return []
    codes: list[str] = json.loads(box.open(sealed))
    return codes


async def use(database: Database, user_id: int, code: str) -> bool:
    """Spend one code; only one caller can spend it."""
    spent = await database.fetch_val(
        "UPDATE recovery_codes SET used_at = :t WHERE user_id = :u AND code_hash = :h AND used_at IS NULL RETURNING id",
        {"t": db.now(), "u": user_id, "h": digest(normalise(code))},
    )
    return spent is not None


async def remaining(database: Database, user_id: int) -> int:
    count = await database.fetch_val(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = :u AND used_at IS NULL", {"u": user_id}
    )
    return int(count or 0)
