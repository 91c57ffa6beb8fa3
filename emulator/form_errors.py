"""Turn the builder validator's problems into Discord's 50035 error tree.

A problem's path such as `components[0].components[2].label` becomes the keys
`components, 0, components, 2, label`; its rule's last part picks Discord's error code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from emulator.errors import FieldError

_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

# Discord's codes for the common rule endings; anything else is reported as a generic invalid value.
_CODES = {
    "max_length": "BASE_TYPE_MAX_LENGTH",
    "min_length": "BASE_TYPE_MIN_LENGTH",
    "required": "BASE_TYPE_REQUIRED",
    "max": "NUMBER_TYPE_MAX",
    "min": "NUMBER_TYPE_MIN",
    "max_items": "BASE_TYPE_MAX_LENGTH",
    "min_items": "BASE_TYPE_MIN_LENGTH",
    "integer": "NUMBER_TYPE_COERCE",
    "type": "BASE_TYPE_CHOICES",
    "choices": "BASE_TYPE_CHOICES",
    "style": "BASE_TYPE_CHOICES",
    "unique": "COMPONENT_CUSTOM_ID_DUPLICATED",
    "url": "URL_TYPE_INVALID_URL",
    "scheme": "URL_TYPE_INVALID_URL",
    "forbidden": "BASE_TYPE_INVALID",
}
DEFAULT_CODE = "BASE_TYPE_INVALID"


class ProblemLike(Protocol):
    """What `app.components.validate.Problem` offers that the tree needs."""

    @property
    def path(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def message(self) -> str: ...


def path_keys(path: str) -> tuple[str, ...]:
    return tuple(name or index for name, index in _PATH_PART.findall(path))


def error_code(rule: str) -> str:
    return _CODES.get(rule.rsplit(".", 1)[-1], DEFAULT_CODE)


def problem_entries(problems: Iterable[ProblemLike]) -> list[FieldError]:
    """The errors among `problems` as field errors; warnings never reach Discord's verdict."""
    return [(path_keys(p.path), error_code(p.rule), p.message) for p in problems if p.severity == "error"]
