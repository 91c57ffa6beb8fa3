"""Forms (modals) in the same editor, their acknowledgement message, and buttons that open a form."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.web.support import ADA, html, sign_in, text_of
from tests.web.test_builder_helpers import base, create, draft, field_id, field_name, item_row, submit

HX = {"HX-Request": "true"}


def test_a_form_is_edited_and_previewed_as_a_modal(client: TestClient) -> None:
    sign_in(client, ADA)
    form_id = create(client, "blank_form", "Report")
    url = f"{base()}/{form_id}"
    page = html(client.get(url))
    assert page.css_first("#preview section.pv-modal") is not None
    assert page.css_first(f"#{field_id('title')}").attributes["value"] == "New form"  # type: ignore[union-attr]
    assert page.css_first(f"#{field_id('custom_id')}").attributes["value"] == f"gh:form:{form_id}"  # type: ignore[union-attr]
    assert [o.text() for o in page.css("#t-components option")] == ["Text Display", "Label"]
    assert page.css_first("#publish") is None
    response = submit(client, client.get(url), changes={field_name("title"): "T" * 50}, button=("do", "save"))
    assert response.status_code == 303 and response.headers["location"] == f"{url}?done=problems"
    title = html(client.get(response.headers["location"])).css_first(f"#{field_id('title')}")
    assert title is not None and title.attributes["value"] == "T" * 50 and title.attributes["aria-invalid"] == "true"


def test_every_modal_answer_type_can_go_in_a_label(client: TestClient) -> None:
    sign_in(client, ADA)
    url = f"{base()}/{create(client, 'blank_form')}"
    submit(client, client.get(url), button=("do", "remove components[0].component"))
    offered = [o.text() for o in html(client.get(url)).css("#t-components-0-component option")]
    assert offered == [
        "String Select",
        "Text Input",
        "User Select",
        "Role Select",
        "Mentionable Select",
        "Channel Select",
        "File Upload",
        "Radio Group",
        "Checkbox Group",
        "Checkbox",
    ]
    for type_id in ("21", "22", "23", "19", "3"):
        submit(
            client,
            client.get(url),
            button=("do", "add components[0].component"),
            changes={"t:components[0].component": type_id},
        )
        page = html(client.get(url))
        assert page.css_first("#c-components-0-component") is not None
        assert page.css_first("#summary h2").text().startswith("No problems"), page.css_first("#summary").text()  # type: ignore[union-attr]
        submit(client, client.get(url), button=("do", "remove components[0].component"))


def test_acknowledgement_message_is_stored_with_the_form_as_typed(client: TestClient) -> None:
    sign_in(client, ADA)
    form_id = create(client, "feedback")
    url = f"{base()}/{form_id}"
    live = submit(
        client,
        client.get(url),
        changes={"meta:ack": "Thanks!\r\nWe read every answer."},
        headers={**HX, "HX-Trigger-Name": "meta:ack"},
    )
    assert live.status_code == 200
    assert html(live).css_first("#cf-root") is None  # typed text is answered out of band: the field stays
    assert html(live).css_first("#s-f-meta-ack[hx-swap-oob=innerHTML]") is not None
    assert item_row(client, form_id)["ack_text"] == "Thanks!\nWe read every answer."
    long = "a" * 2100
    response = submit(client, client.get(url), changes={"meta:ack": long}, button=("do", "save"))
    assert response.status_code == 422
    assert item_row(client, form_id)["ack_text"] == long
    ack = html(client.get(url)).css_first("#f-meta-ack")
    assert ack is not None and ack.attributes["aria-invalid"] == "true"
    assert "at most 2000" in text_of(client.get(url), "#f-meta-ack-error")


def test_an_empty_name_is_refused_and_kept_in_the_field(client: TestClient) -> None:
    sign_in(client, ADA)
    item_id = create(client, "rules", "Rules")
    url = f"{base()}/{item_id}"
    response = submit(client, client.get(url), changes={"meta:name": "   "}, button=("do", "save"))
    assert response.status_code == 422
    name = html(response).css_first("#f-meta-name")
    assert name is not None and name.attributes["value"] == "   " and name.attributes["aria-invalid"] == "true"
    assert item_row(client, item_id)["name"] == "Rules"
    submit(client, client.get(url), changes={"meta:name": "House rules"}, button=("do", "save"))
    assert item_row(client, item_id)["name"] == "House rules"


def test_a_button_can_open_a_form(client: TestClient) -> None:
    sign_in(client, ADA)
    form_id = create(client, "feedback", "Feedback")
    message_id = create(client, "support")
    url = f"{base()}/{message_id}"
    button = "components[0].components[1].accessory"
    choices = html(client.get(f"{url}?open=all")).css(f"#{field_id(button + '.form')} option")
    listed = [(o.attributes["value"], o.text()) for o in choices]
    assert listed == [("", "No form"), ("ticket", "A support ticket, without a form"), (str(form_id), "Feedback")]
    response = submit(
        client,
        client.get(url),
        changes={field_name(button + ".form"): str(form_id)},
        headers={**HX, "HX-Trigger-Name": field_name(button + ".form")},
    )
    assert draft(client, message_id)["components"][0]["components"][1]["accessory"]["custom_id"] == f"gh:form:{form_id}"
    fragment = html(response)
    assert fragment.css_first(f"#{field_id(button + '.custom_id')}").attributes["value"] == f"gh:form:{form_id}"  # type: ignore[union-attr]
    assert fragment.css_first(f"#preview .pv-opens-form[data-path='{button}']") is not None
    submit(client, client.get(url), changes={field_name(button + ".form"): "999"}, button=("do", "save"))
    assert draft(client, message_id)["components"][0]["components"][1]["accessory"]["custom_id"] == f"gh:form:{form_id}"
    submit(client, client.get(url), changes={field_name(button + ".form"): ""}, button=("do", "save"))
    assert draft(client, message_id)["components"][0]["components"][1]["accessory"]["custom_id"] == "button_1"
