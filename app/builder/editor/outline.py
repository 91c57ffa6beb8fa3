"""The outline of the component tree: which components are open, and a few words that tell each closed one apart.

Only open components show their fields; the others are one line each (type, a short summary, problems), a link
that opens them. `ALL` opens every component at once, for whoever wants the long form back. Usually one component
is open: the one a person chose or an action touched; an answer to a posted form also opens every component whose
fields were posted (their input is shown back); with nothing chosen, those with errors, else the first.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from app.components.limits import SECTION

ALL = "all"
MARKS = "#->*_`|~"  # markdown's marks: a heading's "##" says nothing about the text
SUMMARY_MAX = 48
# The keys whose text says best what a component is, in the order they are looked at.
TELLING = ("label", "content", "placeholder", "title", "custom_id", "url")


def is_open(opened: Collection[str], path: str) -> bool:
    return path in opened or ALL in opened


def summary(node: object) -> str:
    """A few words about a component: its label, text, placeholder... or how many components it holds."""
    if not isinstance(node, Mapping):
        return ""
    for key in TELLING:
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            # The first words only: a Text Display may hold 4,000 characters.
            return _cut(" ".join(word for word in value[: SUMMARY_MAX * 4].split() if word.strip(MARKS)))
    media = node.get("media") or node.get("file")
    if isinstance(media, Mapping) and isinstance(media.get("url"), str):
        return _cut(str(media["url"]))
    return _holding(node)


def _holding(node: Mapping[str, object]) -> str:
    """A Section says its first text; a Container or a row how many components it holds."""
    kids = node.get("components")
    if not isinstance(kids, list):
        return ""
    if node.get("type") == SECTION and kids:
        return summary(kids[0])
    return f"{len(kids)} {'component' if len(kids) == 1 else 'components'}"


def _cut(text: str) -> str:
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1].rstrip() + "…"
