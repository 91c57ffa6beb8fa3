"""Guildhall, the dashboard. Its packages and the one direction they depend in are drawn in README.md."""

from app.core import convertors as _convertors  # noqa: F401  registers the `{name:id}` path convertor first

__all__: list[str] = []
