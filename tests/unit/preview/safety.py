"""What "no executable HTML" means for the preview, checked on the parsed document."""

from __future__ import annotations

from urllib.parse import urlsplit

from .helpers import page

# Every element the preview writes; a parsed document holding any other means user markup got through.
ALLOWED_TAGS = frozenset(
    [
        "html",
        "head",
        "body",
        "article",
        "section",
        "div",
        "span",
        "p",
        "img",
        "a",
        "svg",
        "path",
        "rect",
        "strong",
        "em",
        "u",
        "s",
        "code",
        "pre",
        "br",
        "hr",
        "ul",
        "ol",
        "li",
        "blockquote",
        "time",
    ]
)
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "background"})


def assert_safe(html: str) -> None:
    tree = page(html)
    for node in tree.css("*"):
        assert node.tag in ALLOWED_TAGS, f"unexpected <{node.tag}>"
        for name, value in node.attributes.items():
            lowered = name.lower()
            assert not lowered.startswith("on"), f"event handler {name}={value!r} on <{node.tag}>"
            assert lowered != "style", f"inline style on <{node.tag}>: the CSP blocks it"
            if lowered in URL_ATTRIBUTES:
                assert urlsplit(value or "").scheme in ("http", "https"), f"{name}={value!r} on <{node.tag}>"
                assert urlsplit(value or "").hostname, f"{name}={value!r} has no host"
