"""Avatars and icons as small solid-colour PNGs made in code, so pages show images with no network."""

from __future__ import annotations

import hashlib
import struct
import zlib
from functools import cache

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from emulator import fixtures
from emulator.state import emulator_state

# Discord's default avatar colours, indexed by `(user_id >> 22) % 6`.
EMBED_COLOURS = (
    (0x58, 0x65, 0xF2),
    (0x75, 0x7E, 0x8A),
    (0x3B, 0xA5, 0x5C),
    (0xFA, 0xA6, 0x1A),
    (0xED, 0x42, 0x45),
    (0xEB, 0x45, 0x9F),
)
SIZES = frozenset(2**n for n in range(4, 13))  # 16 .. 4096, as Discord accepts
DRAWN_MAX = 128  # bigger requests get a 128 px image: the colour is all there is to see
CACHE_HEADERS = {"Cache-Control": "public, max-age=86400"}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@cache
def solid_png(rgb: tuple[int, int, int], size: int) -> bytes:
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    rows = (b"\x00" + bytes(rgb) * size) * size  # filter byte 0, then the pixels, for every row
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")


def colour_of(seed: str) -> tuple[int, int, int]:
    digest = hashlib.sha256(seed.encode()).digest()
    return digest[0], digest[1], digest[2]


def _png(request: Request, rgb: tuple[int, int, int]) -> Response:
    raw = request.query_params.get("size", "128")
    if not raw.isdecimal() or int(raw) not in SIZES:
        return PlainTextResponse("400: Bad Request", 400)
    return Response(solid_png(rgb, min(int(raw), DRAWN_MAX)), media_type="image/png", headers=CACHE_HEADERS)


def _not_found() -> Response:
    return PlainTextResponse("404: Not Found", 404)


async def avatar(request: Request) -> Response:
    user = fixtures.discord_user(request.path_params["user_id"])
    if user is None or user.avatar is None or user.avatar != request.path_params["avatar_hash"]:
        return _not_found()
    return _png(request, colour_of(user.avatar))


async def embed_avatar(request: Request) -> Response:
    index: int = request.path_params["index"]
    return _png(request, EMBED_COLOURS[index]) if index < len(EMBED_COLOURS) else _not_found()


async def guild_icon(request: Request) -> Response:
    guild = emulator_state(request).guilds.get(request.path_params["guild_id"])
    if guild is None or guild.fixture.icon is None or guild.fixture.icon != request.path_params["icon_hash"]:
        return _not_found()
    return _png(request, colour_of(guild.fixture.icon))


async def github_avatar(request: Request) -> Response:
    found = fixtures.GITHUB_USERS.get(request.path_params["github_id"])
    return _png(request, colour_of(found.login)) if found else _not_found()


routes = [
    Route("/discord/cdn/avatars/{user_id}/{avatar_hash}.png", avatar, methods=["GET"]),
    Route("/discord/cdn/embed/avatars/{index:int}.png", embed_avatar, methods=["GET"]),
    Route("/discord/cdn/icons/{guild_id}/{icon_hash}.png", guild_icon, methods=["GET"]),
    Route("/github/avatars/u/{github_id:int}", github_avatar, methods=["GET"]),
]
