"""Discord's Components V2 as a pure library: the spec's limits and field tables, where each type may stand,
validation with its rules (every problem at its path), Discord's own verdict mapped onto those paths, the payload
model and tree edits the builder performs, counters, starters, JSON in and out, and `guildhall validate`.

May import: the standard library only (nothing of the web, nothing else of the app);
tests/unit/test_package_order.py keeps it so.
"""
