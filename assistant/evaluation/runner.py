"""Run a question set through the Assistant and score each answer as it comes.

Every question goes through `Assistant.ask`, the same call the UI and the REST
API make, so the figures describe what users get. Results are appended to
results.jsonl one line at a time and flushed, so Ctrl-C (or a crash) keeps
every question already answered.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from assistant.errors import AssistantError, QuestionSetError
from assistant.evaluation import metrics
from assistant.evaluation.results import EarlierTurn, Expected, Result, Scores
from assistant.models import Filters

if TYPE_CHECKING:
    from assistant.core import Assistant

K_VALUES = (1, 3, 5)
FILTER_KEYS = ("since", "until", "source", "section")


@dataclass
class Question:
    """One line of a question set (docs/architecture.md, "Question sets"), plus optional expected documents."""

    id: str
    question: str
    answers: list[str]
    answerable: bool = True
    history: list[str] = field(default_factory=list)
    history_given: list[str | None] = field(default_factory=list)  # answers the set gives for earlier turns
    doc_ids: list[str] = field(default_factory=list)
    type: str | None = None
    filters: Filters = field(default_factory=Filters)  # `since`, `until`, `source`, `section` of the line


def load_questions(path: str | Path, limit: int | None = None) -> list[Question]:
    """Read and validate a JSONL question set; the first problem found is reported with its line."""
    path = Path(path)
    if not path.is_file():
        raise QuestionSetError(f"question set not found: {path}")
    questions: list[Question] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise QuestionSetError(f"{where}: not valid JSON ({exc.msg})") from exc
            question = _question(row, where)
            if question.id in seen:
                raise QuestionSetError(f"{where}: duplicate id '{question.id}'")
            seen.add(question.id)
            questions.append(question)
            if limit is not None and len(questions) >= limit:
                break
    if not questions:
        raise QuestionSetError(f"{path}: no questions")
    return questions


def _question(row: Any, where: str) -> Question:
    if not isinstance(row, dict):
        raise QuestionSetError(f"{where}: expected a JSON object, got {type(row).__name__}")
    for key in ("id", "question"):
        if not isinstance(row.get(key), str | int) or not str(row.get(key)).strip():
            raise QuestionSetError(f"{where}: field '{key}' is missing or empty")
    answers = row.get("answers", [])
    if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
        raise QuestionSetError(f"{where}: field 'answers' must be a list of strings")
    answerable = row.get("answerable", bool(answers))
    if not isinstance(answerable, bool):
        raise QuestionSetError(f"{where}: field 'answerable' must be true or false")
    if answerable and not any(a.strip() for a in answers):
        raise QuestionSetError(f"{where}: answerable question with no accepted answer")
    raw_history = row.get("history", [])
    if not isinstance(raw_history, list) or not all(
        isinstance(h, str) or (isinstance(h, dict) and isinstance(h.get("question"), str)) for h in raw_history
    ):
        raise QuestionSetError(f"{where}: field 'history' must be a list of strings or {{question, answer}} objects")
    history = [h if isinstance(h, str) else h["question"] for h in raw_history]
    given = [None if isinstance(h, str) else h.get("answer") for h in raw_history]
    doc_ids = row.get("doc_ids", [])
    if not isinstance(doc_ids, list):
        raise QuestionSetError(f"{where}: field 'doc_ids' must be a list of strings")
    try:
        filters = Filters(**{key: row[key] for key in FILTER_KEYS if row.get(key) is not None})
    except (AssistantError, TypeError, ValueError) as exc:
        raise QuestionSetError(f"{where}: filters ({', '.join(FILTER_KEYS)}): {exc}") from exc
    return Question(
        id=str(row["id"]),
        question=str(row["question"]),
        answers=answers,
        answerable=answerable,
        history=history,
        history_given=given,
        doc_ids=[str(d) for d in doc_ids],
        type=row.get("kind") or row.get("type"),  # figures are reported per kind (fact, quote, ...)
        filters=filters,
    )


def score(question: Question, answer: dict) -> Scores:
    """Per-question metrics of one Answer object (as a dict); None where a figure does not apply."""
    passages = answer.get("passages", [])
    rank = first = None
    if question.answerable:
        rank = metrics.first_hit_rank([p["text"] for p in passages], question.answers)
        if question.doc_ids:
            first = metrics.first_doc_rank([p["doc_id"] for p in passages], question.doc_ids)
    refused = bool(answer.get("refused"))
    text = "" if refused else metrics.strip_markers(answer.get("answer", ""))
    precision, recall = (
        (None, None) if refused else metrics.citation_scores(answer.get("answer", ""), answer.get("citations", []))
    )
    scores: dict[str, Any] = {
        "type": question.type or metrics.question_type(question.question, question.answerable, bool(question.history)),
        "refused": refused,
        "answer_words": None if refused else metrics.word_count(text),
        "citation_precision": precision,
        "citation_recall": recall,
    }
    if question.answerable:
        scores |= {
            "hit_rank": rank,
            **{f"hit@{k}": metrics.hit_at(rank, k) for k in K_VALUES},
            "rr@5": metrics.reciprocal_rank(rank, 5),
            "accurate": (not refused) and metrics.contains_answer(text, question.answers),
            "f1": metrics.token_f1(text, question.answers),
            "em": metrics.exact_match(text, question.answers),
        }
        if question.doc_ids:
            scores |= {
                "doc_rank": first,
                **{f"doc_hit@{k}": metrics.hit_at(first, k) for k in K_VALUES},
                "doc_rr@5": metrics.reciprocal_rank(first, 5),
            }
        scores["correct"] = scores["accurate"]
    else:
        scores["correct"] = refused
    return Scores(**scores)


@dataclass
class RunOutcome:
    results: list[Result]
    wall_seconds: float
    interrupted: bool


def run_questions(
    assistant: Assistant,
    questions: list[Question],
    results_path: Path,
    show_progress: bool = True,
    on_result: Callable[[Result], None] | None = None,
) -> RunOutcome:
    """Ask every question (history turns first, as a chat), writing each scored result as it lands.

    Ctrl-C stops the loop but not the run: what is done stays in results.jsonl and is
    returned, marked interrupted, so the caller can still write a summary of it.
    """
    results: list[Result] = []
    results_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    interrupted = False
    bar = tqdm(questions, desc="eval", unit="q", disable=not show_progress)
    with open(results_path, "w", encoding="utf-8") as out:
        try:
            for question in bar:
                result = ask_one(assistant, question)
                out.write(json.dumps(result.row(), ensure_ascii=False) + "\n")
                out.flush()
                results.append(result)
                if on_result:
                    on_result(result)
                correct = sum(r.metrics.correct for r in results)
                bar.set_postfix(correct=f"{correct}/{len(results)}")
        except KeyboardInterrupt:
            interrupted = True
        finally:
            bar.close()
    return RunOutcome(results, time.perf_counter() - started, interrupted)


def ask_one(assistant: Assistant, question: Question) -> Result:
    """The Answer object plus id, expected answers and metrics; history turns are asked first.

    Each earlier turn is answered with the turns before it as its history, as in a
    real chat (or takes the answer the question set gives it); only the final
    question's answer and timings are scored.
    """
    history_answers = []
    turns: list[dict] = []
    given = question.history_given or [None] * len(question.history)
    for turn, answer_given in zip(question.history, given, strict=True):
        if answer_given is None:  # not in the set: ask it, as the chat would have
            earlier = assistant.ask(turn, history=turns)
            answer_given, refused = earlier.answer, earlier.refused
        else:
            refused = False
        history_answers.append(EarlierTurn(question=turn, answer=answer_given, refused=refused))
        turns.append({"question": turn, "answer": answer_given})
    # Filters go only to the scored question, and only when set (as the other surfaces do).
    extra = {"filters": question.filters} if question.filters else {}
    answer = assistant.ask(question.question, history=turns, **extra)
    return Result(
        id=question.id,
        **dict(answer),
        history=question.history,
        history_answers=history_answers,
        expected=Expected(answers=question.answers, answerable=question.answerable, doc_ids=question.doc_ids),
        metrics=score(question, answer.model_dump()),
    )
