"""The eval report opened in real headless Chromium: plots and the failure table must render.

Screenshots land in test-artifacts/ (git-ignored) so a person can look at them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.evaluation.command import evaluate
from assistant.evaluation.compare import compare_runs, load_run, write_comparison
from tests.conftest import DEV_QUESTIONS, ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian chromium missing at /usr/bin/chromium: run `bash scripts/test-deps.sh`",
    ),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def run_dir(seed_assistant: Assistant, seed_config, tmp_path_factory) -> Path:
    """The dev set plus two questions that must fail, so the failure table has rows to show."""
    questions = tmp_path_factory.mktemp("q") / "questions.jsonl"
    extra = [
        {
            "id": "fail-<1>",
            "question": "Which city hosted the <b>1908</b> Olympics?",
            "answers": ["London"],
            "answerable": True,
        },
        {
            "id": "fail-2",
            "question": "What did Psaki say about strategic patience?",
            "answers": ["a phrase no article contains"],
            "answerable": True,
        },
    ]
    questions.write_text(
        DEV_QUESTIONS.read_text(encoding="utf-8") + "".join(json.dumps(q) + "\n" for q in extra),
        encoding="utf-8",
    )
    out = tmp_path_factory.mktemp("runs") / "browser"
    evaluate(seed_assistant, seed_config, questions, out, show_progress=False)
    return out


def test_report_renders_plots_and_failure_table(browser, run_dir: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto((run_dir / "report.html").as_uri())
    charts = page.locator("svg.chart")
    assert charts.count() == 3
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
    assert page.locator("svg.chart").first.locator("rect").count() >= 22  # 11 metric bars + their tracks
    failed_rows = page.locator("table.failed tr")
    results = [json.loads(line) for line in (run_dir / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    n_failed = sum(not r["metrics"]["correct"] for r in results)
    assert n_failed >= 2 and failed_rows.count() == n_failed + 1  # + header row
    assert page.get_by_text("fail-<1>", exact=True).is_visible()  # escaped, shown as text
    assert page.locator("table.failed b", has_text="1908").count() == 0
    first_passage = page.locator("table.failed details").first
    first_passage.locator("summary").click()
    assert first_passage.evaluate("d => d.open")
    assert errors == [] and all(url.startswith("file://") for url in requests)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "eval-report.png"), full_page=True)
    assert (ARTIFACTS / "eval-report.png").stat().st_size > 10_000
    page.close()


def test_compare_report_renders(browser, run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    write_comparison(out, compare_runs(load_run(run_dir), load_run(run_dir)))
    page = browser.new_page(viewport={"width": 1100, "height": 800})
    page.goto((out / "compare.html").as_uri())
    assert page.locator("table").first.locator("tr").count() > 20
    assert page.get_by_text("Same configuration.").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "eval-compare.png"), full_page=True)
    page.close()


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_latency_labels_do_not_cover_a_histogram_bar(browser, run_dir: Path) -> None:
    """p50 sits where most questions are, so a label drawn inside the plot covered the tallest bar."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((run_dir / "report.html").as_uri())
    histogram = page.locator("svg.chart").nth(1)
    assert histogram.get_attribute("aria-label") == "Latency per question (total)"
    chart = histogram.bounding_box()
    labels = histogram.locator("text.marker")
    assert sorted(t.split()[0] for t in labels.all_text_contents()) == ["p50", "p95"]
    bars = [b for b in (r.bounding_box() for r in histogram.locator("rect").all()) if b and b["height"] > 0]
    assert bars
    for i in range(labels.count()):
        box = labels.nth(i).bounding_box()
        assert chart["x"] <= box["x"] and box["x"] + box["width"] <= chart["x"] + chart["width"], box
        assert chart["y"] <= box["y"], box
        assert not any(_overlap(box, bar) for bar in bars), (labels.nth(i).text_content(), box)
    page.close()
