"""No function in `app/` runs past 40 lines: a longer one is doing more than one thing."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LONGEST = 40


def long_functions(source: str) -> list[tuple[str, int]]:
    return [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > LONGEST
    ]


def test_no_function_in_the_app_is_over_forty_lines() -> None:
    found = {
        str(path.relative_to(ROOT)): long
        for path in sorted((ROOT / "app").rglob("*.py"))
        if (long := long_functions(path.read_text()))
    }
    assert found == {}


def test_a_long_function_is_seen() -> None:
    body = "\n".join(f"    x = {n}" for n in range(LONGEST))
    assert long_functions(f"def f():\n{body}\n") == [("f", LONGEST + 1)]
    assert long_functions(f"def f():\n{body}\n".replace("    x = 0\n", "")) == []
