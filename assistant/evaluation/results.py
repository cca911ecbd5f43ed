"""The records of an eval run: one line of results.jsonl (`Result`) and summary.json (`Summary`).

Typed so the runner, the summary, the reports and `--compare` agree on one shape
instead of each indexing dicts. They serialise to exactly the keys, in the same
order, that the run files had before they were typed (docs/architecture.md,
"Eval output"), so older run folders load and compare with new ones. A result
line is the Answer object plus what the run knows about the question; metrics
that do not apply to a question (retrieval figures of an unanswerable one) are
absent from its line, not null.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.models import Answer


class Expected(BaseModel):
    """What the question set says the right behaviour is."""

    answers: list[str]
    answerable: bool
    doc_ids: list[str] = Field(default_factory=list)


class EarlierTurn(BaseModel):
    """An earlier turn of a chat question, asked (and answered) before the scored one."""

    question: str
    answer: str
    refused: bool


class Scores(BaseModel):
    """Per-question metrics; JSON names such as `hit@1` are the aliases of the fields."""

    model_config = ConfigDict(populate_by_name=True)

    type: str
    refused: bool
    answer_words: int | None
    citation_precision: float | None
    citation_recall: float | None
    # answerable questions only
    hit_rank: int | None = None
    hit_at_1: float | None = Field(None, alias="hit@1")
    hit_at_3: float | None = Field(None, alias="hit@3")
    hit_at_5: float | None = Field(None, alias="hit@5")
    rr_at_5: float | None = Field(None, alias="rr@5")
    accurate: bool | None = None
    f1: float | None = None
    em: float | None = None
    # answerable questions whose set names the documents
    doc_rank: int | None = None
    doc_hit_at_1: float | None = Field(None, alias="doc_hit@1")
    doc_hit_at_3: float | None = Field(None, alias="doc_hit@3")
    doc_hit_at_5: float | None = Field(None, alias="doc_hit@5")
    doc_rr_at_5: float | None = Field(None, alias="doc_rr@5")
    correct: bool  # the answer is right, or the refusal of an unanswerable question

    def get(self, key: str) -> Any:
        """A metric by its JSON name (`hit@1`); None when it does not apply to this question."""
        return getattr(self, _FIELD_BY_KEY[key]) if _FIELD_BY_KEY.get(key) in self.model_fields_set else None

    def row(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_unset=True)


_FIELD_BY_KEY = {field.alias or name: name for name, field in Scores.model_fields.items()}


class Result(Answer):
    """One line of results.jsonl: `id`, the Answer object, then history, expected answers and metrics."""

    id: str
    history: list[str] = Field(default_factory=list)
    history_answers: list[EarlierTurn] = Field(default_factory=list)
    expected: Expected
    metrics: Scores

    def row(self) -> dict[str, Any]:
        data = self.model_dump(exclude={"metrics"})
        return {"id": data.pop("id"), **data, "metrics": self.metrics.row()}


class RunInfo(BaseModel):
    """Which question set was run, how far it got and when."""

    model_config = ConfigDict(extra="allow")

    name: str
    questions_file: str
    questions: int
    completed: int
    interrupted: bool = False
    started_at: str = ""
    seconds: float = 0.0


class TypeScore(BaseModel):
    n: int
    correct: int
    rate: float


class Summary(BaseModel):
    """summary.json. `figures` stays a nested mapping keyed by the report's names (`retrieval` →
    `hit@1` ...): `--compare` lines figures up by those names, whatever a version adds."""

    model_config = ConfigDict(extra="allow")

    run: RunInfo
    config: dict[str, Any] = Field(default_factory=dict)
    versions: dict[str, str | None] = Field(default_factory=dict)
    support_check: str = ""
    figures: dict[str, Any]
    by_type: dict[str, TypeScore] = Field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        return self.model_dump()
