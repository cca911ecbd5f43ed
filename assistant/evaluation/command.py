"""`assistant eval`: pick the mode from the arguments and call the module that does it.

Kept thin so the same work can be driven from Python (tests, notebooks) without argparse.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from assistant.config import Config
from assistant.evaluation.compare import compare_runs, load_run, render_text, write_comparison
from assistant.evaluation.metrics import SUPPORT_CHECK
from assistant.evaluation.provenance import package_versions, run_config
from assistant.evaluation.report import headline_rows, write_run
from assistant.evaluation.results import RunInfo, Summary
from assistant.evaluation.runner import Question, load_questions, run_questions
from assistant.evaluation.squad import import_squad
from assistant.evaluation.summary import by_type, figures


def run_command(args: argparse.Namespace, config: Config) -> int:
    if args.import_squad:
        return _import(args)
    if args.compare:
        return _compare(args)
    if not args.questions:
        print(
            "error: give a question set (QUESTIONS.jsonl), --compare RUN_A RUN_B or --import-squad FILE",
            file=sys.stderr,
        )
        return 2
    return _evaluate(args, config)


def _default_out(prefix: str = "") -> Path:
    return Path("runs") / f"{prefix}{datetime.now().strftime('%Y%m%d-%H%M%S')}"


def _import(args: argparse.Namespace) -> int:
    if not args.corpus_out or not args.questions_out:
        print("error: --import-squad needs --corpus-out DIR and --questions-out FILE.jsonl", file=sys.stderr)
        return 2
    print(import_squad(args.import_squad, args.corpus_out, args.questions_out).text())
    return 0


def _compare(args: argparse.Namespace) -> int:
    comparison = compare_runs(load_run(args.compare[0]), load_run(args.compare[1]))
    paths = write_comparison(Path(args.out) if args.out else _default_out("compare-"), comparison)
    flips = comparison["flipped"]
    print(render_text(comparison))
    print(
        f"{len(flips['right_to_wrong'])} right→wrong, {len(flips['wrong_to_right'])} wrong→right; "
        f"report: {paths['html']}"
    )
    return 0


def evaluate(
    assistant,
    config: Config,
    questions_file: str | Path,
    out_dir: Path,
    limit: int | None = None,
    show_progress: bool = True,
    questions: list[Question] | None = None,
) -> dict:
    """Run a question set, write results, summary and reports; return the summary (as summary.json holds it).

    Also the Python entry point, so tests and notebooks can reuse a loaded Assistant.
    """
    questions = questions if questions is not None else load_questions(questions_file, limit)
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    provenance = run_config(assistant, config)  # before the run: fails fast on a missing index
    t0 = time.perf_counter()
    outcome = run_questions(assistant, questions, out_dir / "results.jsonl", show_progress=show_progress)
    summary = Summary(
        run=RunInfo(
            name=out_dir.name,
            questions_file=str(questions_file),
            questions=len(questions),
            completed=len(outcome.results),
            interrupted=outcome.interrupted,
            started_at=started_at,
            seconds=round(time.perf_counter() - t0, 3),
        ),
        config=provenance,
        versions=package_versions(),
        support_check=SUPPORT_CHECK,
        figures=figures(outcome.results, outcome.wall_seconds, config.retrieval.top_k),
        by_type=by_type(outcome.results),
    )
    write_run(out_dir, summary, outcome.results)
    return summary.row()


def _evaluate(args: argparse.Namespace, config: Config) -> int:
    from assistant.core import Assistant

    out_dir = Path(args.out) if args.out else _default_out()
    questions = load_questions(args.questions, args.limit)  # a bad line fails before the model loads
    summary = evaluate(Assistant(config), config, args.questions, out_dir, questions=questions)
    width = max(len(name) for name, _ in headline_rows(summary["figures"]))
    for name, value in headline_rows(summary["figures"]):
        print(f"{name:<{width}}  {value if isinstance(value, str) else _short(value)}")
    print(f"report: {out_dir / 'report.html'}")
    if summary["run"]["interrupted"]:
        print(
            f"interrupted: {summary['run']['completed']} of {summary['run']['questions']} questions kept",
            file=sys.stderr,
        )
        return 130
    return 0


def _short(value: object) -> str:
    return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
