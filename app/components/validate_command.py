"""`guildhall validate PATH|-`: check a message or modal payload from a file or stdin.

Exit status: 0 valid (warnings allowed), 1 invalid, 2 the input could not be read as a JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from app.components.problems import plural
from app.components.validate import (
    Problem,
    errors,
    validate_interaction_response,
    validate_message,
    validate_modal,
)

VALID, INVALID, UNREADABLE = 0, 1, 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def main(argv: list[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(f"{parser.prog}: {exc}\n{parser.format_usage()}", end="", file=sys.stderr)
        return UNREADABLE
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    payload, failure = _read(args.path)
    if failure:
        print(f"{parser.prog}: {failure}", file=sys.stderr)
        return UNREADABLE
    kind, problems = check(payload)
    _report(sys.stdout, args.path, kind, problems, as_json=args.json)
    return INVALID if errors(problems) else VALID


def check(payload: dict[str, object]) -> tuple[str, list[Problem]]:
    """Pick the payload kind from its keys and validate it."""
    if "title" in payload:
        return "modal", validate_modal(payload)
    if "components" not in payload and type(payload.get("data")) is dict and "type" in payload:
        return "interaction response", validate_interaction_response(payload)
    return "message", validate_message(payload)


def _parser() -> _Parser:
    parser = _Parser(
        prog="guildhall validate",
        description="Check a Discord message or modal payload against Discord's component rules.",
    )
    parser.add_argument("path", help="a JSON file, or - to read standard input")
    parser.add_argument("--json", action="store_true", help="print the problems as a JSON list")
    return parser


def _read(path: str) -> tuple[dict[str, object], str]:
    """The payload, or an empty dict and the reason it could not be read."""
    try:
        text = sys.stdin.read() if path == "-" else _read_file(path)
        payload = json.loads(text)
    except OSError as exc:
        return {}, f"cannot read {path}: {exc.strerror or exc}"
    except UnicodeDecodeError:
        return {}, f"{path} is not UTF-8 text"
    except json.JSONDecodeError as exc:
        return {}, f"{path} is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
    except (RecursionError, ValueError):
        return {}, f"{path} is JSON nested too deeply or holding numbers too large to read"
    if type(payload) is not dict:
        return {}, f"{path} holds JSON but not an object; a payload is an object"
    return payload, ""


def _read_file(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _report(out: TextIO, path: str, kind: str, problems: list[Problem], *, as_json: bool) -> None:
    if as_json:
        rows = [
            {"path": p.path, "rule": p.rule, "severity": p.severity, "tag": p.tag, "message": p.message}
            for p in problems
        ]
        out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    name = "standard input" if path == "-" else path
    found = len(errors(problems))
    verdict = "invalid" if found else "valid"
    out.write(f"{name}: {verdict} {kind} ({plural(found, 'error')}, {plural(len(problems) - found, 'warning')})\n")
    for p in problems:
        out.write(f"  {p.severity:<7}  {p.path or '(payload)'}: {p.message} [{p.rule}]\n")
