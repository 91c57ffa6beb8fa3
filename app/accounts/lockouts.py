"""Failed sign-ins, counted so that a guesser is stopped and the account's owner is not.

- Account and address: 5 wrong passwords in 15 minutes lock the account for that address only.
- Account: 20 wrong passwords in 15 minutes, from anywhere, lock it for every browser without its device cookie
  (app/auth/device_cookie.py). A browser with one gets through; its own failures are counted apart, and after 5
  its cookie is trusted no more.
- Address: past 20 wrong passwords in 15 minutes, for any accounts, one try every 5 seconds: slowed, not blocked,
  so an office behind one address keeps working.
- The second-factor code: 5 wrong codes in 15 minutes per account.

Every lockout is written to the activity log as it begins; an administrator can lift an account's lockouts, and a
password reset from the mailed link ends its password lockouts (not the code's).
Counters live in the throttle table (app/core/throttle.py) under keys that start with the account's prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

from databases import Database

from app.core import activity, throttle
from app.core.crypto import digest

WINDOW = 15 * 60
LIMITS = {"address": 5, "account": 20, "device": 5, "code": 5}
ADDRESS_LIMIT = 20
ADDRESS_PACE = 5


def prefix(subject: str) -> str:
    """Every counter of one account (`user-12`), or of a name no account holds (`name-bob`)."""
    return f"sign-in:{subject}:"


@dataclass(frozen=True)
class Attempt:
    subject: str
    user_id: int | None
    ip: str
    device: str  # the nonce of a device cookie this account trusts, or ""

    def counters(self) -> dict[str, str]:
        """The counters this attempt answers to, by scope: a trusted device's own, else the account's and the pair's."""
        if self.device:
            return {"device": f"{prefix(self.subject)}device:{digest(self.device)[:32]}"}
        return {"address": f"{prefix(self.subject)}address:{self.ip}", "account": f"{prefix(self.subject)}account"}


async def attempt(database: Database, subject: str, user_id: int | None, ip: str, device: str) -> Attempt:
    """The attempt, trusting its device cookie unless that cookie has failed too often itself."""
    if device:
        trusted = Attempt(subject, user_id, ip, device)
        if (await throttle.peek(database, trusted.counters()["device"], LIMITS["device"], WINDOW)).allowed:
            return trusted
    return Attempt(subject, user_id, ip, "")


async def wait(database: Database, attempt: Attempt) -> int:
    """Seconds before this attempt may be checked: 0 when it may be now. Counts the try when its address is slowed."""
    address = await throttle.peek(database, f"sign-in:ip:{attempt.ip}", ADDRESS_LIMIT, WINDOW)
    if not address.allowed:
        paced = await throttle.hit(database, f"sign-in:pace:{attempt.ip}", 1, ADDRESS_PACE)
        if not paced.allowed:
            return paced.retry_after
    waits = [
        (await throttle.peek(database, key, LIMITS[scope], WINDOW)).retry_after
        for scope, key in attempt.counters().items()
    ]
    return max(waits)


async def failed(database: Database, attempt: Attempt) -> None:
    """Count a wrong password; log each lockout it begins."""
    for scope, key in attempt.counters().items():
        if _begins(await throttle.hit(database, key, LIMITS[scope], WINDOW)):
            await _record(database, attempt, scope)
    if _begins(await throttle.hit(database, f"sign-in:ip:{attempt.ip}", ADDRESS_LIMIT, WINDOW)):
        await _record(database, attempt, "address slowed")


async def succeeded(database: Database, attempt: Attempt) -> None:
    """The owner got in from here: this address's (or this device's) failures are forgiven."""
    for scope, key in attempt.counters().items():
        if scope != "account":
            await throttle.clear(database, key)


async def code_wait(database: Database, user_id: int) -> int:
    return (await throttle.peek(database, _code_key(user_id), LIMITS["code"], WINDOW)).retry_after


async def code_failed(database: Database, user_id: int, ip: str) -> None:
    if _begins(await throttle.hit(database, _code_key(user_id), LIMITS["code"], WINDOW)):
        await _record(database, Attempt(f"user-{user_id}", user_id, ip, ""), "code")


def _code_key(user_id: int) -> str:
    return f"{prefix(f'user-{user_id}')}code"


def _begins(decision: throttle.Decision) -> bool:
    """This event was the last one allowed: the next is refused, so a lockout begins with it."""
    return decision.allowed and decision.left == 0


async def _record(database: Database, attempt: Attempt, scope: str) -> None:
    await activity.record(database, "auth.locked_out", user_id=attempt.user_id, ip=attempt.ip, scope=scope)


@dataclass(frozen=True)
class Lockout:
    scope: str  # "address", "account", "device" or "code"
    detail: str  # the address, for an address lockout
    retry_after: int


async def of_user(database: Database, user_id: int) -> list[Lockout]:
    """The account's lockouts in force now, as its administrator page lists them."""
    found = []
    for count in await throttle.counting(database, prefix(f"user-{user_id}"), WINDOW):
        scope, _, detail = count.key.removeprefix(prefix(f"user-{user_id}")).partition(":")
        if count.hits >= LIMITS.get(scope, 0) > 0:
            found.append(Lockout(scope, detail if scope == "address" else "", count.retry_after))
    return found


async def lift(database: Database, user_id: int) -> None:
    await throttle.clear_prefix(database, prefix(f"user-{user_id}"))


async def lift_passwords(database: Database, user_id: int) -> None:
    """After a password reset: the wrong guesses of the old password no longer count; wrong codes still do."""
    for scope in ("address", "account", "device"):
        await throttle.clear_prefix(database, f"{prefix(f'user-{user_id}')}{scope}")
