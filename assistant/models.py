"""Data that flows between the steps: Article -> Passage -> Answer.

Pydantic models so that the same objects serialise to the Answer JSON contract
(DESIGN.md) for the CLI, the REST API and the evaluation runner without copies.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Article(BaseModel):
    """One cleaned news article, as read from a file (or one record of a JSON file)."""

    doc_id: str
    path: str = Field(description="absolute path of the file the article came from")
    title: str = ""
    source: str = Field("", description="outlet name, or the file name when no outlet is known")
    url: str | None = None
    published: str | None = None
    text: str


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
    answer: str
    refused: bool = False
    generator: str = "extractive"
    citations: list[Citation] = Field(default_factory=list)
    passages: list[RetrievedPassage] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
