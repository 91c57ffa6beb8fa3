"""The fixture world's fixed pieces: interaction signing, avatars, the 50035 tree builder."""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass

import httpx2
import nacl.exceptions
import nacl.signing
import pytest

from emulator import fixtures
from emulator.errors import error_tree
from emulator.form_errors import problem_entries


def test_signed_interaction_verifies_with_the_public_key() -> None:
    body = json.dumps({"type": 1}).encode()
    headers = fixtures.sign_interaction(body, "1700000000")
    key = nacl.signing.VerifyKey(bytes.fromhex(fixtures.INTERACTIONS_PUBLIC_KEY_HEX))
    key.verify(b"1700000000" + body, bytes.fromhex(headers["X-Signature-Ed25519"]))
    assert headers["X-Signature-Timestamp"] == "1700000000"
    with pytest.raises(nacl.exceptions.BadSignatureError):
        key.verify(b"1700000000" + body + b" ", bytes.fromhex(headers["X-Signature-Ed25519"]))


def test_key_pair_belongs_together() -> None:
    private = nacl.signing.SigningKey(bytes.fromhex(fixtures.INTERACTIONS_PRIVATE_KEY_HEX))
    assert private.verify_key.encode().hex() == fixtures.INTERACTIONS_PUBLIC_KEY_HEX


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_avatars_are_pngs(http: httpx2.Client) -> None:
    ada = fixtures.USERS["100000000000000001"]
    avatar = http.get(f"/discord/cdn/avatars/{ada.id}/{ada.avatar}.png", params={"size": 64})
    assert avatar.headers["content-type"] == "image/png"
    assert png_size(avatar.content) == (64, 64)
    assert png_size(http.get("/discord/cdn/embed/avatars/5.png").content) == (128, 128)
    assert http.get(f"/discord/cdn/avatars/{ada.id}/0000.png").status_code == 404
    assert http.get("/discord/cdn/embed/avatars/6.png").status_code == 404
    assert http.get("/github/avatars/u/5001").status_code == 200


def test_only_ada_and_grace_have_avatar_hashes() -> None:
    assert [u.username for u in fixtures.USERS.values() if u.avatar] == ["ada", "grace"]


@dataclass(frozen=True)
class FakeProblem:
    path: str
    rule: str
    severity: str
    message: str


def test_problems_become_a_discord_error_tree() -> None:
    problems = [
        FakeProblem("components[0].components[2].label", "button.label.max_length", "error", "Too long."),
        FakeProblem("components[0].components[2].label", "button.label.mobile", "warning", "Truncates."),
        FakeProblem("components[1]", "container.required", "error", "Missing."),
        FakeProblem("", "message.empty", "error", "Empty."),
    ]
    tree = error_tree(problem_entries(problems))
    label = tree["components"]["0"]["components"]["2"]["label"]["_errors"]
    assert label == [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Too long."}]
    assert tree["components"]["1"]["_errors"][0]["code"] == "BASE_TYPE_REQUIRED"
    assert tree["_errors"][0]["message"] == "Empty."
