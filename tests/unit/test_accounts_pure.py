"""Pure pieces of local accounts: password rules, TOTP steps, recovery codes, device names."""

from __future__ import annotations

import subprocess
import sys

import pyotp
import pytest
from argon2 import Type

from app.accounts import devices, forms, passwords, recovery, totp


def test_common_password_list_is_shipped_and_used() -> None:
    common = passwords.common_passwords()
    assert len(common) > 200 and "password123" in common
    assert passwords.problem("Password123") != ""
    assert passwords.problem("a perfectly fine passphrase") == ""


def test_production_hashes_with_owasps_argon2id_parameters() -> None:
    chosen = passwords.PRODUCTION
    assert (chosen.type, chosen.time_cost, chosen.memory_cost, chosen.parallelism) == (Type.ID, 2, 19456, 1)
    # A process that is not a test session hashes with them: only the tests' fixture chooses another hasher.
    hashed = subprocess.run(
        [sys.executable, "-c", "from app.accounts import passwords; print(passwords.hasher().hash('x'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_tests_hash_cheaply_and_still_verify() -> None:
    assert passwords.hasher() is not passwords.PRODUCTION
    hashed = passwords.hasher().hash("a perfectly fine passphrase")
    assert hashed.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert passwords.hasher().verify(hashed, "a perfectly fine passphrase")


def test_totp_steps_within_the_drift_only() -> None:
    secret = pyotp.random_base32(32)
    now = 1_800_000_000
    code = pyotp.TOTP(secret)
    assert totp.matching_step(secret, code.at(now), now) == code.timecode(now)
    assert totp.matching_step(secret, code.at(now - 30), now) == code.timecode(now) - 1
    assert totp.matching_step(secret, code.at(now - 90), now) is None
    assert totp.matching_step(secret, "12345", now) is None and totp.matching_step(secret, "abcdef", now) is None


def test_recovery_codes_are_random_and_normalised() -> None:
    codes = {recovery.new_code() for _ in range(100)}
    assert len(codes) == 100
    sample = next(iter(codes))
    assert len(sample) == 19 and recovery.looks_like_one(sample.upper()) and recovery.looks_like_one(sample)
    assert recovery.normalise(f" {sample.upper()} ") == sample.replace("-", "")


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36 Edg/140.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/18.0 Safari/605.1.15",
            "Safari on macOS",
        ),
        ("Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 Chrome/140.0 Mobile Safari/537.36", "Chrome on Android"),
        ("curl/8.5.0", "curl"),
        ("", "Unknown device"),
    ],
)
def test_device_names(agent: str, name: str) -> None:
    assert devices.summary(agent) == name


@pytest.mark.parametrize(
    ("text", "wanted"), [("12", 12), ("0", 0), ("¹", None), ("١٢", None), ("-1", None), ("9" * 16, None)]
)
def test_ids_from_paths_and_forms(text: str, wanted: int | None) -> None:
    assert forms.ident(text) == wanted
