"""Metric functions on hand-made cases: each would give a different number if its definition broke."""

from __future__ import annotations

import pytest

from assistant.evaluation import metrics
from assistant.evaluation.results import Expected, Result
from assistant.evaluation.runner import Question, score
from assistant.evaluation.summary import by_type, figures


def test_contains_answer_normalises_case_punctuation_and_unicode_quotes() -> None:
    text = "The ministry called it an “insult” to Kim Jong‑Un’s   leadership."
    assert metrics.contains_answer(text, ['"INSULT"'])
    assert metrics.contains_answer(text, ["kim jong-un's leadership"])
    assert metrics.contains_answer("He said ‘strategic patience’ failed", ["'strategic patience'"])


def test_contains_answer_accepts_any_of_several_answers_and_inflections() -> None:
    text = "Jen Psaki, the White House spokesperson, said so."
    assert metrics.contains_answer(text, ["press secretary", "spokesperson"])
    assert not metrics.contains_answer(text, ["press secretary", "ambassador"])
    assert metrics.contains_answer("accused Biden of insulting Kim", ["insult"])


def test_contains_answer_keeps_numbers_and_word_starts_whole() -> None:
    assert not metrics.contains_answer("It cost 100 dollars", ["10"])
    assert not metrics.contains_answer("the 10th time", ["10"])
    assert metrics.contains_answer("It cost 10 dollars", ["10"])
    assert not metrics.contains_answer("the unrest grew", ["rest"])


def test_empty_answers_never_count_as_contained() -> None:
    assert not metrics.contains_answer("anything at all", [])
    assert not metrics.contains_answer("anything at all", ["", "  ", "…"])
    assert metrics.first_hit_rank(["a passage"], []) is None


def test_exact_match_and_f1_pick_the_best_accepted_answer() -> None:
    assert metrics.exact_match("  The “White House”. ", ["the white house", "Washington"]) == 1.0
    assert metrics.exact_match("White House press office", ["the white house"]) == 0.0
    # prediction "press secretary jen psaki" vs gold "press secretary": P=2/4, R=1 -> F1=2/3
    assert metrics.token_f1("Press secretary Jen Psaki", ["spokesperson", "press secretary"]) == pytest.approx(2 / 3)
    assert metrics.token_f1("nothing shared", ["press secretary"]) == 0.0


def test_f1_and_em_on_empty_answers_follow_squad2() -> None:
    assert metrics.exact_match("", []) == 1.0
    assert metrics.token_f1("", []) == 1.0
    assert metrics.exact_match("a guess", []) == 0.0
    assert metrics.token_f1("a guess", []) == 0.0
    assert metrics.token_f1("", ["Obama"]) == 0.0


def test_markers_do_not_count_as_answer_words() -> None:
    assert metrics.strip_markers("Obama did. [1] He said so [2].") == "Obama did. He said so."
    assert metrics.word_count("Obama did. [1] [2]") == 2
    assert metrics.token_f1("Obama [1]", ["Obama"]) == 1.0


def test_hits_and_reciprocal_rank() -> None:
    passages = ["nothing here", "still nothing", "Obama advocated it", "Obama again"]
    rank = metrics.first_hit_rank(passages, ["obama"])
    assert rank == 3
    assert [metrics.hit_at(rank, k) for k in (1, 3, 5)] == [0.0, 1.0, 1.0]
    assert metrics.reciprocal_rank(rank, 5) == pytest.approx(1 / 3)
    assert metrics.reciprocal_rank(6, 5) == 0.0
    assert metrics.reciprocal_rank(None) == 0.0
    assert metrics.first_doc_rank(["a.txt", "b.txt"], ["b.txt"]) == 2


def _citation(n: int, quote: str, passage: str) -> dict:
    return {"n": n, "quote": quote, "passage": passage}


def test_citation_precision_and_recall() -> None:
    passage = "North Korea rejected talks with Washington on Sunday. The ministry blamed Biden."
    other = "Tokyo hosted the Olympic Games."
    answer = "North Korea rejected talks with Washington. [1] Tokyo hosted the Games. [2] The sky is green. [3]"
    citations = [
        _citation(1, "North Korea rejected talks with Washington on Sunday.", passage),  # good
        _citation(2, "a quote that is not in the passage", other),  # supports, but not verbatim
        _citation(3, "Tokyo hosted the Olympic Games.", other),  # verbatim, does not support
    ]
    precision, recall = metrics.citation_scores(answer, citations)
    assert precision == pytest.approx(1 / 3)
    assert recall == pytest.approx(1 / 3)


def test_citation_scores_count_uncited_sentences_and_unknown_markers() -> None:
    passage = "Jen Psaki is the White House press secretary."
    answer = "Jen Psaki is the press secretary. [1] She spoke on Friday. Psaki said more. [7]"
    precision, recall = metrics.citation_scores(answer, [_citation(1, passage, passage)])
    assert precision == pytest.approx(1 / 2)  # [1] good, [7] names no citation
    assert recall == pytest.approx(1 / 3)
    assert metrics.citation_scores("", []) == (None, None)


