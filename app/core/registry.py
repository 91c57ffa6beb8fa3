"""The process's long-lived objects (settings, database, Discord client...), found by their type.

They are made once where the app is wired (`app/services.py`, `app/web.py`) and put on the application's state;
a feature asks for what it needs with `need(request, Discord)`, so no feature imports the wiring back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from starlette.datastructures import State
from starlette.requests import HTTPConnection

T = TypeVar("T")


def provide(state: State, objects: Iterable[object]) -> None:
    """Make each object findable by its class and the classes it derives from (SQLite's database is a Database)."""
    provided: dict[type, object] = {}
    for found in objects:
        for kind in type(found).__mro__[:-1]:
            provided.setdefault(kind, found)
    state.provided = provided


def need(connection: HTTPConnection, kind: type[T]) -> T:
    found = connection.app.state.provided[kind]
    assert isinstance(found, kind)
    return found
