"""Is this request really from Discord? Ed25519 over `X-Signature-Timestamp + body`, and not an old one."""

from __future__ import annotations

import time

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

MAX_AGE_SECONDS = 300


def signed_by_discord(public_key_hex: str, signature_hex: str, timestamp: str, body: bytes) -> bool:
    """True only for a valid signature on a timestamp less than five minutes old."""
    if not (public_key_hex and signature_hex and timestamp.isdigit()):
        return False
    if abs(time.time() - int(timestamp)) > MAX_AGE_SECONDS:
        return False
    try:
        VerifyKey(bytes.fromhex(public_key_hex)).verify(timestamp.encode() + body, bytes.fromhex(signature_hex))
    except (BadSignatureError, ValueError):
        return False
    return True
