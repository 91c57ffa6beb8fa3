"""What can go wrong when Guildhall talks to Discord.

DiscordError                 any answer that is not a success, or no answer at all
 ├── Unauthorized            401: the token is bad, expired or revoked; never use it again
 ├── Forbidden               403: 50001 Missing Access, 50013 Missing Permissions
 ├── NotFound                404: 10003 Unknown Channel, 10004 Unknown Guild, 10008 Unknown Message
 ├── InvalidFormBody         400 with code 50035; `errors` mirrors the payload
 ├── RateLimited             429; `retry_after` seconds, `scope` user|global|shared
 ├── Unavailable             5xx, a time-out or a network failure: worth a later try
 │    └── TimedOut           sent, but no answer in time: Discord may have acted on it
 └── OAuthFailed             the token endpoint refused a code or a refresh token (invalid_grant...)
"""

from __future__ import annotations

from typing import Any


class DiscordError(Exception):
    def __init__(self, message: str, *, status: int = 0, code: int = 0, body: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.body = body


class Unauthorized(DiscordError):
    pass


class Forbidden(DiscordError):
    pass


class NotFound(DiscordError):
    pass


class InvalidFormBody(DiscordError):
    @property
    def errors(self) -> Any:
        return self.body.get("errors", {}) if isinstance(self.body, dict) else {}


class RateLimited(DiscordError):
    def __init__(self, message: str, *, retry_after: float, scope: str = "user", **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after
        self.scope = scope


class Unavailable(DiscordError):
    pass


class TimedOut(Unavailable):
    pass


class OAuthFailed(DiscordError):
    pass
