"""What a new library entry starts from: a blank message or form, or a ready-made panel to adapt.

Every starter validates cleanly, so a new entry can be published (or opened as a form) at once.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Literal

from app.components.limits import IS_COMPONENTS_V2

Kind = Literal["message", "form"]
FORM_PREFIX = "gh:form:"
# A button with this custom_id opens a support ticket (no form); the "Opens form" list calls it "ticket".
TICKET_CUSTOM_ID = "gh:ticket"
TICKET_CHOICE = "ticket"


@dataclass(frozen=True)
class Starter:
    key: str
    kind: Kind
    title: str
    about: str
    payload: dict[str, Any]


def _message(*components: dict[str, Any]) -> dict[str, Any]:
    return {"flags": IS_COMPONENTS_V2, "components": list(components)}


def _text(content: str) -> dict[str, Any]:
    return {"type": 10, "content": content}


def _button(label: str, custom_id: str, style: int = 1) -> dict[str, Any]:
    return {"type": 2, "style": style, "label": label, "custom_id": custom_id}


def _option(label: str, value: str, description: str = "") -> dict[str, Any]:
    option = {"label": label, "value": value}
    return {**option, "description": description} if description else option


_SUPPORT = _message(
    {
        "type": 17,
        "accent_color": 0x5865F2,
        "components": [
            _text("## Need a hand?\nOur helpers answer in this channel. Pick what fits best."),
            {
                "type": 9,
                "components": [_text("Open a private ticket with the team.")],
                "accessory": _button("Open a ticket", "support_ticket"),
            },
            {
                "type": 1,
                "components": [
                    {
                        "type": 3,
                        "custom_id": "support_topic",
                        "placeholder": "What is it about?",
                        "options": [
                            _option("Account", "account", "Signing in, settings"),
                            _option("Billing", "billing", "Payments and refunds"),
                            _option("Something else", "other"),
                        ],
                    }
                ],
            },
        ],
    }
)

_RULES = _message(
    {
        "type": 17,
        "components": [
            _text("# Server rules"),
            {"type": 14, "divider": True, "spacing": 1},
            _text("1. Be kind and respectful.\n2. No spam or self-promotion.\n3. Keep topics in their channels."),
            {"type": 14, "divider": True, "spacing": 1},
            _text("-# Breaking the rules may get you muted or removed."),
        ],
    },
    {"type": 1, "components": [_button("I accept the rules", "rules_accept", 3)]},
)

_FAQ = _message(
    _text("# Frequently asked questions"),
    {
        "type": 9,
        "components": [_text("**How do I get a role?**\nPick one in the roles channel.")],
        "accessory": _button("Roles", "faq_roles", 2),
    },
    {
        "type": 9,
        "components": [_text("**Where do I report a bug?**\nUse the support panel.")],
        "accessory": _button("Report", "faq_report", 2),
    },
)

_BLANK_MESSAGE = _message(_text("Write your message here."))

_BLANK_FORM: dict[str, Any] = {
    "custom_id": "form",
    "title": "New form",
    "components": [
        {
            "type": 18,
            "label": "Your answer",
            "component": {"type": 4, "custom_id": "answer", "style": 2, "required": True},
        }
    ],
}

_FEEDBACK_FORM: dict[str, Any] = {
    "custom_id": "form",
    "title": "Feedback",
    "components": [
        _text("Tell us how we are doing. Only the team sees your answers."),
        {
            "type": 18,
            "label": "How was it?",
            "component": {
                "type": 21,
                "custom_id": "rating",
                "options": [_option("Good", "good"), _option("Could be better", "better")],
            },
        },
        {
            "type": 18,
            "label": "Anything to add?",
            "component": {"type": 4, "custom_id": "comment", "style": 2, "required": False},
        },
    ],
}

STARTERS: dict[str, Starter] = {
    starter.key: starter
    for starter in (
        Starter("blank", "message", "Blank message", "One Text Display to start from.", _BLANK_MESSAGE),
        Starter("support", "message", "Support panel", "A Container with a ticket button and a topic menu.", _SUPPORT),
        Starter("rules", "message", "Rules", "Numbered rules between dividers, and an accept button.", _RULES),
        Starter("faq", "message", "FAQ", "Questions as Sections, each with a button.", _FAQ),
        Starter("blank_form", "form", "Blank form", "A form with one question.", _BLANK_FORM),
        Starter("feedback", "form", "Feedback form", "A rating and a comment box.", _FEEDBACK_FORM),
    )
}


def starter_payload(key: str) -> tuple[Kind, dict[str, Any]] | None:
    """The kind and a fresh copy of the starter's payload; None for an unknown key."""
    starter = STARTERS.get(key)
    return None if starter is None else (starter.kind, copy.deepcopy(starter.payload))


def form_custom_id(item_id: int) -> str:
    """What a button's custom_id (and the form's own) is set to so the interactions endpoint finds form `item_id`."""
    return f"{FORM_PREFIX}{item_id}"
