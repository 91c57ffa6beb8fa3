"""The packages of `app/` depend one way, as drawn in README.md ("How it is built").

Read from the source with `ast` (every import, also those inside functions), so a new import that closes a
circle, a web import in the components library, or the emulator reached from the app fails here first.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Wiring: they build the app from the features, so they may import anything and nothing imports them.
WIRING = {"web", "services", "cli"}
# What the components library may import besides itself: the standard library only.
THIRD_PARTY_WEB = {"starlette", "jinja2", "jinja2_fragments", "databases", "httpx2", "httpx", "markupsafe", "uvicorn"}


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted((ROOT / "app").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def imports(path: Path) -> set[str]:
    """Every module named by an import in the file, relative imports resolved."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def package(module: str) -> str:
    """`app.builder.editor.render` belongs to `builder`; `app.settings` is a package of its own."""
    return module.split(".")[1] if module.count(".") else module


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in modules():
        if module == "app":
            continue
        source = package(module)
        targets = {package(name) for name in imports(path) if name.startswith("app.")}
        graph.setdefault(source, set()).update(targets - {source})
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one package (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component: list[str] = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_two_packages_import_each_other() -> None:
    assert circles(package_graph()) == []


def test_a_circle_is_seen() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_features_never_import_the_wiring() -> None:
    graph = package_graph()
    offenders = {source: sorted(targets & WIRING) for source, targets in graph.items() if source not in WIRING}
    assert {source: targets for source, targets in offenders.items() if targets} == {}


def test_the_components_library_imports_nothing_of_the_web() -> None:
    for module, path in modules():
        if not module.startswith("app.components"):
            continue
        named = imports(path)
        assert {name for name in named if name.startswith("app.") and not name.startswith("app.components")} == set()
        assert {name.split(".")[0] for name in named} & THIRD_PARTY_WEB == set(), module


def test_only_the_development_entry_point_reaches_the_emulator() -> None:
    reaching = {module for module, path in modules() if any(name.split(".")[0] == "emulator" for name in imports(path))}
    assert reaching == {"app.cli"}
