"""Two runs side by side: every figure with its delta, and the questions that flipped.

A change that lifts accuracy by two questions while breaking three others
looks like progress in the averages; the flipped list shows it.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from pydantic import ValidationError

from assistant.errors import RunFolderError
from assistant.evaluation.report import CSS, fmt
from assistant.evaluation.results import Result, Summary
from assistant.evaluation.summary import flat, label, lower_is_better, measured


def load_run(folder: str | Path) -> tuple[Summary, list[Result]]:
    folder = Path(folder)
    summary_path, results_path = folder / "summary.json", folder / "results.jsonl"
    for path in (summary_path, results_path):
        if not path.is_file():
            raise RunFolderError(f"{folder} is not an eval run folder: {path.name} is missing")
    try:
        summary = Summary.model_validate_json(summary_path.read_text(encoding="utf-8"))
    except ValidationError as exc:
        raise RunFolderError(f"{summary_path}: damaged or not a run summary ({_first(exc)})") from exc
    results = []
    with open(results_path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                results.append(Result.model_validate_json(line))
            except ValidationError as exc:
                raise RunFolderError(f"{results_path}:{lineno}: damaged result line ({_first(exc)})") from exc
    return summary, results


def _first(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return f"{'.'.join(map(str, error['loc'])) or 'file'}: {error['msg']}"


def compare_runs(a: tuple[Summary, list[Result]], b: tuple[Summary, list[Result]]) -> dict:
    """Figures with deltas (B minus A), config differences and flipped questions."""
    (sa, ra), (sb, rb) = a, b
    fa, fb = _measured(sa), _measured(sb)
    rows = []
    for key in dict.fromkeys([*fa, *fb]):
        va, vb = fa.get(key), fb.get(key)
        if va is None and vb is None:
            continue
        delta = vb - va if isinstance(va, int | float) and isinstance(vb, int | float) else None
        rows.append(
            {
                "figure": key,
                "a": va,
                "b": vb,
                "delta": None if delta is None else round(delta, 4),
                "lower_is_better": lower_is_better(key),
            }
        )
    by_a = {r.id: r for r in ra}
    flipped: dict[str, list[dict]] = {"right_to_wrong": [], "wrong_to_right": []}
    for rb_row in rb:
        ra_row = by_a.get(rb_row.id)
        if ra_row is None or ra_row.metrics.correct == rb_row.metrics.correct:
            continue
        kind = "wrong_to_right" if rb_row.metrics.correct else "right_to_wrong"
        flipped[kind].append(
            {
                "id": rb_row.id,
                "question": rb_row.question,
                "expected": rb_row.expected.answers,
                "answer_a": ra_row.answer,
                "answer_b": rb_row.answer,
            }
        )
    config_diff = {
        k: {"a": sa.config.get(k), "b": sb.config.get(k)}
        for k in dict.fromkeys([*sa.config, *sb.config])
        if sa.config.get(k) != sb.config.get(k)
    }
    common = len(set(by_a) & {r.id for r in rb})
    return {
        "a": sa.run.model_dump(),
        "b": sb.run.model_dump(),
        "common_questions": common,
        "figures": rows,
        "config_differences": config_diff,
        "flipped": flipped,
    }


def _measured(summary: Summary) -> dict[str, float | None]:
    """A run's flat figures without those its top_k makes meaningless (older runs still hold them)."""
    top_k = summary.config.get("top_k")
    return {k: v for k, v in flat(summary.figures).items() if measured(k, top_k if isinstance(top_k, int) else None)}


