"""End-to-end evaluation on the seed articles with the real model, plus compare and Ctrl-C."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.cli import main
from assistant.errors import QuestionSetError
from assistant.evaluation import metrics
from assistant.evaluation.command import evaluate
from assistant.evaluation.runner import ask_one, load_questions, run_questions
from assistant.evaluation.summary import label
from tests.conftest import DEV_QUESTIONS

pytestmark = pytest.mark.slow


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def dev_run(seed_assistant: Assistant, seed_config, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "dev"
    evaluate(seed_assistant, seed_config, DEV_QUESTIONS, out, show_progress=False)
    return out


def test_dev_run_writes_one_scored_answer_per_question(dev_run: Path) -> None:
    expected = load_questions(DEV_QUESTIONS)
    results = _lines(dev_run / "results.jsonl")
    assert [r["id"] for r in results] == [q.id for q in expected]
    for question, r in zip(expected, results, strict=True):
        assert {
            "question",
            "standalone_question",
            "answer",
            "refused",
            "citations",
            "passages",
            "timings_ms",
        } <= set(r)
        assert r["expected"]["answers"] == question.answers
        assert r["expected"]["answerable"] == question.answerable
        assert len(r["history_answers"]) == len(question.history)
        m = r["metrics"]
        if r["refused"]:
            assert r["citations"] == [] and m["citation_precision"] is None
        else:
            # every answer the assistant gives must be scored for its citations
            assert m["citation_recall"] is not None
        if question.answerable:
            text = metrics.strip_markers(r["answer"])
            assert m["accurate"] == (not r["refused"] and metrics.contains_answer(text, question.answers))
            assert m["hit@1"] <= m["hit@3"] <= m["hit@5"]
        else:
            assert m["correct"] == r["refused"]


def test_dev_summary_has_figures_config_and_versions(dev_run: Path, seed_config) -> None:
    summary = json.loads((dev_run / "summary.json").read_text(encoding="utf-8"))
    results = _lines(dev_run / "results.jsonl")
    figs = summary["figures"]
    for value in [*figs["retrieval"].values(), *figs["answer"].values(), figs["citations"]["precision"]]:
        assert value is not None
    for key in ("hit@1", "hit@3", "hit@5", "mrr@5"):
        assert 0.0 <= figs["retrieval"][key] <= 1.0
    answerable = [r for r in results if r["expected"]["answerable"]]
    assert figs["answer"]["accuracy"] == pytest.approx(
        sum(r["metrics"]["accurate"] for r in answerable) / len(answerable), abs=1e-4
    )
    assert figs["throughput"]["questions"] == len(results)
    assert figs["latency_ms"]["total"]["p50"] <= figs["latency_ms"]["total"]["p95"]
    config = summary["config"]
    assert config["embedding_model"] and config["passage_tokens"] == seed_config.ingest.passage_tokens
    assert config["top_k"] == seed_config.retrieval.top_k and config["generator"] == seed_config.answer.generator
    assert config["index_generation"].startswith("gen-") and len(config["index_fingerprint"]) == 16
    assert summary["versions"]["sentence-transformers"] and summary["versions"]["python"]
    assert "lexical" in summary["support_check"] and "0.6" in summary["support_check"]


def test_dev_reports_define_figures_and_list_every_failure(dev_run: Path) -> None:
    html = (dev_run / "report.html").read_text(encoding="utf-8")
    markdown = (dev_run / "report.md").read_text(encoding="utf-8")
    assert html.count("<svg") == 3 and "<script" not in html
    for text in (html, markdown):
        assert "citation precision" in text and "refusal recall" in text and "lexical" in text
    for r in _lines(dev_run / "results.jsonl"):
        if not r["metrics"]["correct"]:
            assert f"<td>{r['id']}</td>" in html and f"### {r['id']}:" in markdown


def test_article_and_question_text_is_escaped(seed_assistant: Assistant, seed_config, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps(
            {
                "id": "x<1>",
                "question": "Who ran <script>alert(1)</script> in Paris?",
                "answers": ["<b>nobody</b>"],
                "answerable": True,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    evaluate(seed_assistant, seed_config, questions, tmp_path / "run", show_progress=False)
    html = (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<b>nobody" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "x&lt;1&gt;" in html


def test_ctrl_c_keeps_the_questions_already_answered(seed_assistant: Assistant, tmp_path: Path) -> None:
    questions = load_questions(DEV_QUESTIONS)
    done: list[dict] = []

    def interrupt_after_two(result: dict) -> None:
        done.append(result)
        if len(done) == 2:
            raise KeyboardInterrupt

    outcome = run_questions(
        seed_assistant,
        questions,
        tmp_path / "results.jsonl",
        show_progress=False,
        on_result=interrupt_after_two,
    )
    assert outcome.interrupted
    assert [r["id"] for r in _lines(tmp_path / "results.jsonl")] == [q.id for q in questions[:2]]


def test_compare_reports_deltas_and_flipped_questions(
    seed_assistant: Assistant, seed_config, embedder, dev_run: Path, tmp_path: Path, capsys
) -> None:
    narrow_config = seed_config.updated(top_k=1)
    narrow = Assistant(narrow_config, embedder=embedder)
    evaluate(narrow, narrow_config, DEV_QUESTIONS, tmp_path / "top1", show_progress=False)
    assert main(["eval", "--compare", str(dev_run), str(tmp_path / "top1"), "--out", str(tmp_path / "cmp")]) == 0
    comparison = json.loads((tmp_path / "cmp" / "compare.json").read_text(encoding="utf-8"))
    rows = {r["figure"]: r for r in comparison["figures"]}
    hit1 = rows["retrieval.hit@1"]
    assert hit1["delta"] == pytest.approx(hit1["b"] - hit1["a"], abs=1e-4)
    hit5 = rows["retrieval.hit@5"]  # not measured at top_k 1: no figure, no delta
    assert hit5["a"] is not None and hit5["b"] is None and hit5["delta"] is None
    assert comparison["config_differences"]["top_k"] == {"a": seed_config.retrieval.top_k, "b": 1}
    a = {r["id"]: r["metrics"]["correct"] for r in _lines(dev_run / "results.jsonl")}
    b = {r["id"]: r["metrics"]["correct"] for r in _lines(tmp_path / "top1" / "results.jsonl")}
    assert {f["id"] for f in comparison["flipped"]["right_to_wrong"]} == {i for i in a if a[i] and not b[i]}
    assert {f["id"] for f in comparison["flipped"]["wrong_to_right"]} == {i for i in a if b[i] and not a[i]}
    html = (tmp_path / "cmp" / "compare.html").read_text(encoding="utf-8")
    assert "retrieval.hit@5" in html and "Right → wrong" in html
    out = capsys.readouterr().out
    assert "right→wrong" in out
    # the terminal shows every figure with A, B and its delta, as the report does
    lines = {line.split("  ")[0]: line for line in out.splitlines()}
    for row in comparison["figures"]:
        name = label(row["figure"])
        assert name in lines, name
        delta = "n/a" if row["delta"] is None else "0" if row["delta"] == 0 else f"{row['delta']:+.4g}"
        assert lines[name].split()[len(name.split()) + 2] == delta, lines[name]
    assert "answer.accuracy (answerable questions" in out and "correct.rate (all questions" in out
    assert "setting top_k: A 5, B 1" in out


def test_cli_eval_with_limit_writes_run_folder(seed_config, tmp_path: Path, capsys) -> None:
    out = tmp_path / "cli"
    code = main(
        [
            "eval",
            str(DEV_QUESTIONS),
            "--index",
            str(seed_config.index_dir),
            "--out",
            str(out),
            "--limit",
            "3",
            "--top-k",
            "3",
        ]
    )
    assert code == 0
    assert len(_lines(out / "results.jsonl")) == 3
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["config"]["top_k"] == 3 and summary["run"]["completed"] == 3
    assert all(len(r["passages"]) <= 3 for r in _lines(out / "results.jsonl"))
    printed = capsys.readouterr().out
    assert "hit@1" in printed and "hit@3" in printed and "hit@5" not in printed  # top_k 3: nothing beyond it
    assert "hit@5" not in (out / "report.md").read_text(encoding="utf-8").split("## Definitions")[0]
    assert "hit@5" not in summary["figures"]["retrieval"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "q.jsonl:2: not valid JSON"),
        ('{"id": "b", "question": ""}', "q.jsonl:2: field 'question'"),
        ('{"id": "b", "question": "Who?", "answers": "Obama"}', "q.jsonl:2: field 'answers'"),
        ('{"id": "b", "question": "Who?", "answers": [], "answerable": true}', "no accepted answer"),
        ('{"id": "a", "question": "Who?", "answers": ["x"]}', "duplicate id 'a'"),
        ('{"id": "b", "question": "Who?", "answers": ["x"], "since": "2005-13-01"}', "q.jsonl:2: filters"),
    ],
)
def test_bad_question_sets_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "Who?", "answers": ["x"]}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(QuestionSetError, match=message.replace("(", r"\(")):
        load_questions(path)


def test_cli_reports_bad_question_set_without_traceback(tmp_path: Path, capsys) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text("[1, 2]\n", encoding="utf-8")
    assert main(["eval", str(path), "--index", str(tmp_path / "none")]) == 2  # errors.SURFACE: bad question set
    assert "q.jsonl:1: expected a JSON object" in capsys.readouterr().err


def test_a_question_sets_filters_reach_the_answer(seed_assistant: Assistant, tmp_path: Path) -> None:
    """`since`/`until`/`source`/`section` on a line filter that question as the API's filters do."""
    path = tmp_path / "q.jsonl"
    line = {"id": "f", "question": "What did Psaki say about strategic patience?", "answers": ["x"]}
    path.write_text(json.dumps(line) + "\n" + json.dumps({**line, "id": "g", "until": "1999-12-31"}) + "\n")
    free, old = load_questions(path)
    assert not free.filters and old.filters.until == "1999-12-31"
    assert not ask_one(seed_assistant, free).refused
    assert ask_one(seed_assistant, old).refused  # no seed story is that old
