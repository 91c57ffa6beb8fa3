"""Guildhall, the dashboard. Its packages and the one direction they depend in are drawn in README.md."""

from app.core import convertors as _convertors  # registers the `{name:id}` path convertor before any route is made

__all__: list[str] = []
