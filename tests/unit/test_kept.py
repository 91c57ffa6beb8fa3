"""The kept pages stay within their size, letting go of those least recently asked for first."""

from __future__ import annotations

from app.core.kept import KeptPages


def test_kept_pages_stay_within_their_size_and_drop_the_least_recently_read() -> None:
    kept = KeptPages(size=30)
    kept.put("a", b"x" * 10)
    kept.put("b", b"x" * 10)
    kept.put("c", b"x" * 10)
    assert kept.get("a") == b"x" * 10  # read: now the most recent
    kept.put("d", b"x" * 10)
    assert kept.get("b") is None and kept.get("a") is not None and kept.get("d") is not None


def test_a_page_kept_again_is_counted_once_and_one_too_big_is_still_kept_alone() -> None:
    kept = KeptPages(size=30)
    for _ in range(5):
        kept.put("a", b"x" * 10)
    kept.put("b", b"x" * 20)
    assert kept.get("a") is not None and kept.get("b") is not None
    kept.put("huge", b"x" * 100)
    assert kept.get("huge") is not None and kept.get("a") is None and kept.get("b") is None
