"""Answers, citations, refusals and follow-ups with the real model."""

from __future__ import annotations

import json

import pytest

from assistant.errors import BadRequestError
from assistant.text import normalize_answer
from tests.conftest import DEV_QUESTIONS, ROOT


def _load(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


DEV = _load(DEV_QUESTIONS)
# Follow-ups we wrote over the seed articles: pronouns, ellipsis, unanswerable follow-ups.
FOLLOW_UPS = _load(ROOT / "eval" / "followup_questions.jsonl")


CASES = DEV + FOLLOW_UPS


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_dev_and_follow_up_questions_on_seed_articles(seed_assistant, case):
    answer = seed_assistant.ask(case["question"], history=case.get("history", []))
    if not case["answerable"]:
        assert answer.refused and not answer.citations
        return
    assert not answer.refused, answer.answer
    assert any(normalize_answer(a) in normalize_answer(answer.answer) for a in case["answers"]), answer.answer


def test_every_citation_is_verbatim_in_its_passage_and_article(seed_assistant):
    snapshot = seed_assistant._ready()[0]
    for case in DEV:
        answer = seed_assistant.ask(case["question"], history=case.get("history", []))
        for c in answer.citations:
            article = snapshot.articles[c.doc_id].article
            assert article.text[c.start : c.end] == c.quote
            assert c.quote in c.passage and f"[{c.n}]" in answer.answer
        assert len(answer.answer.split()) < 120  # sentences, not whole passages


def test_answer_uses_both_articles_when_each_holds_part(make_assistant, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "one.txt").write_text(
        "Harbor Gazette\n\nPort strike ends\n\nDock workers in Halden ended their strike "
        "on Monday after winning a pay rise of six percent.\n",
        encoding="utf-8",
    )
    (docs / "two.txt").write_text(
        "Coast Courier\n\nCranes move again\n\nThe Halden dock workers' strike had "
        "lasted eleven days and stranded forty ships, the port authority said.\n",
        encoding="utf-8",
    )
    assistant = make_assistant()
    assistant.ingest([docs])
    answer = assistant.ask("How did the Halden dock workers' strike end and how long did it last?")
    assert not answer.refused
    assert {c.doc_id for c in answer.citations} == {"one.txt", "two.txt"}
    assert "six percent" in answer.answer and "eleven days" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "How many soldiers does North Korea have?",
        "What is the population of North Korea?",
        "When was Kim Jong Un born?",
        "How old is Jenny Town?",
        "Who is the prime minister of Japan?",
        "What is the recipe for apple pie?",
    ],
)
def test_on_topic_but_unanswerable_questions_are_refused(seed_assistant, question):
    answer = seed_assistant.ask(question)
    assert answer.refused and "do not answer" in answer.answer and answer.citations == []
    assert answer.passages, "retrieved passages are still shown for transparency"


def test_follow_up_is_made_standalone(make_assistant, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "mayor.txt").write_text(
        "Metro Daily\n\nNew mayor sworn in\n\nGrace Ondo is the city's new mayor after winning the May vote.\n"
        "Grace Ondo announced a free bus pass for students on her first day.\n"
        "Her rival Tom Berg conceded on Friday.\n",
        encoding="utf-8",
    )
    assistant = make_assistant()
    assistant.ingest([docs])
    first = assistant.ask("Who is the city's new mayor?")
    assert "Grace Ondo" in first.answer
    follow = assistant.ask("What did she announce next?", history=["Who is the city's new mayor?"])
    assert follow.standalone_question == "What did the city's new mayor announce next?"
    assert (first.follow_up_mode, follow.follow_up_mode) == ("none", "rewrite")
    # the mayor is what the user already knows: the answer is about the announcement
    assert "bus pass" in follow.answer
    by_name = assistant.ask("What did she announce?", history=["Who is Grace Ondo?"])
    assert by_name.standalone_question == "What did Grace Ondo announce?"
    assert "bus pass" in by_name.answer


def test_empty_question_is_an_error(seed_assistant):
    with pytest.raises(BadRequestError, match="empty"):
        seed_assistant.ask("   ")


def test_stream_yields_text_then_the_answer(seed_assistant):
    events = list(seed_assistant.stream("Where is 38 North based?"))
    *pieces, final = events
    assert all(isinstance(p, str) for p in pieces) and "".join(pieces) == final.answer
    assert final.timings_ms["total"] >= final.timings_ms["retrieve"] > 0
