"""Browser hardening headers on every response."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.settings import Settings


def content_security_policy(settings: Settings) -> str:
    # A trailing slash makes the path a prefix: without it CSP matches that exact path only.
    # Previews show media from any https host, as Discord does; scripts stay locked to this origin.
    images = f"'self' data: https: {settings.discord_cdn_base}/"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


class SecurityHeaders:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        headers = {
            "Content-Security-Policy": content_security_policy(settings),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "X-Frame-Options": "DENY",
            "Cross-Origin-Opener-Policy": "same-origin",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        }
        if settings.https:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        # Encoded once, as ASGI sends them: every response carries them all.
        self.raw = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = self.added_to(list(message.get("headers", ())))
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def added_to(self, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        """`headers` with each hardening header the response did not set itself (a page may set its own
        Referrer-Policy). ASGI response header names are lower-case."""
        present = {name for name, _ in headers}
        headers.extend(pair for pair in self.raw if pair[0] not in present)
        return headers
