"""Near-duplicate stories (issue 11, item 5): stored once with "also reported by", never cited twice.

Stories written here (a wire story, a re-headlined copy with boilerplate, a trimmed copy,
an updated version that adds new text); real model, real index. The BBC corpus's own
duplicates are counted when the corpus is there.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant, Config
from assistant.core import distinct_claims
from assistant.ingest.duplicates import JACCARD, DuplicateFinder, is_copy, signature
from assistant.ingest.loaders import load_file
from assistant.models import Article, Claim, Passage, Source
from assistant.text import normalize_answer
from tests.conftest import ROOT

BBC = ROOT.parent / "shared" / "corpora" / "bbc-news"
STORY = [
    "Acme Corp opened a new bicycle factory in Leeds on Monday, its first outside Germany.",
    "The factory will employ 300 workers by the end of the year, chief executive Mary Hill said.",
    "Production of carbon frames starts in the spring, with 40,000 frames planned for the first year.",
    "Local officials said the plant was the largest industrial investment in the city for a decade.",
    "Unions welcomed the jobs but asked for guarantees on pay and training for apprentices.",
    "Acme shares rose 4% in Frankfurt after the announcement, their best day since March.",
    "The company said it would open a research centre next to the factory in 2006.",
    "Analysts expect the Leeds plant to supply most of Acme's British and Irish orders.",
]
QUESTION = "How many workers will the Acme factory in Leeds employ?"


def write(folder: Path, name: str, outlet: str, title: str, sentences: list[str], extra: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"{outlet}\n{title}\n\n" + "\n".join(sentences) + extra, encoding="utf-8")


@pytest.fixture
def assistant(tmp_path, embedder) -> Assistant:
    config = Config.load(env={}, data_dir=tmp_path / "data", index_dir=tmp_path / "index")
    return Assistant(config, embedder=embedder)


def stored(assistant: Assistant) -> dict[str, object]:
    snapshot = assistant._ready()[0]
    return {doc_id: s for doc_id, s in snapshot.articles.items()}


def test_a_reheadlined_copy_with_boilerplate_is_stored_once_with_also_reported_by(assistant, tmp_path):
    data = tmp_path / "data"
    write(data, "ledger.txt", "The Ledger", "Acme opens Leeds bicycle factory", STORY)
    boilerplate = "\nFollow the Daily Planet on social media for more business news every day."
    write(data, "planet.txt", "Daily Planet", "Bike maker Acme picks Leeds for plant", STORY, boilerplate)
    report = assistant.ingest([data])

    # The longer text is kept (here the copy with a boilerplate line): no sentence is ever lost.
    assert [(d, k) for d, k, _ in report.duplicates] == [("ledger.txt", "planet.txt")]
    assert report.duplicates[0][2] >= JACCARD
    assert "near-duplicate ledger.txt of planet.txt" in report.summary() and "kept once" in report.summary()
    assert report.to_dict()["duplicates"][0]["kept"] == "planet.txt"
    articles = stored(assistant)
    assert articles["ledger.txt"].passage_ids == [] and articles["ledger.txt"].article.duplicate_of == "planet.txt"
    assert articles["planet.txt"].article.also_reported_by == ["The Ledger: Acme opens Leeds bicycle factory"]
    assert report.passages == len(articles["planet.txt"].passage_ids)  # one copy's passages only

    answer = assistant.ask(QUESTION)
    assert not answer.refused and "300" in answer.answer
    assert {c.doc_id for c in answer.citations} == {"planet.txt"}
    assert all(c.also_reported_by == ["The Ledger: Acme opens Leeds bicycle factory"] for c in answer.citations)
    listed = {a["doc_id"]: a for a in assistant.articles()}
    assert listed["ledger.txt"]["duplicate_of"] == "planet.txt" and listed["ledger.txt"]["passages"] == 0


def test_the_longest_version_is_kept_and_a_trimmed_copy_folded_into_it(assistant, tmp_path):
    data = tmp_path / "data"
    write(data, "a_trimmed.txt", "Wire Daily", "Acme in Leeds", STORY[:6])  # last two sentences cut
    write(data, "b_full.txt", "Daily Planet", "Acme opens Leeds bicycle factory", STORY)
    report = assistant.ingest([data])
    assert [(d, k) for d, k, _ in report.duplicates] == [("a_trimmed.txt", "b_full.txt")]
    assert stored(assistant)["b_full.txt"].article.also_reported_by == ["Wire Daily: Acme in Leeds"]


def test_an_unchanged_reingest_writes_nothing_and_a_copy_returns_when_its_kept_story_goes(assistant, tmp_path):
    data = tmp_path / "data"
    write(data, "planet.txt", "Daily Planet", "Acme opens Leeds bicycle factory", STORY)
    write(data, "ledger.txt", "The Ledger", "Bike maker Acme picks Leeds for plant", STORY)
    assistant.ingest([data])
    generation = assistant.index_info()["generation"]

    again = assistant.ingest([data])
    assert sorted(Path(p).name for p in again.unchanged) == ["ledger.txt", "planet.txt"] and not again.duplicates
    assert assistant.index_info()["generation"] == generation  # the copy is not re-read as new

    copy = next(doc_id for doc_id, s in stored(assistant).items() if s.article.duplicate_of)
    kept = stored(assistant)[copy].article.duplicate_of
    (data / kept).unlink()
    after = assistant.ingest([data])
    articles = stored(assistant)
    assert list(articles) == [copy] and articles[copy].passage_ids and articles[copy].article.duplicate_of is None
    assert any(f"{copy}: was stored as {kept}" in note for note in after.notes)
    assert {c.doc_id for c in assistant.ask(QUESTION).citations} == {copy}


def test_a_copy_added_later_is_folded_into_the_indexed_story(assistant, tmp_path):
    data = tmp_path / "data"
    write(data, "planet.txt", "Daily Planet", "Acme opens Leeds bicycle factory", STORY)
    assistant.ingest([data])
    write(data, "ledger.txt", "The Ledger", "Bike maker Acme picks Leeds for plant", STORY)
    report = assistant.ingest([data])
    assert [Path(p).name for p in report.added] == ["ledger.txt"]
    assert [d for d, _, _ in report.duplicates] == ["ledger.txt"]
    assert stored(assistant)["ledger.txt"].passage_ids == []


def test_an_updated_story_with_new_text_stays_separate_and_is_never_cited_twice(assistant, tmp_path):
    data = tmp_path / "data"
    write(data, "first.txt", "Daily Planet", "Acme opens Leeds bicycle factory", STORY[:3])
    assistant.ingest([data])
    update = STORY[:3] + [
        "Later on Monday the city council approved a new tram stop outside the factory gates.",
        "Acme said half of the 300 jobs would go to people who live within five miles of the plant.",
        "The firm is also in talks to build a second plant in Scotland, according to two people.",
    ]
    write(data, "update.txt", "Daily Planet", "Acme's Leeds factory gets tram stop", update)
    report = assistant.ingest([data])
    assert report.duplicates == []  # a longer version is never folded into a shorter one
    assert all(s.passage_ids for s in stored(assistant).values())

    for question in (QUESTION, "Who is the chief executive of Acme?", "What did Acme open in Leeds?"):
        answer = assistant.ask(question, top_k=10)
        assert {p.doc_id for p in answer.passages} == {"first.txt", "update.txt"}  # both copies retrieved
        quotes = [normalize_answer(c.quote) for c in answer.citations]
        assert len(quotes) == len(set(quotes)), answer.citations
        texts = [" ".join(p.text.lower().split()) for p in answer.passages]
        assert len(texts) == len(set(texts))


def test_distinct_claims_drops_the_same_sentence_from_a_second_copy():
    sentence = STORY[1]
    claims = []
    for n, doc_id in enumerate(("a.txt", "b.txt"), 1):
        text = f"{STORY[0]} {sentence}"
        article = Article(doc_id=doc_id, path=f"/x/{doc_id}", title="t", source="s", text=text)
        passage = Passage(passage_id=n - 1, doc_id=doc_id, text=text, start=0, end=len(text))
        start = text.index(sentence)
        claims.append(Claim(sentence, Source(n, passage, article, 1.0), start, start + len(sentence), 1.0))
    claims.append(Claim(STORY[0], claims[0].source, 0, len(STORY[0]), 1.0))  # another sentence: kept
    kept = distinct_claims(claims)
    assert [(c.source.article.doc_id, c.text) for c in kept] == [("a.txt", sentence), ("a.txt", STORY[0])]


def test_copy_rules_on_signatures():
    full = signature(" ".join(STORY))
    assert is_copy(signature(" ".join(STORY) + " Follow us for more."), full, 0.85)
    trimmed = signature(" ".join(STORY[:6]))
    finder = DuplicateFinder()
    finder.add("full", full)
    assert finder.match(trimmed).doc_id == "full"  # inside the full story: a trimmed copy
    other = DuplicateFinder()
    other.add("trimmed", trimmed)
    assert other.match(full) is None  # the full story is not folded into its trimmed copy
    assert finder.match(signature("A different story about rain in Wales and floods on the coast.")) is None


@pytest.mark.skipif(not BBC.is_dir(), reason="../shared/corpora/bbc-news is not there")
def test_bbc_corpus_duplicates_are_found_and_an_updated_story_is_not():
    finder = DuplicateFinder()
    copies: dict[str, str] = {}
    for path in sorted(BBC.glob("*.txt")):
        [article] = load_file(path, path.read_bytes(), path.name, 5_000_000)
        sig = signature(article.text)
        match = finder.match(sig)
        if match:
            copies[path.name] = match.doc_id
        else:
            finder.add(path.name, sig)
    assert copies["business_240.txt"] == "business_214.txt"  # the same story twice in the dataset
    assert "business_354.txt" not in copies  # an updated version with a third new text (Jaccard 0.62)
    assert 30 <= len(copies) <= 45


def test_cli_answer_says_also_reported_by(assistant, tmp_path):
    """`assistant ask` in a real process names the outlets of the copies under the citation."""
    data = tmp_path / "data"
    write(data, "ledger.txt", "The Ledger", "Acme opens Leeds bicycle factory", STORY)
    write(data, "planet.txt", "Daily Planet", "Bike maker Acme picks Leeds for plant", STORY, "\nMore at the Planet.")
    assistant.ingest([data])
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "--index", str(assistant.config.index_dir), QUESTION],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "300" in result.stdout and "also reported by The Ledger: Acme opens Leeds bicycle factory" in result.stdout
