"""What the JSON box holds, shared by the JSON page and the editor's JSON panel beside the outline."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.builder.storage.library import Item
from app.components import payload_json as json_io
from app.components.problems import Problem


@dataclass(frozen=True)
class Typed:
    """What is in the JSON box: the text, and what came of reading it."""

    text: str
    error: str = ""
    spot: json_io.Spot | None = None
    placed: list[tuple[Problem, json_io.Spot]] = field(default_factory=list)
    saved: bool = False


def as_typed(text: str, item: Item) -> Typed:
    """The text with its problems placed, for a text that reads as a payload."""
    return Typed(text, placed=json_io.placed(text, json_io.parse(text, item.kind)))


def of_draft(item: Item) -> Typed:
    """The box as it opens: the draft itself, pretty-printed."""
    return as_typed(json_io.export_text(item.payload), item)
