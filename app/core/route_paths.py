"""The path of a named route, from a table of the app's routes built once.

Starlette finds a route by name by asking every route in turn, each refusing with an exception: up to 100 µs a
link, and the editor writes a dozen. The table answers the same (the same names, `mount:child` inside a named
Mount, the same convertors) in one dictionary lookup.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.convertors import Convertor
from starlette.requests import HTTPConnection
from starlette.routing import BaseRoute, Mount, NoMatchFound, Route, WebSocketRoute, replace_params


@dataclass(frozen=True)
class _Pattern:
    path_format: str
    convertors: dict[str, Convertor[Any]]


Key = tuple[str, frozenset[str]]
Table = dict[Key, _Pattern]
Paths = Callable[..., str]
PATHS_KEPT = 4096  # the links of a few hundred guilds' pages, each a short string
_TABLES: weakref.WeakKeyDictionary[Starlette, Paths] = weakref.WeakKeyDictionary()


def path_for(connection: HTTPConnection, name: str, /, **params: Any) -> str:
    """The path of route `name` with `params`, below the app's root path; NoMatchFound as Starlette raises it."""
    scope = connection.scope
    # Inside a Mount, `root_path` has grown by the mount's prefix: the app's own is kept apart.
    root_path: str = scope.get("app_root_path", scope.get("root_path", ""))
    return root_path + app_path_for(scope["app"], name, **params)


def app_path_for(app: Starlette, name: str, /, **params: Any) -> str:
    paths = _TABLES.get(app)
    if paths is None:
        paths = _TABLES[app] = _paths_of(dict(_patterns(app.routes, "", "", {})))
    return paths(name, **params)


def _paths_of(table: Table) -> Paths:
    """The table's paths, each kept once made: every page writes the same few links again (13 on a guild's overview,
    about 14 µs of its 250 µs), and parameters are strings and numbers."""

    @functools.lru_cache(maxsize=PATHS_KEPT)
    def path(name: str, /, **params: Any) -> str:
        pattern = table.get((name, frozenset(params)))
        if pattern is None:
            raise NoMatchFound(name, params)
        made, _ = replace_params(pattern.path_format, pattern.convertors, dict(params))
        return made

    return path


def _patterns(
    routes: Iterable[BaseRoute], prefix: str, names: str, outer: Mapping[str, Convertor[Any]]
) -> Iterable[tuple[Key, _Pattern]]:
    """Every named route as ((name, its parameters), pattern), the first of a name and parameters winning, as
    Starlette's search in order would."""
    found: Table = {}
    for route in routes:
        for key, pattern in _of(route, prefix, names, outer):
            found.setdefault(key, pattern)
    return found.items()


def _of(
    route: BaseRoute, prefix: str, names: str, outer: Mapping[str, Convertor[Any]]
) -> Iterable[tuple[Key, _Pattern]]:
    if isinstance(route, Route | WebSocketRoute) and route.name:
        yield _named(names + route.name, prefix + route.path_format, {**outer, **route.param_convertors})
    elif isinstance(route, Mount):
        # A Mount's format is its path and "/{path}", the rest of the path that it hands on.
        convertors = {**outer, **route.param_convertors}
        if route.name:  # the Mount itself, for a file below it: url_for("static", path=...)
            yield _named(names + route.name, prefix + route.path_format, convertors)
        handed_on = {key: value for key, value in convertors.items() if key != "path"}
        inner = names + (f"{route.name}:" if route.name else "")
        yield from _patterns(route.routes or [], prefix + route.path_format.removesuffix("/{path}"), inner, handed_on)


def _named(name: str, path_format: str, convertors: dict[str, Convertor[Any]]) -> tuple[Key, _Pattern]:
    return (name, frozenset(convertors)), _Pattern(path_format, convertors)
