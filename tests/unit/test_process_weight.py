"""What a SQLite dashboard does not load: asyncpg (3 MB, for PostgreSQL's exception classes) and segno (1 MB, for
the QR code of a TOTP enrolment). The server's peak memory is measured by `make bench`; this keeps the two out."""

from __future__ import annotations

import subprocess
import sys

from app.settings import ROOT

BUILD_A_SQLITE_APP = """
import sys
from cryptography.fernet import Fernet
from app.settings import Settings
from app.web import create_app
create_app(Settings(
    base_url="http://testserver",
    secret_key="weight-test-secret-key-0123456789abcdef",
    encryption_keys=(Fernet.generate_key().decode(),),
    database_url="sqlite+aiosqlite:///:memory:",
    development=True,
))
print(" ".join(sorted(name for name in ("asyncpg", "segno") if name in sys.modules)))
"""


def test_a_sqlite_dashboard_loads_neither_asyncpg_nor_segno() -> None:
    loaded = subprocess.run(  # noqa: S603 - our own interpreter, our own script
        [sys.executable, "-c", BUILD_A_SQLITE_APP], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""
