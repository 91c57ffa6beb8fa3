"""static/preview.css: the generated role colours are current, and the colour pairs meet WCAG AA."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.preview import palette

CSS = (Path(__file__).resolve().parents[3] / "static" / "preview.css").read_text()
# (text, background) pairs drawn on top of each other somewhere in the preview.
PAIRS = [
    ("text", "bg"),
    ("text", "surface"),
    ("strong", "bg"),
    ("strong", "surface"),
    ("muted", "bg"),
    ("muted", "surface"),
    ("link", "bg"),
    ("link", "surface"),
    ("text", "input"),
    ("placeholder", "input"),
    ("text", "code"),
    ("mention-text", "mention-bg"),
    ("text", "spoiler-shown"),
    ("on-button", "primary"),
    ("on-button", "secondary"),
    ("on-button", "success"),
    ("on-button", "danger"),
]


def theme(name: str) -> dict[str, palette.RGB]:
    block = re.search(r"\.pv-theme-" + name + r" \{(.*?)\}", CSS, re.S)
    assert block is not None
    found = re.findall(r"--pv-([a-z-]+): #([0-9a-f]{6});", block.group(1))
    return {key: (int(value[:2], 16), int(value[2:4], 16), int(value[4:], 16)) for key, value in found}


def test_role_colour_rules_are_generated_from_the_palette() -> None:
    assert palette.css() in CSS, "regenerate: python -c 'from app.preview.palette import css; print(css(), end=\"\")'"


@pytest.mark.parametrize("name", ["dark", "light"])
@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_theme_pairs_meet_aa(name: str, text: str, background: str) -> None:
    colours = theme(name)
    assert palette.contrast(colours[text], colours[background]) >= palette.AA


@pytest.mark.parametrize("name", ["dark", "light"])
def test_palette_assumes_the_theme_background(name: str) -> None:
    assert palette.THEMES[name][0] == theme(name)["bg"]


@pytest.mark.parametrize("name", ["dark", "light"])
def test_every_role_chip_meets_aa(name: str) -> None:
    worst = min(palette.contrast(*palette.chip(rgb, name)) for _, rgb in palette.grid())
    assert worst >= palette.AA


@pytest.mark.parametrize(
    ("colour", "expected"), [(0, None), (0xFFFFFF, "pv-rc-555"), (0x5865F2, "pv-rc-225"), (0x1000000, None), (-1, None)]
)
def test_role_class_rounds_to_the_grid(colour: int, expected: str | None) -> None:
    assert palette.role_class(colour) == expected


def test_no_inline_styles_or_imports() -> None:
    assert "@import" not in CSS
    assert "url(" not in CSS  # nothing the CSP would have to allow
