"""errors.py: one table says how each error is shown; anything unexpected is an internal error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant import errors
from assistant.errors import (
    SURFACE,
    AssistantError,
    BadRequestError,
    ConfigError,
    InvariantError,
    NotIndexedError,
    QuestionSetError,
    SquadFormatError,
    surface_for,
    user_message,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


@pytest.mark.parametrize(
    ("error", "status", "exit_code"),
    [
        (ConfigError("top_k: bad"), 400, 2),
        (BadRequestError("empty question"), 422, 2),
        (NotIndexedError("run `assistant ingest`"), 503, 3),
        (InvariantError("quote not in passage"), 500, 70),
        (SquadFormatError("data[0]: missing"), 422, 2),  # a subclass takes its parent's row
        (AssistantError("something"), 500, 1),
    ],
)
def test_surface_for_known_errors(error, status, exit_code):
    surface = surface_for(error)
    assert (surface.status, surface.exit_code) == (status, exit_code)


@pytest.mark.parametrize("error", [ValueError("x"), KeyError("k"), RuntimeError(), ZeroDivisionError()])
def test_anything_that_is_not_an_assistant_error_is_internal(error):
    surface = surface_for(error)
    assert (surface.status, surface.exit_code, surface.label) == (500, 70, "internal error")


def test_no_row_is_hidden_behind_a_more_general_one():
    classes = [cls for cls, _ in SURFACE]
    for i, general in enumerate(classes):
        for specific in classes[i + 1 :]:
            assert not issubclass(specific, general), f"{specific.__name__} is listed after {general.__name__}"
    assert classes[-1] is AssistantError


def test_every_error_class_is_an_assistant_error_with_a_surface():
    defined = [v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, Exception)]
    assert all(issubclass(cls, AssistantError) for cls in defined)
    assert surface_for(QuestionSetError("x")).label == "bad question set"


def test_user_message_is_label_and_message():
    assert user_message(ConfigError("unknown setting topk")) == "configuration error: unknown setting topk"
    assert user_message(OSError("disk full")) == "internal error: disk full"


def test_the_architecture_doc_shows_the_same_table():
    rows = re.findall(r"^\| `(\w+)` \| (\d+) \| (\d+) \| ([^|]+) \|$", DOC.read_text(encoding="utf-8"), re.M)
    documented = {name: (int(status), int(code), label.strip()) for name, status, code, label in rows}
    actual = {cls.__name__: (s.status, s.exit_code, s.label) for cls, s in SURFACE}
    assert documented == actual, "update the Errors table of docs/architecture.md to match errors.SURFACE"
