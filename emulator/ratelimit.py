"""Discord's per-route rate limits: fixed-window buckets per route, major parameter and caller.

Every Discord API answer carries the `X-RateLimit-*` headers; an empty bucket answers a real 429. The limits
are deliberately small for the routes Discord publishes nothing about, so a dashboard that forgets to cache
finds out here; `EmulatorConfig.rate_limits` raises them for load tests.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass

from starlette.responses import JSONResponse

from emulator.state import State

Limit = tuple[int, float]  # requests per window, window in seconds

DEFAULT_LIMITS: dict[str, Limit] = {
    "GET /users/@me/guilds": (5, 5.0),
    "POST /channels/{channel_id}/messages": (5, 5.0),
    "PATCH /channels/{channel_id}/messages/{message_id}": (5, 5.0),
}
DEFAULT_LIMIT: Limit = (50, 1.0)
MAJOR_PARAMETERS = ("channel_id", "guild_id", "webhook_id")


@dataclass
class Bucket:
    name: str  # the opaque X-RateLimit-Bucket value, shared by every caller of the route
    limit: int
    per: float
    used: int = 0
    reset_at: float = 0.0

    def take(self, now: float) -> bool:
        if now >= self.reset_at:
            self.used, self.reset_at = 0, now + self.per
        if self.used >= self.limit:
            return False
        self.used += 1
        return True

    def reset_after(self, now: float) -> float:
        return max(0.0, self.reset_at - now)

    def headers(self, now: float) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.limit - self.used),
            "X-RateLimit-Reset": f"{self.reset_at:.3f}",
            "X-RateLimit-Reset-After": f"{self.reset_after(now):.3f}",
            "X-RateLimit-Bucket": self.name,
        }


def bucket_for(state: State, route: str, path_params: Mapping[str, str], caller: str) -> Bucket:
    major = next((path_params[p] for p in MAJOR_PARAMETERS if p in path_params), "")
    key = f"{route}|{major}|{caller}"
    bucket = state.buckets.get(key)
    if bucket is None:
        limit, per = state.config.rate_limits.get(route, state.config.default_rate_limit)
        bucket = Bucket(hashlib.sha256(route.encode()).hexdigest()[:32], limit, per)
        state.buckets[key] = bucket
    return bucket


def too_many_requests(retry_after: float, scope: str = "user") -> JSONResponse:
    """Discord's 429: the wait in the body (float seconds) and in `Retry-After` (whole seconds, rounded up)."""
    body = {"message": "You are being rate limited.", "retry_after": round(retry_after, 3), "global": scope == "global"}
    headers = {"Retry-After": str(math.ceil(retry_after)), "X-RateLimit-Scope": scope}
    if scope == "global":
        headers["X-RateLimit-Global"] = "true"
    return JSONResponse(body, 429, headers=headers)