def write_comparison(out_dir: Path, comparison: dict) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": out_dir / "compare.json",
        "markdown": out_dir / "compare.md",
        "html": out_dir / "compare.html",
    }
    paths["json"].write_text(json.dumps(comparison, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths["markdown"].write_text(render_markdown(comparison), encoding="utf-8")
    paths["html"].write_text(render_html(comparison), encoding="utf-8")
    return paths


def _delta(row: dict) -> tuple[str, str]:
    """Signed delta and whether it is an improvement ('up'), a regression ('down') or neither."""
    d = row["delta"]
    if d is None:
        return "n/a", ""
    if d == 0:
        return "0", ""
    better = (d < 0) if row["lower_is_better"] else (d > 0)
    return f"{d:+.4g}", "up" if better else "down"


def render_markdown(c: dict) -> str:
    lines = [
        f"# Comparison: A = {c['a']['name']}, B = {c['b']['name']}",
        "",
        f"{c['common_questions']} questions in both runs.",
        "",
        "| figure | A | B | delta (B - A) |",
        "|---|---|---|---|",
    ]
    lines += [f"| {label(r['figure'])} | {fmt(r['a'])} | {fmt(r['b'])} | {_delta(r)[0]} |" for r in c["figures"]]
    if c["config_differences"]:
        lines += ["", "## Configuration differences", "", "| setting | A | B |", "|---|---|---|"]
        lines += [f"| {k} | {fmt(v['a'])} | {fmt(v['b'])} |" for k, v in c["config_differences"].items()]
    for kind, title in (("right_to_wrong", "Right → wrong"), ("wrong_to_right", "Wrong → right")):
        lines += ["", f"## {title} ({len(c['flipped'][kind])})", ""]
        lines += [
            f"- **{f['id']}** {f['question']} — expected {', '.join(f['expected']) or '(refusal)'}; "
            f"A: {f['answer_a']} / B: {f['answer_b']}"
            for f in c["flipped"][kind]
        ]
    return "\n".join(lines) + "\n"


def render_text(c: dict) -> str:
    """The terminal table: every figure of both runs with its delta, marked better (+) or worse (-)."""
    rows = [("figure", "A", "B", "delta (B - A)")]
    for r in c["figures"]:
        text, direction = _delta(r)
        mark = {"up": "  better", "down": "  worse"}.get(direction, "")
        rows.append((label(r["figure"]), fmt(r["a"]), fmt(r["b"]), text + mark))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"A = {c['a']['name']}, B = {c['b']['name']}; {c['common_questions']} questions in both runs"]
    lines += [f"{f:<{widths[0]}}  {a:>{widths[1]}}  {b:>{widths[2]}}  {d}" for f, a, b, d in rows]
    for key, diff in c["config_differences"].items():
        lines.append(f"setting {key}: A {fmt(diff['a'])}, B {fmt(diff['b'])}")
    return "\n".join(lines)


def render_html(c: dict) -> str:
    rows = []
    for r in c["figures"]:
        text, cls = _delta(r)
        rows.append(
            f"<tr><td>{escape(label(r['figure']))}</td><td class='num'>{escape(fmt(r['a']))}</td>"
            f"<td class='num'>{escape(fmt(r['b']))}</td><td class='num {cls}'>{escape(text)}</td></tr>"
        )
    config = "".join(
        f"<tr><td>{escape(k)}</td><td>{escape(fmt(v['a']))}</td><td>{escape(fmt(v['b']))}</td></tr>"
        for k, v in c["config_differences"].items()
    )
    flips = []
    for kind, title in (("right_to_wrong", "Right → wrong"), ("wrong_to_right", "Wrong → right")):
        items = "".join(
            f"<tr><td>{escape(f['id'])}</td><td>{escape(f['question'])}</td>"
            f"<td>{escape(', '.join(f['expected'])) or '<i>refusal</i>'}</td>"
            f"<td>{escape(f['answer_a'])}</td><td>{escape(f['answer_b'])}</td></tr>"
            for f in c["flipped"][kind]
        )
        table = (
            (
                "<table><tr><th>id</th><th>question</th><th>expected</th>"
                "<th>answer A</th><th>answer B</th></tr>"
                f"{items}</table>"
            )
            if items
            else "<p class='muted'>none</p>"
        )
        flips.append(f"<h2>{title} ({len(c['flipped'][kind])})</h2>{table}")
    config_html = (
        (f"<h2>Configuration differences</h2><table><tr><th>setting</th><th>A</th><th>B</th></tr>{config}</table>")
        if config
        else "<p class='muted'>Same configuration.</p>"
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Comparison</title><style>{CSS}</style></head><body>
<h1>Comparison: A = {escape(c["a"]["name"])}, B = {escape(c["b"]["name"])}</h1>
<p>{c["common_questions"]} questions in both runs. Green delta: better; red: worse.</p>
<table><tr><th>figure</th><th>A</th><th>B</th><th>delta (B − A)</th></tr>{"".join(rows)}</table>
{config_html}{"".join(flips)}
</body></html>
"""
