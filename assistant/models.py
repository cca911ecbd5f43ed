"""Data that flows between the steps: Article -> Passage -> Answer.

Pydantic models so that the same objects serialise to the Answer JSON contract
(docs/architecture.md) for the CLI, the REST API and the evaluation runner without copies.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import numpy as np
from pydantic import BaseModel, Field

from assistant.errors import BadRequestError


class Article(BaseModel):
    """One cleaned news article, as read from a file (or one record of a JSON file)."""

    doc_id: str
    path: str = Field(description="absolute path of the file the article came from")
    title: str = ""
    source: str = Field("", description="outlet name, or the file name when no outlet is known")
    url: str | None = None
    published: str | None = Field(None, description="ISO date YYYY-MM-DD, None when the file gives no readable date")
    author: str | None = None
    section: str | None = Field(None, description="the desk that ran the story (business, sport, ...)")
    text: str
    duplicate_of: str | None = Field(
        None, description="doc_id of the article this near-duplicate is stored as (it has no passages of its own)"
    )
    also_reported_by: list[str] = Field(
        default_factory=list, description="'outlet: headline' of each near-duplicate stored as this article"
    )


class Passage(BaseModel):
    """A sentence-aligned slice of an article, small enough for the embedding window."""

    passage_id: int
    doc_id: str
    text: str
    start: int = Field(description="character offset of the passage in its article's text")
    end: int


class Citation(BaseModel):
    n: int
    doc_id: str
    title: str
    source: str
    url: str | None = None
    published: str | None = None
    quote: str = Field(description="the sentence(s) that support the claim, verbatim from the article")
    passage: str
    start: int = Field(description="character offset of the quote in the article's text")
    end: int
    score: float = 0.0
    insertion: str | None = Field(
        None, description="text added before the quote to say who it is about, shown as [insertion]"
    )
    answer_start: int | None = Field(None, description="article offset of the phrase that answers, within the quote")
    answer_end: int | None = None
    also_reported_by: list[str] = Field(
        default_factory=list, description="'outlet: headline' of near-duplicates of the cited story, stored once"
    )
    speaker: str | None = Field(None, description="who is quoted in the cited sentence (found at ingest)")


class RetrievedPassage(BaseModel):
    rank: int
    doc_id: str
    title: str
    text: str
    score: float


class Answer(BaseModel):
    """The Answer object of the contract; the REST API and `ask --json` return exactly this."""

    question: str
    standalone_question: str
    # How the chat was used to read the question: "none" (first or self-contained), "rewrite"
    # (resolved into the standalone question), "history" (searched with earlier turns' terms), "llm".
    follow_up_mode: str = "none"
    answer: str
    refused: bool = False
    generator: str = "extractive"
    citations: list[Citation] = Field(default_factory=list)
    passages: list[RetrievedPassage] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)


# ---- in-process values between the stages (never serialised) -------------------------


@dataclass(frozen=True)
class Sentence:
    """One sentence of a passage, found at ingest, with the named entities spaCy saw in it."""

    passage_id: int
    start: int  # character offsets in the article's text
    end: int
    entities: tuple[tuple[int, int, str], ...] = ()  # (start, end, label), offsets in the sentence
    speaker: str | None = None  # who is quoted in it (the name as first given in the article)
    # Each DATE entity that could be read as days (ingest/dates.py): (start, end, first ISO day, last ISO day).
    dates: tuple[tuple[int, int, str, str], ...] = ()

    def row(self) -> list:
        """The sentence as stored in an index or a checkpoint (one JSON array)."""
        return [self.passage_id, self.start, self.end, self.entities, self.speaker, self.dates]

    @classmethod
    def from_row(cls, row: list, first_passage: int = 0) -> Sentence:
        """Read `row()` back; rows of format-3 indexes have no dates."""
        pid, start, end, entities, speaker, *rest = row
        dates = tuple(tuple(d) for d in rest[0]) if rest else ()
        return cls(first_passage + pid, start, end, tuple(tuple(x) for x in entities), speaker, dates)


@dataclass(frozen=True)
class Filters:
    """Which articles a question may be answered from: a date range, an outlet, a section.

    Applied in retrieval, before any passage is ranked, so an answer never cites a story
    outside them. Dates are ISO days, both ends included; an article without a publication
    date is inside a range when its text names a day in it with its year (retrieval/filters.py).
    `source` and `section` match whole words, ignoring case ("BBC" matches "BBC News").
    """

    since: str | None = None
    until: str | None = None
    source: str | None = None
    section: str | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            object.__setattr__(self, name, _iso_day(name, getattr(self, name)))
        for name in ("source", "section"):
            value = " ".join((getattr(self, name) or "").split())
            object.__setattr__(self, name, value or None)
        if self.since and self.until and self.since > self.until:
            raise BadRequestError(f"since ({self.since}) is after until ({self.until}): no day is in that range")

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


def _iso_day(name: str, value: str | date | None) -> str | None:
    """A filter day as `YYYY-MM-DD`; anything else is the caller's mistake, named by field."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise BadRequestError(f"{name}: '{value}' is not a date; give it as YYYY-MM-DD, e.g. 2005-03-31") from None


@dataclass(frozen=True)
class Query:
    """A question as every stage after follow-up resolution sees it, encoded once."""

    text: str  # what the user typed
    standalone: str  # the follow-up resolved from the chat (= text for a first question)
    vector: np.ndarray  # the embedding of `standalone`, for a follow-up pulled a little towards the chat
    # Content terms the standalone question took from earlier turns ("he" -> "Easley", a history-aware
    # search's key terms): they count less in the answer, which is about what the follow-up asks.
    given: frozenset[str] = frozenset()
    # Sentences earlier answers of the chat already quoted (normalised, see text.normalize_answer):
    # a "what else" follow-up is answered with something new.
    exclude: frozenset[str] = frozenset()
    # How the chat was used: "none" (a first or self-contained question), "rewrite" (resolved into a
    # standalone question), "history" (the follow-up searched with earlier turns' key terms), "llm".
    mode: str = "none"
    filters: Filters = Filters()  # which articles may answer (date range, outlet, section)


@dataclass
class Hit:
    passage_id: int
    score: float  # fused RRF score
    dense: float  # cosine similarity of the passage to the query (0 when not in the dense list)
    dense_rank: int | None
    bm25_rank: int | None


@dataclass
class Source:
    """A retrieved passage as numbered for the generator: [n] refers to sources[n-1]."""

    n: int
    passage: Passage
    article: Article
    score: float


@dataclass
class Claim:
    """One answer sentence and the span of the article that supports it."""

    text: str
    source: Source
    start: int  # quote offsets in the article's text
    end: int
    support: float
    prefix: str = ""  # a marked insertion shown before the quote, e.g. "[Jen Psaki] " for its "she said"
    phrase: tuple[int, int] | None = None  # article offsets of the part that answers


@dataclass
class Draft:
    """What a generator returns: the claims to render, or a refusal."""

    claims: list[Claim]
    refused: bool
    generator: str
