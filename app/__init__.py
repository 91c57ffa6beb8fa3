"""Guildhall, the dashboard. Its packages and the one direction they depend in are drawn in README.md."""

# Registers the `{name:id}` path convertor on import, before any module of the app makes a route.
from app.core import convertors  # noqa: F401