def test_percentile_interpolates_like_numpy() -> None:
    assert metrics.percentile([], 50) is None
    assert metrics.percentile([5.0], 95) == 5.0
    assert metrics.percentile([1, 2, 3, 4], 50) == pytest.approx(2.5)
    assert metrics.percentile(list(range(1, 11)), 90) == pytest.approx(9.1)


@pytest.mark.parametrize(
    ("question", "answerable", "history", "expected"),
    [
        ("How many passages were there?", True, False, "how many"),
        ("In which year did it start?", True, False, "which"),
        ("Who is Jen Psaki?", True, False, "who"),
        ("Name the president.", True, False, "other"),
        ("What did he say?", True, True, "follow-up"),
        ("What is the population?", False, False, "unanswerable"),
    ],
)
def test_question_type(question: str, answerable: bool, history: bool, expected: str) -> None:
    assert metrics.question_type(question, answerable, history) == expected


def _answer(text: str, refused: bool = False, passages: tuple[str, ...] = ()) -> dict:
    return {
        "answer": text,
        "refused": refused,
        "citations": [],
        "passages": [
            {"rank": i, "doc_id": "d", "title": "t", "text": p, "score": 0.0} for i, p in enumerate(passages, 1)
        ],
        "timings_ms": {"retrieve": 1.0, "generate": 2.0, "total": 3.0},
    }


def _mixed_results() -> list[Result]:
    answerable = Question("a", "Who?", ["Obama"], True)
    unanswerable = Question("u", "What is the population?", [], False)
    rows = []
    for q, ans in [
        (answerable, _answer("", refused=True)),  # false refusal
        (answerable, _answer("Obama said it.", passages=("x", "Obama"))),
        (unanswerable, _answer("", refused=True)),  # right refusal
        (unanswerable, _answer("It is large.")),
    ]:  # missed refusal
        rows.append(
            Result(
                id=q.id,
                question=q.question,
                standalone_question=q.question,
                **ans,
                expected=Expected(answerable=q.answerable, answers=q.answers),
                metrics=score(q, ans),
            )
        )
    return rows


def test_refusal_figures_and_correctness() -> None:
    rows = _mixed_results()
    figs = figures(rows, wall_seconds=2.0)
    assert figs["refusal"]["refusal_recall"] == 0.5
    assert figs["refusal"]["false_refusal_rate"] == 0.5
    assert figs["answer"]["accuracy"] == 0.5
    assert figs["retrieval"]["hit@1"] == 0.0 and figs["retrieval"]["hit@3"] == 0.5
    assert figs["throughput"]["questions_per_second"] == 2.0
    assert [r.metrics.correct for r in rows] == [False, True, True, False]
    assert by_type(rows)["unanswerable"].model_dump() == {"n": 2, "correct": 1, "rate": 0.5}


def test_figures_are_reported_per_kind(tmp_path) -> None:
    from assistant.evaluation.runner import load_questions

    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "a", "question": "Who?", "answers": ["x"], "kind": "quote"}\n'
        '{"id": "b", "question": "Why?", "answers": [], "answerable": false}\n',
        encoding="utf-8",
    )
    first, second = load_questions(path)
    assert first.type == "quote" and second.type is None


def test_hit_at_k_above_top_k_is_not_reported_anywhere() -> None:
    from assistant.evaluation.report import headline_rows, render_markdown
    from assistant.evaluation.results import RunInfo, Summary
    from assistant.evaluation.summary import measured

    rows = _mixed_results()
    figs = figures(rows, wall_seconds=2.0, top_k=1)
    assert set(figs["retrieval"]) == {"n", "hit@1", "mrr@5"}
    names = [name for name, _ in headline_rows(figs)]
    assert "hit@1" in names and not any(n in ("hit@3", "hit@5") for n in names)
    summary = Summary(run=RunInfo(name="r", questions_file="q", questions=4, completed=4), figures=figs)
    assert "hit@3" not in render_markdown(summary, rows) and "hit@5" not in render_markdown(summary, rows)
    assert set(figures(rows, 2.0, top_k=3)["retrieval"]) == {"n", "hit@1", "hit@3", "mrr@5"}
    assert measured("retrieval.hit@3", 3) and not measured("retrieval.hit@5", 3) and measured("answer.f1", 1)
    assert not measured("retrieval_by_document.doc_hit@3", 1) and measured("retrieval.hit@5", None)


def test_accuracy_and_correct_rate_are_named_for_what_they_count() -> None:
    from assistant.evaluation.report import headline_rows
    from assistant.evaluation.summary import DEFINITIONS, label

    figs = figures(_mixed_results(), wall_seconds=2.0)
    # half the answerable questions are answered right; all questions: one answer and one refusal of four
    assert figs["answer"]["accuracy"] == 0.5 and figs["correct"]["rate"] == 0.5
    rows = dict(headline_rows(figs))
    assert rows["answer accuracy (answerable only, n=2)"] == 0.5
    assert rows["correct (all questions, n=4)"] == 0.5
    assert label("answer.accuracy") == "answer.accuracy (answerable questions only)"
    assert label("correct.rate") == "correct.rate (all questions; refusing an unanswerable one counts as right)"
    assert "ALL questions" in DEFINITIONS["correct"] and "ANSWERABLE" in DEFINITIONS["accuracy"]
