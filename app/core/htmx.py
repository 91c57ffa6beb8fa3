"""What htmx tells us about a request, and the response headers it understands."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import HTTPConnection
from starlette.responses import Response


@dataclass(frozen=True)
class HtmxDetails:
    request: bool
    boosted: bool
    history_restore: bool

    @property
    def partial(self) -> bool:
        """htmx 2 wants a fragment only for its own, non-boosted, non-history requests."""
        return self.request and not self.boosted and not self.history_restore


def htmx(connection: HTTPConnection) -> HtmxDetails:
    headers = connection.headers
    return HtmxDetails(
        request=headers.get("hx-request") == "true",
        boosted=headers.get("hx-boosted") == "true",
        history_restore=headers.get("hx-history-restore-request") == "true",
    )


def redirect(connection: HTTPConnection, url: str) -> Response:
    """A 303 for browsers; for htmx, HX-Redirect so a whole page replaces the fragment's target."""
    if htmx(connection).request:
        return Response(status_code=204, headers={"HX-Redirect": url})
    return Response(status_code=303, headers={"Location": url})


def retarget(response: Response, target: str, swap: str = "innerHTML") -> Response:
    response.headers["HX-Retarget"] = target
    response.headers["HX-Reswap"] = swap
    return response
