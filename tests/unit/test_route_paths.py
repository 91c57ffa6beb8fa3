"""The route table answers every route name exactly as Starlette's search through the routes would."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet
from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount, NoMatchFound, Route

from app.core.route_paths import app_path_for
from app.settings import Settings
from app.web import create_app

SAMPLE = {"path": "app.css"}  # any other parameter takes a number


@pytest.fixture(scope="module")
def app() -> Starlette:
    settings = Settings(
        base_url="http://testserver",
        secret_key="route-paths-secret-key-0123456789abcdef",
        encryption_keys=(Fernet.generate_key().decode(),),
        database_url="sqlite+aiosqlite:///:memory:",
        development=True,
    )
    return create_app(settings)


def named(routes: list[BaseRoute], names: str = "") -> Iterator[tuple[str, set[str]]]:
    for route in routes:
        if isinstance(route, Mount):
            inner = names + (f"{route.name}:" if route.name else "")
            mount_params = set(route.param_convertors) - {"path"}
            if route.name:
                yield names + route.name, set(route.param_convertors)
            for name, params in named(route.routes or [], inner):
                yield name, params | mount_params
        elif isinstance(route, Route) and route.name:
            yield names + route.name, set(route.param_convertors)


def test_every_named_route_has_the_path_starlette_gives(app: Starlette) -> None:
    found = list(named(app.routes))
    assert len(found) > 80  # the whole app, mounts included
    for name, params in found:
        values: dict[str, Any] = {key: SAMPLE.get(key, 123456789012345678) for key in params}
        assert app_path_for(app, name, **values) == app.url_path_for(name, **values), name


def test_a_wrong_name_or_wrong_parameters_raise_as_starlette_does(app: Starlette) -> None:
    with pytest.raises(NoMatchFound):
        app_path_for(app, "no such route")
    with pytest.raises(NoMatchFound):
        app_path_for(app, "guild_pages:builder.editor", guild_id="1")  # its message id is missing
    with pytest.raises(NoMatchFound):
        app_path_for(app, "static")  # a file below the mount is asked for


def test_paths_are_kept_while_their_app_lives_and_no_longer() -> None:
    async def endpoint() -> None: ...

    small = Starlette(routes=[Route("/x/{n:int}", endpoint, name="x")])
    assert [app_path_for(small, "x", n=n) for n in (1, 2, 1)] == ["/x/1", "/x/2", "/x/1"]
    alive = weakref.ref(small)
    del small
    gc.collect()
    assert alive() is None  # the paths kept for it do not keep it
