"""answering/citations.py: a quote outside its passage is a bug (InvariantError); [n] numbering."""

from __future__ import annotations

import pytest

from assistant.answering.citations import make_citation, render, split_claims, support
from assistant.errors import InvariantError, surface_for
from assistant.models import Article, Claim, Passage, Source

TEXT = (
    "Bridge approved\n"
    "The council approved the bridge on Tuesday. The mayor said work would start in spring.\n"
    "Opponents said the cost was too high."
)


def source(n: int = 1) -> Source:
    article = Article(doc_id="d1", path="/tmp/d1.txt", title="Bridge approved", source="Town Post", text=TEXT)
    start = TEXT.index("The council")
    end = TEXT.index("spring.") + len("spring.")
    passage = Passage(passage_id=4, doc_id="d1", text=TEXT[start:end], start=start, end=end)
    return Source(n=n, passage=passage, article=article, score=0.9)


def claim(sentence: str, src: Source | None = None) -> Claim:
    src = src or source()
    start = TEXT.index(sentence)
    return Claim(text=sentence, source=src, start=start, end=start + len(sentence), support=1.0)


def test_citation_quotes_the_article_verbatim():
    c = claim("The mayor said work would start in spring.")
    citation = make_citation(3, c)
    assert citation.n == 3 and citation.quote == "The mayor said work would start in spring."
    assert TEXT[citation.start : citation.end] == citation.quote and citation.quote in citation.passage
    assert (citation.doc_id, citation.title, citation.source) == ("d1", "Bridge approved", "Town Post")
    assert citation.passage == source().passage.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Opponents said the cost was too high.",  # in the article, after the passage
        "Bridge approved",  # in the article, before the passage
    ],
)
def test_a_quote_outside_its_passage_is_an_invariant_error(sentence):
    with pytest.raises(InvariantError, match="not inside passage 4") as info:
        make_citation(1, claim(sentence))
    # a bug of ours, never the caller's fault: internal error on every surface
    assert (surface_for(info.value).status, surface_for(info.value).exit_code) == (500, 70)


def test_a_quote_straddling_the_passage_end_or_empty_is_refused():
    src = source()
    straddle = Claim("x", src, src.passage.end - 5, src.passage.end + 5, 1.0)
    empty = Claim("x", src, src.passage.start + 3, src.passage.start + 3, 1.0)
    for bad in (straddle, empty):
        with pytest.raises(InvariantError):
            make_citation(1, bad)


def test_render_numbers_claims_in_order():
    first = claim("The council approved the bridge on Tuesday.")
    second = claim("The mayor said work would start in spring.")
    text, citations = render([first, second])
    assert text == "The council approved the bridge on Tuesday. [1] The mayor said work would start in spring. [2]"
    assert [c.n for c in citations] == [1, 2]
    assert [c.quote for c in citations] == [first.text, second.text]
    assert render([]) == ("", [])


def test_render_refuses_the_whole_answer_when_one_quote_is_bad():
    with pytest.raises(InvariantError):
        render([claim("The council approved the bridge on Tuesday."), claim("Opponents said the cost was too high.")])


def test_support_is_the_share_of_claim_terms_in_the_evidence():
    assert support("The mayor said work would start in spring.", TEXT) == 1.0
    assert support("Sure.", TEXT) == 0.0  # nothing a passage could support
    assert support("The mayor cancelled the bridge.", "The mayor spoke.") == pytest.approx(1 / 3)


def test_split_claims_reads_markers_per_sentence():
    assert split_claims("The council agreed [2]. Work starts in spring. [1][3] Cost is high") == [
        ("The council agreed.", [2]),
        ("Work starts in spring.", [1, 3]),
        ("Cost is high", []),
    ]
