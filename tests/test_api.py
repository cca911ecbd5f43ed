"""REST API and the Gradio named endpoint, against a real server on 127.0.0.1 over a real index."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant import Assistant, Config
from assistant.web.app import create_app
from tests.server_helpers import copy_seed, running, wait_ready

pytestmark = pytest.mark.slow

QUESTIONS = {
    "Which previous US president advocated strategic patience?": "Obama",
    "How did Kim say North Korea would react to developments?": "sharply and promptly",
    "What is Jen Psaki's role?": "press secretary",
    "Whose court is the ball in, according to the Biden administration?": "North Korea",
}


def _config(base: Path, **overrides) -> Config:
    values = {"data_dir": base / "data", "index_dir": base / "index", "feedback_path": base / "feedback.jsonl"}
    return Config.load(env={}, **(values | overrides))


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    """One server over a private copy of the seed articles; upload tests add to it."""
    base = tmp_path_factory.mktemp("api")
    copy_seed(base)
    config = _config(base, max_upload_mb=0.05)
    assistant = Assistant(config, embedder=embedder)
    assistant.ingest([config.data_dir])
    with running(create_app(config, assistant)) as url:
        yield url, config


def test_health_reports_ready_and_article_count(server):
    url, _ = server
    info = httpx.get(f"{url}/api/health").json()
    assert info["phase"] == "ready" and info["articles"] == 2


def test_ask_returns_the_answer_contract_with_citations(server):
    url, _ = server
    r = httpx.post(f"{url}/api/ask", json={"question": "What did Psaki say about strategic patience?"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {
        "question",
        "standalone_question",
        "follow_up_mode",
        "answer",
        "refused",
        "generator",
        "citations",
        "passages",
        "timings_ms",
    }
    assert not body["refused"] and "[1]" in body["answer"]
    first = body["citations"][0]
    assert first["quote"] in first["passage"] and "strategic patience" in body["answer"]


def test_follow_up_uses_history_and_top_k(server):
    url, _ = server
    r = httpx.post(
        f"{url}/api/ask",
        json={
            "question": "What did she say the US would pursue instead?",
            "history": ["What did Psaki say about strategic patience?"],
            "top_k": 3,
        },
    )
    body = r.json()
    assert r.status_code == 200 and len(body["passages"]) <= 3
    assert "calibrated" in body["answer"].lower() or "practical" in body["answer"].lower()


def test_follow_ups_with_answered_turns(server):
    """Issue 10's three failures over REST, the history sent as turns with their answers."""
    url, _ = server
    turns: list[dict] = []

    def ask(question: str) -> dict:
        body = httpx.post(f"{url}/api/ask", json={"question": question, "history": turns}).json()
        turns.append({"question": question, "answer": body["answer"]})
        return body

    ask("Who is Leif-Eric Easley?")
    where = ask("And where does he teach?")
    assert where["follow_up_mode"] == "rewrite" and "Ewha Womans University" in where["answer"]
    more = ask("What else did he say?")
    assert not more["refused"] and "larger incentives" in more["answer"]
    ask("Did North Korea reject talks?")
    why = ask("Why?")
    assert why["standalone_question"] == "Why did North Korea reject talks?" and not why["refused"]


def test_unanswerable_question_is_refused(server):
    url, _ = server
    body = httpx.post(f"{url}/api/ask", json={"question": "What is the capital of Australia?"}).json()
    assert body["refused"] is True and body["citations"] == []


def test_stream_sends_tokens_then_the_final_answer(server):
    url, _ = server
    events: list[tuple[str, str]] = []
    with httpx.stream(
        "POST", f"{url}/api/ask/stream", json={"question": "How did Kim say North Korea would react to developments?"}
    ) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        name = ""
        for line in r.iter_lines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                events.append((name, line[6:]))
    kinds = [k for k, _ in events]
    assert kinds.count("answer") == 1 and kinds[-1] == "answer" and kinds.count("token") > 3
    streamed = "".join(json.loads(d)["text"] for k, d in events if k == "token")
    final = json.loads(events[-1][1])
    assert "sharply and promptly" in final["answer"] and streamed.strip() == final["answer"].strip()


