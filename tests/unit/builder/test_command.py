"""`guildhall validate`: exit codes, output forms, files and standard input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.components.validate_command import main

from .payloads import DATA, button, label, message, modal, row, text, text_input


def write(tmp_path: Path, content: object, raw: bool = False) -> str:
    target = tmp_path / "payload.json"
    target.write_text(content if raw and isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(target)


def test_valid_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([write(tmp_path, message(text("hi")))]) == 0
    assert "valid message (0 errors, 0 warnings)" in capsys.readouterr().out


def test_warnings_do_not_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([write(tmp_path, message(text("hi", colour="red")))]) == 0
    out = capsys.readouterr().out
    assert "valid message (0 errors, 1 warning)" in out
    assert "components[0].colour" in out


def test_invalid_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([write(tmp_path, message(row(button(label="x" * 93))))]) == 1
    out = capsys.readouterr().out
    assert "invalid message (1 error, 0 warnings)" in out
    assert "components[0].components[0].label: Button label is 93 characters; Discord allows at most 80." in out


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([write(tmp_path, message(row(button(label="x" * 93)))), "--json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "path": "components[0].components[0].label",
            "rule": "button.label.max_length",
            "severity": "error",
            "tag": "doc",
            "message": "Button label is 93 characters; Discord allows at most 80.",
        }
    ]


def test_json_output_when_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json", write(tmp_path, message(text()))]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_title_means_modal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([write(tmp_path, modal(label(text_input())))]) == 0
    assert "valid modal" in capsys.readouterr().out
    assert main([write(tmp_path, modal(label(text_input()), title="t" * 46))]) == 1


def test_interaction_response_as_in_the_docs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(DATA / "modal_checkbox.json")]) == 0
    assert "valid interaction response" in capsys.readouterr().out


def test_interaction_response_paths_start_at_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    response = {"type": 4, "data": message(text(""), flags=(1 << 15) | (1 << 6))}
    assert main([write(tmp_path, response), "--json"]) == 1
    assert [row["path"] for row in json.loads(capsys.readouterr().out)] == ["data.components[0].content"]


def test_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(message(row(button())))))
    assert main(["-"]) == 0
    assert capsys.readouterr().out.startswith("standard input: valid message")


@pytest.mark.parametrize("content", ["{", "", "nope", "[1, 2]", "3", "null", '"x"', "[" * 100_000, "1" * 5000])
def test_unreadable_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    assert main([write(tmp_path, content, raw=True)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "guildhall validate:" in captured.err


def test_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "payload.json"
    target.write_bytes(b'{"content": "\xff"}')
    assert main([str(target)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "absent.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["a.json", "--yaml"]) == 2
    assert "usage: guildhall validate" in capsys.readouterr().err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "--json" in capsys.readouterr().out
