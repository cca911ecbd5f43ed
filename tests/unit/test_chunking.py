"""ingest/chunking.py with a whitespace token counter: exact offsets, whole sentences, the window kept."""

from __future__ import annotations

import pytest

from assistant.ingest.chunking import split_article
from assistant.models import Article
from assistant.text import sentence_spans


def words(texts: list[str]) -> list[int]:
    """Token counter for the tests: one token per whitespace-separated word."""
    return [len(t.split()) for t in texts]


def article(text: str) -> Article:
    return Article(doc_id="a1", path="/tmp/a1.txt", title="T", source="S", text=text)


STORY = (
    "Council approves new bridge\n"
    "The city council approved the bridge on Tuesday after a long debate. "
    "The mayor said building would start in spring. "
    "Opponents argued the cost was too high for a town of this size.\n\n"
    "Residents who live near the river welcomed the decision. "
    "One of them said the crossing would save twenty minutes each morning.\n"
    "The vote was nine to four."
)


@pytest.mark.parametrize("window", [8, 12, 20, 40, 400])
def test_offsets_are_exact_and_the_window_is_kept(window):
    doc = article(STORY)
    passages = split_article(doc, words, window)
    assert passages, "a non-empty article gives passages"
    for p in passages:
        assert doc.text[p.start : p.end] == p.text and p.doc_id == "a1"
        assert words([p.text])[0] <= window
    # in order, not overlapping, and every word of the article is in some passage
    assert all(a.end <= b.start for a, b in zip(passages, passages[1:], strict=False))
    assert " ".join(p.text for p in passages).split() == STORY.split()


def test_passages_are_whole_sentences_when_they_fit():
    doc = article(STORY)
    ends = {e for _, e in sentence_spans(STORY)}
    starts = {s for s, _ in sentence_spans(STORY)}
    for p in split_article(doc, words, 20):
        assert p.start in starts and p.end in ends


def test_sentences_are_packed_greedily_up_to_the_window():
    doc = article("One two three. Four five six. Seven eight nine. Ten eleven twelve.")
    # 3 words + 1 for the join per sentence: two sentences fit in 8, a third would not
    assert [p.text for p in split_article(doc, words, 8)] == [
        "One two three. Four five six.",
        "Seven eight nine. Ten eleven twelve.",
    ]
    assert [p.text for p in split_article(doc, words, 400)] == [doc.text]


def test_a_sentence_longer_than_the_window_is_cut_at_words():
    long = " ".join(f"w{i}" for i in range(25)) + "."
    doc = article(f"Short one. {long} End here.")
    passages = split_article(doc, words, 10)
    assert all(words([p.text])[0] <= 10 for p in passages)
    assert all(doc.text[p.start : p.end] == p.text for p in passages)
    assert " ".join(p.text for p in passages).split() == doc.text.split()
    assert all(not p.text.startswith(" ") and not p.text.endswith(" ") for p in passages)


def test_ids_continue_from_first_id():
    passages = split_article(article(STORY), words, 12, first_id=40)
    assert [p.passage_id for p in passages] == list(range(40, 40 + len(passages)))


def test_empty_article_has_no_passages():
    assert split_article(article(""), words, 10) == []