def test_articles_lists_titles_outlets_and_passages(server):
    url, _ = server
    body = httpx.get(f"{url}/api/articles").json()
    titles = {a["title"]: a for a in body["articles"]}
    assert "Kim ready for ‘dialogue, confrontation’ with US" in titles
    assert titles["Kim ready for ‘dialogue, confrontation’ with US"]["source"] == "New Telegraph"
    assert all(a["passages"] > 0 for a in body["articles"])


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "question"),
        ({"question": ""}, "question"),
        ({"question": "ok", "top_k": 0}, "top_k"),
        ({"question": "ok", "history": "not a list"}, "history"),
        ({"question": "ok", "surprise": 1}, "surprise"),
    ],
)
def test_bad_body_is_422_naming_the_field(server, payload, field):
    url, _ = server
    r = httpx.post(f"{url}/api/ask", json=payload)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["status"] == 422 and field in error["message"]


def test_invalid_json_is_422(server):
    url, _ = server
    r = httpx.post(f"{url}/api/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "error" in r.json()


def test_upload_adds_an_article_that_can_then_be_asked_about(server):
    url, config = server
    article = (
        "Lighthouse keepers strike in Norway\n\nThe lighthouse keepers of Bergen went on strike "
        "on Monday demanding warmer uniforms. The union leader, Astrid Solberg, said the strike "
        "would last a week.\n"
    )
    r = httpx.post(
        f"{url}/api/ingest",
        files=[
            ("files", ("lighthouse.txt", article.encode(), "text/plain")),
            ("files", ("notes.exe", b"MZ binary", "application/octet-stream")),
        ],
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["saved"] == ["lighthouse.txt"] and (config.data_dir / "lighthouse.txt").is_file()
    assert [e["file"] for e in body["errors"]] == ["notes.exe"] and ".exe" in body["errors"][0]["reason"]
    answer = httpx.post(f"{url}/api/ask", json={"question": "Who is the union leader of the lighthouse keepers?"})
    assert "Astrid Solberg" in answer.json()["answer"]
    assert any(
        a["title"] == "Lighthouse keepers strike in Norway" for a in httpx.get(f"{url}/api/articles").json()["articles"]
    )


def test_upload_of_only_wrong_types_is_415(server):
    url, _ = server
    r = httpx.post(f"{url}/api/ingest", files=[("files", ("run.sh", b"echo hi", "text/x-sh"))])
    assert r.status_code == 415 and r.json()["error"]["details"][0]["file"] == "run.sh"


def test_upload_over_the_size_limit_is_413_and_saves_nothing(server):
    url, config = server
    big = b"Big news.\n" + b"word " * 20_000  # 100 KB > 0.05 MB
    r = httpx.post(f"{url}/api/ingest", files=[("files", ("big.txt", big, "text/plain"))])
    assert r.status_code == 413 and "limit" in r.json()["error"]["message"]
    assert not (config.data_dir / "big.txt").exists()
    assert not [p for p in config.data_dir.iterdir() if p.name.startswith(".upload")]


def test_upload_name_cannot_escape_data_dir(server):
    url, config = server
    upload = ("../../escape.txt", b"Title\n\nSome text.", "text/plain")
    r = httpx.post(f"{url}/api/ingest", files=[("files", upload)])
    assert r.status_code == 200 and r.json()["saved"] == ["escape.txt"]
    assert (config.data_dir / "escape.txt").is_file()
    assert not (config.data_dir.parent.parent / "escape.txt").exists()


def test_twenty_concurrent_requests_are_all_answered_correctly(server):
    url, _ = server
    asked = list(QUESTIONS.items()) * 5

    def ask(item: tuple[str, str]) -> tuple[str, str, dict]:
        question, expected = item
        r = httpx.post(f"{url}/api/ask", json={"question": question}, timeout=120)
        return question, expected, r.json() | {"_status": r.status_code}

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(ask, asked))
    assert len(results) == 20
    for question, expected, body in results:
        assert body["_status"] == 200 and body["question"] == question
        assert expected.lower() in body["answer"].lower(), (question, body["answer"])


def test_openapi_docs_describe_the_routes(server):
    url, _ = server
    spec = httpx.get(f"{url}/openapi.json").json()
    routes = {"/api/ask", "/api/ask/stream", "/api/health", "/api/articles", "/api/ingest"}
    assert routes <= set(spec["paths"])
    assert httpx.get(f"{url}/docs").status_code == 200


def test_frame_ancestors_and_cors_headers(server):
    url, _ = server
    page = httpx.get(f"{url}/embed/")
    assert page.status_code == 200 and page.headers["content-security-policy"] == "frame-ancestors *"
    assert "x-frame-options" not in page.headers
    pre = httpx.options(
        f"{url}/api/ask", headers={"Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST"}
    )
    assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == "*"


def test_gradio_client_calls_the_named_endpoint(server):
    from gradio_client import Client

    url, _ = server
    client = Client(url + "/", verbose=False, analytics_enabled=False, download_files=False)
    result = client.predict("What is Jen Psaki's role?", api_name="/ask")
    assert "press secretary" in result["answer"] and result["citations"]


def test_503_while_starting_then_ready(tmp_path, embedder):
    copy_seed(tmp_path)
    config = _config(tmp_path)
    app = create_app(config, Assistant(config, embedder=embedder), start=False)  # no index yet
    with running(app) as url:
        r = httpx.post(f"{url}/api/ask", json={"question": "What is Jen Psaki's role?"})
        assert r.status_code == 503 and r.headers["retry-after"] == "5"
        assert "not ready" in r.json()["error"]["message"]
        assert httpx.get(f"{url}/api/articles").status_code == 503
        assert httpx.get(f"{url}/api/health").json()["phase"] == "loading"
        app.state.service.start(background=True)  # builds the index from data_dir, as on a first run
        assert wait_ready(url)["phase"] == "ready"
        assert httpx.post(f"{url}/api/ask", json={"question": "What is Jen Psaki's role?"}).status_code == 200


def test_token_is_required_by_the_api_and_the_ui(tmp_path, seed_config, seed_assistant):
    config = _config(
        tmp_path,
        index_dir=seed_config.index_dir,
        api_token="s3cret",
        frame_ancestors=["http://127.0.0.1:9999"],
        cors_origins=["http://127.0.0.1:9999"],
    )
    app = create_app(config, seed_assistant)
    with running(app) as url:
        question = {"question": "What is Jen Psaki's role?"}
        r = httpx.post(f"{url}/api/ask", json=question)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert httpx.post(f"{url}/api/ask", json=question, headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = httpx.post(f"{url}/api/ask", json=question, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200 and "press secretary" in ok.json()["answer"]
        # the UI and its own calls
        assert httpx.get(f"{url}/").status_code == 401
        assert httpx.get(f"{url}/gradio_api/info").status_code == 401
        page = httpx.get(f"{url}/?token=s3cret")
        assert page.status_code == 200 and page.cookies.get("assistant_token") == "s3cret"
        assert page.headers["content-security-policy"] == "frame-ancestors 'self' http://127.0.0.1:9999"
        assert httpx.get(f"{url}/gradio_api/info", cookies={"assistant_token": "s3cret"}).status_code == 200
        from gradio_client import Client

        client = Client(
            url + "/",
            verbose=False,
            analytics_enabled=False,
            download_files=False,
            headers={"Authorization": "Bearer s3cret"},
        )
        assert "press secretary" in client.predict("What is Jen Psaki's role?", api_name="/ask")["answer"]
