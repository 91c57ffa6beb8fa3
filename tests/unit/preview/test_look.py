"""The message drawn as Discord draws it: the bot's name, avatar and a timestamp above it, Discord's fonts and
metrics, long labels cut on one line with an ellipsis, and every component tied to the validator's path."""

from __future__ import annotations

import calendar
import json
import re
import time
from pathlib import Path

import pytest

from app.builder.editor.fields import BUTTON_FIELDS
from app.components.validate import validate_payload
from app.preview import GuildContext, bot_author, names_of

from .helpers import CDN, CONTEXT, classes, first, message, shown

CSS = (Path(__file__).resolve().parents[3] / "static" / "preview.css").read_text()
EXAMPLES = Path(__file__).parent.parent / "builder" / "data"
LONG_LABEL = "An eighty character label that Discord cuts with an ellipsis and never wraps: ok"


def rule(selector: str) -> str:
    """The declarations of the first rule for exactly `selector`."""
    found = re.search(r"(?:^|\n|\})\s*" + re.escape(selector) + r" \{([^}]*)\}", CSS)
    assert found is not None, selector
    return found.group(1)


def test_the_header_names_the_bot_with_its_avatar_the_app_tag_and_the_time() -> None:
    before = time.time()
    tree = shown(message({"type": 10, "content": "Hi"}))
    header = first(tree, ".pv-message-header")
    assert [first(header, sel).text() for sel in (".pv-author", ".pv-app-tag")] == ["Herald", "APP"]
    sent = first(header, "time.pv-timestamp")
    stamp = str(sent.attributes["datetime"])
    assert sent.text() == f"Today at {stamp[11:16]}"
    at = calendar.timegm(time.strptime(stamp, "%Y-%m-%dT%H:%MZ"))
    assert before - 60 <= at <= time.time()
    assert first(tree, "article > img.pv-avatar").attributes["src"] == CONTEXT.bot_avatar_url


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (
            {"id": "1400000000000000001", "username": "herald", "global_name": "Herald", "avatar": "ab12"},
            {"bot_name": "Herald", "bot_avatar_url": f"{CDN}/avatars/1400000000000000001/ab12.png?size=80"},
        ),
        (
            {"id": "1400000000000000001", "username": "herald", "global_name": None, "avatar": None},
            {"bot_name": "herald", "bot_avatar_url": f"{CDN}/embed/avatars/{(1400000000000000001 >> 22) % 6}.png"},
        ),
        ({"id": "1", "username": "", "avatar": "../../x"}, {"bot_avatar_url": f"{CDN}/embed/avatars/0.png"}),
        ({"id": "not a snowflake", "username": "x"}, {}),
        (None, {}),
        (["a list"], {}),
    ],
)
def test_the_bot_author_comes_from_the_bot_user(user: object, expected: dict[str, str]) -> None:
    assert bot_author(user, CDN) == expected


def test_a_bot_user_draws_its_name_and_avatar() -> None:
    user = {"id": "1400000000000000001", "username": "herald", "global_name": "The Herald", "avatar": "ab12"}
    tree = shown(message(), GuildContext("1", CDN, **bot_author(user, CDN)))
    assert first(tree, ".pv-author").text() == "The Herald"
    assert str(first(tree, "img.pv-avatar").attributes["src"]).endswith("/avatars/1400000000000000001/ab12.png?size=80")


def test_names_come_from_discord_lists_and_junk_is_skipped() -> None:
    found = names_of(
        [{"id": "1", "name": "general"}, "junk"],
        [{"id": "2", "name": "Mods", "color": 0xFF0000}, {"id": "3", "name": "Plain", "color": "red"}],
        [{"id": "4", "name": "party", "animated": True}, None],
    )
    assert found == {
        "channels": {"1": "general"},
        "roles": {"2": ("Mods", 0xFF0000), "3": ("Plain", 0)},
        "emojis": {"4": ("party", True)},
    }


def test_an_eighty_character_label_is_kept_whole_for_css_to_cut_on_one_line() -> None:
    assert len(LONG_LABEL) == 80
    row = {"type": 1, "components": [{"type": 2, "style": 1, "label": LONG_LABEL, "custom_id": "a"}]}
    label = first(shown(message(row)), "[data-path='components[0].components[0]'] .pv-button-label")
    assert label.text() == LONG_LABEL  # the whole label, for screen readers and copying; CSS shows what fits
    declarations = rule(".pv-button-label")
    for needed in ("overflow: hidden", "text-overflow: ellipsis", "white-space: nowrap", "min-width: 0"):
        assert needed in declarations
    assert "max-width: 100%" in rule(".pv-button")
    assert "text-overflow: ellipsis" in rule(".pv-select-placeholder")


def test_the_preview_uses_discords_fonts_and_metrics_and_never_widens_the_page() -> None:
    frame = rule(".pv")
    assert '"gg sans", "Noto Sans", "Helvetica Neue", Helvetica, Arial, sans-serif' in frame
    assert "16px/1.375" in frame  # 16px text on 22px lines
    assert "container-type: inline-size" in frame  # its content cannot make it (or the page) wider
    assert "margin: 0 48px 0 72px" in rule(".pv-message-body")
    assert "font-size: 12px" in rule(".pv-timestamp")
    assert "width: 40px; height: 40px" in rule(".pv-avatar-40")


@pytest.mark.parametrize("name", sorted(path.name for path in EXAMPLES.glob("*.json") if "modal" not in path.name))
def test_every_problem_points_at_a_drawn_component(name: str) -> None:
    """The editor opens what is clicked in the preview by its data-path: each path the validator reports is drawn
    (or, for a field, the component holding it is)."""
    payload = json.loads((EXAMPLES / name).read_text())
    tree = shown(payload)
    drawn = {str(node.attributes["data-path"]) for node in tree.css("[data-path]")}
    for found in validate_payload(payload):
        path = found.path
        while path and path not in drawn:
            path = re.sub(r"(\.[a-z_]+|\[\d+\])$", "", path)
        assert path == "" or path in drawn
        assert path or not found.path.startswith("components[")


def test_every_data_path_is_the_validators_path_form() -> None:
    tree = shown(
        message(
            {
                "type": 17,
                "components": [
                    {
                        "type": 9,
                        "components": [{"type": 10, "content": "x"}],
                        "accessory": {"type": 11, "media": {"url": "https://a.b/c.png"}},
                    }
                ],
            }
        )
    )
    paths = [str(node.attributes["data-path"]) for node in tree.css("[data-path]") if "pv" in " ".join(classes(node))]
    assert "components[0].components[0].accessory" in paths
    assert all(re.fullmatch(r"[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*", path) for path in paths)


def test_the_editor_names_button_styles_in_words() -> None:
    style = next(spec for spec in BUTTON_FIELDS if spec.key == "style")
    assert [label for _, label in style.choices] == ["Primary", "Secondary", "Success", "Danger", "Link", "Premium"]
