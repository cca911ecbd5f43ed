"""Who said what (issue 11, item 1): quotes by speaker and topic, speakers per article, the speaker of a citation.

A tiny corpus written here: a union leader quoted by name (and then "She said"), a mayor
named in a reported-speech sentence and then quoted with "he said" and "Eide added", and a
story whose only quote has no named speaker. Real model, real index, a real server on 127.0.0.1.
"""

from __future__ import annotations

import re

import httpx
import pytest

from assistant import Assistant, Config
from assistant.text import content_terms
from assistant.web import views
from assistant.web.app import create_app
from tests.server_helpers import running

STORIES = {
    "lighthouse.txt": (
        "Title: Lighthouse keepers strike in Norway\nSource: Fjord Times\nPublished: 2021-06-10\n\n"
        "Lighthouse keepers along the Norwegian coast walked out on Monday.\n"
        "“The strike will last a week unless the ministry raises our pay,” union leader Astrid Solberg said.\n"
        "She said the keepers had not had a pay rise in ten years.\n"
        "The coast guard will run the lamps while the keepers are away."
    ),
    "harbour.txt": (
        "Title: Bergen raises its harbour toll\nSource: Bergen Post\nPublished: 2021-06-11\n\n"
        "The city council approved a new harbour toll on Tuesday.\n"
        "Lars Eide, the mayor, said the toll was fair to everyone.\n"
        "“The harbour needs new cranes and the toll will pay for them,” he said.\n"
        "“Ferry passengers will not pay a single krone more,” Eide added."
    ),
    "storm.txt": (
        "Title: Storm heads for the west coast\nSource: Bergen Post\n\n"
        "A storm is expected to reach the west coast on Friday.\n"
        "“Ferries between the islands may be cancelled,” a spokeswoman for the ferry company said."
    ),
}
KEYS = {"speaker", "quote", "doc_id", "title", "source", "published", "start", "end"}
STRIKE = "“The strike will last a week unless the ministry raises our pay,”"
PAY_RISE = "She said the keepers had not had a pay rise in ten years."
CRANES = "“The harbour needs new cranes and the toll will pay for them,” he said."
FERRY = "“Ferry passengers will not pay a single krone more,” Eide added."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, embedder) -> Assistant:
    base = tmp_path_factory.mktemp("quotes")
    (base / "data").mkdir()
    for name, text in STORIES.items():
        (base / "data" / name).write_text(text, encoding="utf-8")
    config = Config.load(env={}, data_dir=base / "data", index_dir=base / "index", feedback_path=base / "fb.jsonl")
    assistant = Assistant(config, embedder=embedder)
    assistant.ingest([config.data_dir])
    return assistant


def texts(quotes: list[dict]) -> list[str]:
    return [q["quote"] for q in quotes]


@pytest.mark.slow
def test_speaker_matches_whole_words_in_any_case(corpus):
    solberg = corpus.quotes(speaker="solberg")
    assert {q["speaker"] for q in solberg} == {"Astrid Solberg"} and {q["doc_id"] for q in solberg} == {
        "lighthouse.txt"
    }
    assert any(q["quote"].startswith(STRIKE) for q in solberg) and PAY_RISE in texts(solberg)  # "She said" too
    eide = corpus.quotes(speaker="  EIDE ")
    assert {q["speaker"] for q in eide} == {"Lars Eide"}
    assert CRANES in texts(eide) and FERRY in texts(eide)  # "he said" after the name, and "Eide added"
    assert corpus.quotes(speaker="Eid") == [] and corpus.quotes(speaker="Lars Solberg") == []
    assert corpus.quotes(speaker="Lars Eide") == eide


@pytest.mark.slow
def test_each_quote_is_the_verbatim_sentence_with_its_article(corpus):
    articles = {doc_id: s.article for doc_id, s in corpus.store.load().articles.items()}
    for q in corpus.quotes():
        assert set(q) == KEYS
        article = articles[q["doc_id"]]
        assert q["quote"] == article.text[q["start"] : q["end"]]
        assert (q["title"], q["source"], q["published"]) == (article.title, article.source, article.published)
    first = corpus.quotes(speaker="Solberg")[0]
    assert (first["title"], first["source"], first["published"]) == (
        "Lighthouse keepers strike in Norway",
        "Fjord Times",
        "2021-06-10",
    )


@pytest.mark.slow
def test_without_a_topic_quotes_come_in_article_order_then_by_position(corpus):
    quotes = corpus.quotes()
    assert "storm.txt" not in {q["doc_id"] for q in quotes}  # its one quote names no speaker
    order = [a["doc_id"] for a in corpus.articles()]
    keys = [(order.index(q["doc_id"]), q["start"]) for q in quotes]
    assert keys == sorted(keys) and len(quotes) == 5
    assert corpus.quotes(limit=2) == quotes[:2]


