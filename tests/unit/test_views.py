"""web/views.py: what the chat shows can be read back exactly (the retry asks the same question again)."""

from __future__ import annotations

import pytest

from assistant.web.views import md_plain, md_text


@pytest.mark.parametrize(
    "question",
    [
        "What is Jen Psaki's role?",
        "Who said *“no”* [1] in (May) & <why>?",
        "A\\B_c `code` #tag | x ~ y $5!",
        "two\nlines",
    ],
)
def test_a_chat_bubble_gives_back_the_question_it_shows(question):
    shown = md_text(question)
    assert md_plain(shown) == question
    assert md_plain([{"type": "text", "text": shown}]) == question  # Gradio's list-of-parts form
