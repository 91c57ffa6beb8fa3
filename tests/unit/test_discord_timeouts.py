"""A time-out says whether the request may have reached Discord: a publish that timed out may have been posted."""

from __future__ import annotations

import asyncio

import httpx2
import pytest

from app.discord import errors
from app.discord.client import Discord
from app.settings import Settings


async def _raising(exc: Exception) -> None:
    raise exc


async def _guarded(exc: Exception) -> None:
    async with httpx2.AsyncClient() as http:
        await Discord(Settings(), http)._guard(_raising(exc))


@pytest.mark.parametrize(
    ("raised", "kind"),
    [
        (httpx2.ConnectTimeout("connect"), errors.Unavailable),
        (httpx2.PoolTimeout("pool"), errors.Unavailable),
        (httpx2.ReadTimeout("read"), errors.TimedOut),
        (httpx2.WriteTimeout("write"), errors.TimedOut),
        (httpx2.ConnectError("refused"), errors.Unavailable),
    ],
)
def test_time_outs_tell_whether_discord_may_have_acted(raised: Exception, kind: type[errors.DiscordError]) -> None:
    with pytest.raises(errors.DiscordError) as caught:
        asyncio.run(_guarded(raised))
    assert type(caught.value) is kind