@pytest.mark.slow
def test_a_topic_keeps_quotes_sharing_its_terms_and_ranks_them_by_closeness(corpus):
    assert texts(corpus.quotes(q="harbour cranes")) == [CRANES]  # the other quotes share no term with it
    assert corpus.quotes(q="volcano eruption") == []
    # The same four quotes hold "pay"; which comes first depends on what the topic is about.
    ferry = corpus.quotes(q="Will ferry passengers pay more?")
    keepers = corpus.quotes(q="a pay rise for the keepers")
    assert ferry[0]["quote"] == FERRY and keepers[0]["quote"] == PAY_RISE
    assert len(ferry) == len(keepers) == 4 and sorted(texts(ferry)) == sorted(texts(keepers))
    for q in ferry:
        assert set(content_terms(q["quote"])) & set(content_terms("Will ferry passengers pay more?"))
    assert texts(corpus.quotes(q="Will ferry passengers pay more?", limit=1)) == [FERRY]
    assert set(texts(corpus.quotes(speaker="Eide", q="pay"))) == {CRANES, FERRY}


@pytest.mark.slow
def test_articles_list_their_speakers_and_the_table_shows_them(corpus):
    listed = {a["doc_id"]: a for a in corpus.articles()}
    assert listed["lighthouse.txt"]["speakers"] == ["Astrid Solberg"]
    assert listed["harbour.txt"]["speakers"] == ["Lars Eide"]
    assert listed["storm.txt"]["speakers"] == []
    table = views.articles_table(list(listed.values()))
    assert "<th>Speakers</th>" in table
    rows = {doc_id: row for row in re.findall(r"<tr>.*?</tr>", table) for doc_id in listed if doc_id in row}
    assert "<td>Astrid Solberg</td>" in rows["lighthouse.txt"]
    assert ">none</span></td></tr>" in rows["storm.txt"]


@pytest.mark.slow
def test_a_cited_quote_names_its_speaker_in_the_answer_and_the_source_view(corpus):
    answer = corpus.ask("How long will the lighthouse keepers' strike last?")
    assert not answer.refused
    strike = next(c for c in answer.citations if c.quote.startswith(STRIKE))
    assert strike.speaker == "Astrid Solberg"
    assert "Speaker: Astrid Solberg" in views.source_view(strike.model_dump())
    unnamed = corpus.ask("Which ferries may be cancelled because of the storm?")
    storm = next(c for c in unnamed.citations if c.doc_id == "storm.txt")
    assert storm.speaker is None and "Speaker:" not in views.source_view(storm.model_dump())
    for citation in answer.citations + unnamed.citations:  # each one agrees with the stored speakers
        stored = {q["speaker"] for q in corpus.quotes() if q["doc_id"] == citation.doc_id}
        assert citation.speaker is None or citation.speaker in stored


@pytest.mark.slow
def test_get_quotes_over_a_real_server_with_the_token(corpus, tmp_path):
    config = Config.load(env={}, index_dir=corpus.config.index_dir, data_dir=tmp_path / "data", api_token="s3cret")
    auth = {"Authorization": "Bearer s3cret"}
    with running(create_app(config, corpus)) as url:
        assert httpx.get(f"{url}/api/quotes").status_code == 401
        assert httpx.get(f"{url}/api/quotes", headers={"Authorization": "Bearer wrong"}).status_code == 401
        r = httpx.get(f"{url}/api/quotes", params={"speaker": "psaki"}, headers=auth)
        assert r.status_code == 200 and r.json() == []
        solberg = httpx.get(f"{url}/api/quotes", params={"speaker": "Solberg"}, headers=auth).json()
        assert solberg == corpus.quotes(speaker="Solberg") and {q["speaker"] for q in solberg} == {"Astrid Solberg"}
        assert all(set(q) == KEYS for q in solberg)
        topic = httpx.get(f"{url}/api/quotes", params={"q": "harbour cranes"}, headers=auth).json()
        assert texts(topic) == [CRANES]
        one = httpx.get(f"{url}/api/quotes", params={"q": "Will ferry passengers pay more?", "limit": 1}, headers=auth)
        assert texts(one.json()) == [FERRY]
        for bad in (0, 201, "many"):
            r = httpx.get(f"{url}/api/quotes", params={"limit": bad}, headers=auth)
            assert r.status_code == 422 and "limit" in r.json()["error"]["message"]
        articles = httpx.get(f"{url}/api/articles", headers=auth).json()["articles"]
        assert {a["doc_id"]: a["speakers"] for a in articles}["harbour.txt"] == ["Lars Eide"]


@pytest.mark.slow
def test_get_quotes_is_503_while_not_ready(tmp_path, embedder):
    config = Config.load(env={}, data_dir=tmp_path / "data", index_dir=tmp_path / "index")
    app = create_app(config, Assistant(config, embedder=embedder), start=False)  # no index yet
    with running(app) as url:
        r = httpx.get(f"{url}/api/quotes", params={"speaker": "Solberg"})
        assert r.status_code == 503 and r.headers["retry-after"] == "5" and "not ready" in r.json()["error"]["message"]


def test_speakers_are_escaped_in_the_source_view_and_the_articles_table():
    citation = {"n": 1, "doc_id": "a.txt", "title": "T", "passage": "One. Two.", "quote": "Two."}
    assert "Speaker:" not in views.source_view(citation)
    shown = views.source_view({**citation, "speaker": "<img src=x onerror=alert(1)>"})
    assert "Speaker: &lt;img src=x onerror=alert(1)&gt;" in shown and "<img" not in shown
    row = {"doc_id": "a.txt", "title": "T", "passages": 1, "speakers": ["<b>Ann</b>", "Bo"]}
    assert "<td>&lt;b&gt;Ann&lt;/b&gt;, Bo</td>" in views.articles_table([row])
