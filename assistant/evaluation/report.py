"""summary.json, report.md and report.html of one run.

The HTML report is one self-contained file (inline CSS and SVG, no script, no
CDN) so it opens offline and can be attached to an issue. Every piece of text
that came from a question set or an article is escaped.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from assistant.evaluation import plots
from assistant.evaluation.results import Result, Summary
from assistant.evaluation.summary import DEFINITIONS
from assistant.text import quoted

CSS = """
body{font-family:system-ui,sans-serif;margin:24px;max-width:1200px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
td,th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f3f5f8}.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:24px}.muted{color:#666}
.failed td{max-width:360px}.quote{font-style:italic}.warn{color:#a33;font-weight:bold}
details{margin:2px 0}summary{cursor:pointer;color:#3b6ea5}
.up{color:#2a7a2a}.down{color:#c0504d}
"""

_RATES = [
    ("hit@1", "retrieval", "hit@1"),
    ("hit@3", "retrieval", "hit@3"),
    ("hit@5", "retrieval", "hit@5"),
    ("MRR@5", "retrieval", "mrr@5"),
    ("answer accuracy", "answer", "accuracy"),
    ("correct overall", "correct", "rate"),
    ("token F1", "answer", "f1"),
    ("exact match", "answer", "em"),
    ("citation precision", "citations", "precision"),
    ("citation recall", "citations", "recall"),
    ("refusal recall", "refusal", "refusal_recall"),
    ("false-refusal rate", "refusal", "false_refusal_rate"),
]


BY_TYPE_TITLE = "Correct by question type (an accepted answer, or a refusal when unanswerable)"


def fmt(value: object) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def write_run(out_dir: Path, summary: Summary, results: list[Result]) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "summary": out_dir / "summary.json",
        "markdown": out_dir / "report.md",
        "html": out_dir / "report.html",
    }
    paths["summary"].write_text(json.dumps(summary.row(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths["markdown"].write_text(render_markdown(summary, results), encoding="utf-8")
    paths["html"].write_text(render_html(summary, results), encoding="utf-8")
    return paths


def headline_rows(figs: dict) -> list[tuple[str, object]]:
    """The figures a person reads first, in the order the issue lists them."""
    r, a, c, f, lat, t = (
        figs["retrieval"],
        figs["answer"],
        figs["citations"],
        figs["refusal"],
        figs["latency_ms"],
        figs["throughput"],
    )
    # hit@k above the run's top_k is not in the figures (summary.figures): no row rather than a misleading one
    rows: list[tuple[str, object]] = [(f"hit@{k}", r[f"hit@{k}"]) for k in (1, 3, 5) if f"hit@{k}" in r]
    rows.append(("MRR@5", r["mrr@5"]))
    if figs.get("retrieval_by_document"):
        d = figs["retrieval_by_document"]
        rows += [(f"doc hit@{k}", d[f"doc_hit@{k}"]) for k in (1, 5) if f"doc_hit@{k}" in d]
        rows.append(("doc MRR@5", d["doc_mrr@5"]))
    rows += [
        (f"answer accuracy (answerable only, n={a['n']})", a["accuracy"]),
        ("token F1", a["f1"]),
        ("exact match", a["em"]),
        ("answer words median", a["answer_words_median"]),
        ("answer words p90", a["answer_words_p90"]),
        ("citation precision", c["precision"]),
        ("citation recall", c["recall"]),
        (f"refusal recall (n={f['n_unanswerable']})", f["refusal_recall"]),
        (f"false-refusal rate (n={f['n_answerable']})", f["false_refusal_rate"]),
    ]
    rows += [(f"latency {stage} p50 / p95 ms", f"{fmt(v['p50'])} / {fmt(v['p95'])}") for stage, v in lat.items()]
    if figs.get("correct"):
        rows.append((f"correct (all questions, n={figs['correct']['n']})", figs["correct"]["rate"]))
    rows.append(("questions per second", t["questions_per_second"]))
    return rows


def failed(results: list[Result]) -> list[Result]:
    return [r for r in results if not r.metrics.correct]


def _status(summary: Summary) -> str:
    run = summary.run
    note = " (interrupted: partial run)" if run.interrupted else ""
    return f"{run.completed} of {run.questions} questions from {run.questions_file}{note}"


def render_markdown(summary: Summary, results: list[Result]) -> str:
    figs = summary.figures
    lines = [
        f"# Evaluation report: {summary.run.name}",
        "",
        _status(summary),
        "",
        "| figure | value |",
        "|---|---|",
    ]
    lines += [f"| {name} | {fmt(value)} |" for name, value in headline_rows(figs)]
    lines += ["", f"## {BY_TYPE_TITLE}", "", "| type | n | correct | rate |", "|---|---|---|---|"]
    lines += [f"| {t} | {g.n} | {g.correct} | {fmt(g.rate)} |" for t, g in summary.by_type.items()]
    lines += ["", "## Configuration", "", "| setting | value |", "|---|---|"]
    lines += [f"| {k} | {fmt(v)} |" for k, v in summary.config.items()]
    lines += ["", "## Definitions", ""] + [f"- **{k}**: {v}" for k, v in DEFINITIONS.items()]
    bad = failed(results)
    lines += ["", f"## Failed questions ({len(bad)})", ""]
    for r in bad:
        lines += [
            f"### {r.id}: {r.question}",
            "",
            f"- expected: {', '.join(r.expected.answers) or '(refusal)'}",
            f"- answer{' (refused)' if r.refused else ''}: {r.answer}",
        ]
        lines += [f"- [{c.n}] {c.title}: {quoted(c.quote)}" for c in r.citations]
        lines += [f"- passage {p.rank} ({p.title}): {p.text[:300]}" for p in r.passages]
        lines.append("")
    return "\n".join(lines) + "\n"


def _table(rows: list[tuple[str, object]], head: tuple[str, str] = ("figure", "value")) -> str:
    body = "".join(f"<tr><td>{escape(str(k))}</td><td class='num'>{escape(fmt(v))}</td></tr>" for k, v in rows)
    return f"<table><tr><th>{escape(head[0])}</th><th>{escape(head[1])}</th></tr>{body}</table>"


def charts(summary: Summary, results: list[Result]) -> str:
    figs = summary.figures
    rates = [(label, figs[section][key]) for label, section, key in _RATES if key in (figs.get(section) or {})]
    totals = [float(r.timings_ms["total"]) for r in results if "total" in r.timings_ms]
    latency = figs["latency_ms"]["total"]
    types = [(t, g.n, g.rate) for t, g in summary.by_type.items()]
    return "".join(
        [
            plots.hbars(rates, "Metrics", lower_is_better=frozenset({"false-refusal rate"})),
            plots.histogram(
                totals, "Latency per question (total)", "ms", {"p50": latency["p50"], "p95": latency["p95"]}
            ),
            plots.grouped_rates(types, BY_TYPE_TITLE),
        ]
    )


def _failed_rows(results: list[Result]) -> str:
    rows = []
    for r in failed(results):
        history = "".join(f"<div class='muted'>earlier turn: {escape(h)}</div>" for h in r.history)
        expected = escape(", ".join(r.expected.answers)) or "<i>refusal</i>"
        answer = ("<span class='warn'>refused</span> " if r.refused else "") + escape(r.answer)
        cites = (
            "".join(
                f"<div>[{c.n}] <b>{escape(c.title)}</b>: <span class='quote'>{escape(quoted(c.quote))}</span></div>"
                for c in r.citations
            )
            or "<span class='muted'>none</span>"
        )
        passages = (
            "".join(
                f"<details><summary>#{p.rank} {escape(p.title)} ({p.score:.3f})</summary>{escape(p.text)}</details>"
                for p in r.passages
            )
            or "<span class='muted'>none</span>"
        )
        m = r.metrics
        why = (
            [f"hit rank {m.hit_rank}" if m.hit_rank else "answer not retrieved"]
            if r.expected.answerable
            else ["answered an unanswerable question"]
        )
        rows.append(
            f"<tr><td>{escape(r.id)}</td><td>{history}{escape(r.question)}"
            f"<div class='muted'>{escape(m.type)}; {escape('; '.join(why))}</div></td>"
            f"<td>{expected}</td><td>{answer}</td><td>{cites}</td><td>{passages}</td></tr>"
        )
    head = (
        "<tr><th>id</th><th>question</th><th>expected</th><th>answer</th><th>citations</th>"
        "<th>retrieved passages</th></tr>"
    )
    return f"<table class='failed'>{head}{''.join(rows)}</table>" if rows else "<p>No failed questions.</p>"


def render_html(summary: Summary, results: list[Result]) -> str:
    figs = summary.figures
    n_failed = len(failed(results))
    definitions = "".join(f"<li><b>{escape(k)}</b>: {escape(v)}</li>" for k, v in DEFINITIONS.items())
    versions = _table(list(summary.versions.items()), ("package", "version"))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Evaluation: {escape(summary.run.name)}</title>
<style>{CSS}</style></head><body>
<h1>Evaluation report: {escape(summary.run.name)}</h1>
<p>{escape(_status(summary))}. Generator <b>{escape(str(summary.config.get("generator")))}</b>,
top-k {escape(str(summary.config.get("top_k")))},
model {escape(str(summary.config.get("embedding_model")))}.</p>
<h2>Figures</h2>
<div class="charts"><div>{_table(headline_rows(figs))}</div>{charts(summary, results)}</div>
<p class="muted">Citation support check: {escape(summary.support_check)}.</p>
<h2>Failed questions ({n_failed})</h2>
{_failed_rows(results)}
<h2>Definitions</h2><ul>{definitions}</ul>
<h2>Configuration</h2>{_table(list(summary.config.items()), ("setting", "value"))}
<h2>Package versions</h2>{versions}
</body></html>
"""
