"""`assistant` command line: ingest, delete, ask, eval, serve; each command calls `Assistant`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import Config
from assistant.errors import AssistantError, BadRequestError, ConfigError, InvariantError, NotIndexedError, surface_for

if TYPE_CHECKING:
    from assistant.models import Filters

log = logging.getLogger(__name__)

GENERATORS = ["extractive", "openai", "local"]

DESCRIPTION = """\
Answer questions about your news articles, with every claim cited.

Put articles (.txt, .md, .html, .json, .jsonl, .pdf) in a folder, index them once with
`assistant ingest`, then ask with `assistant ask` or open the chat with `assistant serve`."""

EXAMPLES = """\
examples:
  assistant ingest data/                                  index every article in data/
  assistant ask "What did Psaki say about strategic patience?"
  assistant ask --json "Where is 38 North based?"         the answer as JSON
  assistant delete story.txt                              remove an article (and data/story.txt)
  assistant serve --port 7860                             chat in the browser at http://127.0.0.1:7860
  assistant eval questions.jsonl --out runs/dev           score a question set

Run `assistant COMMAND --help` for a command's options. Settings can also come from
assistant.toml or ASSISTANT_* environment variables (see the README)."""

INGEST_EXAMPLES = """\
examples:
  assistant ingest                         the data_dir setting (default: data/)
  assistant ingest data/ extra/story.txt   folders and single files
  assistant ingest --rebuild data/         re-embed everything, e.g. after changing the model

Unchanged files are not read again; files removed from a folder leave the index.
Files that cannot be read are skipped and listed with the reason."""

ASK_EXAMPLES = """\
examples:
  assistant ask "Who is Leif-Eric Easley?"
  assistant ask --history "Who is Leif-Eric Easley?" "What did he say about the Kim regime?"
  assistant ask --json --top-k 3 "Where is 38 North based?"
  assistant ask --since 2005-01-01 --until 2005-03-31 --source BBC --section business "Why did the dollar fall?"

When the articles do not hold the answer, the assistant says so instead of guessing."""

DELETE_EXAMPLES = """\
examples:
  assistant delete story.txt               the article of data/story.txt (the file is deleted too)
  assistant delete feed.jsonl#3            one record of a file that holds several articles
  assistant delete --keep-file story.txt   out of the index only; the next ingest adds it back

An article's id is its file name within the folder that was ingested (GET /api/articles lists
them). The rest of the index is kept as it is, nothing is re-embedded, and an interrupted delete
leaves the index as it was."""

EVAL_EXAMPLES = """\
examples:
  assistant eval questions.jsonl --out runs/dev         figures and runs/dev/report.html
  assistant eval --compare runs/before runs/after       what changed between two runs
  assistant eval --import-squad dev.json --corpus-out squad/ --questions-out squad.jsonl"""

SERVE_EXAMPLES = """\
examples:
  assistant serve                            http://127.0.0.1:7860 (chat, REST API under /api)
  assistant serve --host 0.0.0.0 --port 8000 reachable from other machines

The first start indexes the data folder if there is no index yet; the page shows progress."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keep the examples' layout; a little wider help column."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=34)


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(
        prog="assistant", description=DESCRIPTION, epilog=EXAMPLES, formatter_class=_Formatter
    )
    parser.add_argument(
        "--config", metavar="FILE", help="TOML settings file (default: ./assistant.toml if there is one)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str, examples: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=summary, description=summary, epilog=examples, formatter_class=_Formatter)

    index_help = "index folder (default: index/)"

    ingest = command("ingest", "add, update and remove articles in the index", INGEST_EXAMPLES)
    ingest.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the data_dir setting)")
    ingest.add_argument("--index", metavar="DIR", help=index_help)
    ingest.add_argument("--rebuild", action="store_true", help="re-embed everything (e.g. after a model change)")
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON")

    delete = command("delete", "remove an article from the index (and its file from the data folder)", DELETE_EXAMPLES)
    delete.add_argument("article", metavar="ARTICLE", help="the article's id or file name")
    delete.add_argument("--index", metavar="DIR", help=index_help)
    delete.add_argument("--data", metavar="DIR", help="data folder whose files may be deleted (default: data/)")
    delete.add_argument(
        "--keep-file", action="store_true", help="leave the file in the data folder (the next ingest adds it back)"
    )
    delete.add_argument("--json", action="store_true", help="print what was removed as JSON")

    ask = command("ask", "answer a question from the indexed articles, with citations", ASK_EXAMPLES)
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("--index", metavar="DIR", help=index_help)
    ask.add_argument(
        "--history",
        action="append",
        default=[],
        metavar="QUESTION",
        help="an earlier question of the chat (repeatable)",
    )
    ask.add_argument("--top-k", type=int, metavar="N", help="passages to retrieve (default: 5)")
    ask.add_argument("--generator", choices=GENERATORS, help="how answers are written (default: extractive)")
    ask.add_argument("--json", action="store_true", help="print the whole Answer object as JSON")
    _filter_arguments(ask)

    ev = command("eval", "score a question set, compare two runs, or import SQuAD", EVAL_EXAMPLES)
    ev.add_argument("questions", nargs="?", metavar="QUESTIONS", help="question set (JSONL, one question a line)")
    ev.add_argument("--index", metavar="DIR", help=index_help)
    ev.add_argument("--out", metavar="DIR", help="output folder (default: runs/<timestamp>)")
    ev.add_argument("--top-k", type=int, metavar="N", help="passages to retrieve (default: 5)")
    ev.add_argument("--generator", choices=GENERATORS, help="how answers are written (default: extractive)")
    ev.add_argument("--limit", type=int, metavar="N", help="only the first N questions")
    ev.add_argument("--compare", nargs=2, metavar=("RUN_A", "RUN_B"), help="compare two run folders")
    ev.add_argument("--import-squad", metavar="FILE", help="turn a SQuAD JSON file into articles and questions")
    ev.add_argument("--corpus-out", metavar="DIR", help="with --import-squad: folder for the articles")
    ev.add_argument("--questions-out", metavar="FILE", help="with --import-squad: question set to write")

    serve = command("serve", "chat in the browser and REST API on one port", SERVE_EXAMPLES)
    serve.add_argument("--host", help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, help="port (default: 7860)")
    serve.add_argument("--index", metavar="DIR", help=index_help)
    serve.add_argument("--data", metavar="DIR", help="folder indexed on the first start (default: data/)")
    serve.add_argument("--generator", choices=GENERATORS, help="how answers are written (default: extractive)")
    for cmd in (ask, ev, serve):
        llm = cmd.add_argument_group("language-model answers (--generator openai or local)")
        llm.add_argument("--gguf-path", metavar="FILE", help="GGUF model run by llama.cpp on 127.0.0.1 (local)")
        llm.add_argument("--llm-base-url", metavar="URL", help="OpenAI-compatible endpoint (openai)")
        llm.add_argument("--llm-model", metavar="NAME", help="model name sent to the endpoint")
    return parser, {"ingest": ingest, "delete": delete, "ask": ask, "eval": ev, "serve": serve}


def _filter_arguments(cmd: argparse.ArgumentParser) -> None:
    """--since/--until/--source/--section: which articles may answer (a bad date is a usage error, exit 2)."""
    group = cmd.add_argument_group("filters (only articles that match all of them may answer)")
    undated = "; an undated story by the days its text names"
    group.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="published on or after this day" + undated)
    group.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="published on or before this day" + undated)
    group.add_argument("--source", metavar="OUTLET", help="from this outlet, e.g. BBC (whole words, any case)")
    group.add_argument("--section", metavar="NAME", help="of this section, e.g. business")


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; give it as YYYY-MM-DD, e.g. 2005-03-31") from None


def filters_of(args: argparse.Namespace) -> Filters:
    """The filters given on the command line (none set: no filtering)."""
    from assistant.models import Filters  # numpy comes with it: not for `--help`

    return Filters(*(getattr(args, name, None) for name in ("since", "until", "source", "section")))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Like `parse_args`, but an unknown option is reported with the usage of its own command."""
    parser, commands = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        commands[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    overrides = {
        "index_dir": getattr(args, "index", None),
        "top_k": getattr(args, "top_k", None),
        "generator": getattr(args, "generator", None),
        "host": getattr(args, "host", None),
        "port": getattr(args, "port", None),
        "data_dir": getattr(args, "data", None),
        "gguf_path": getattr(args, "gguf_path", None),
        "llm_base_url": getattr(args, "llm_base_url", None),
        "llm_model": getattr(args, "llm_model", None),
    }
    try:
        config = Config.load(args.config, **overrides)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        return _COMMANDS[args.command](args, config)
    except KeyboardInterrupt:
        print("interrupted; the index is unchanged unless a summary was printed", file=sys.stderr)
        return 130
    except AssistantError as exc:
        surface = surface_for(exc)
        if surface.status >= 500 and isinstance(exc, InvariantError):
            log.exception("internal error")
        print(f"{surface.label}: {exc}", file=sys.stderr)
        return surface.exit_code
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception:
        log.exception("internal error (a bug: please report it with this traceback)")
        return 70


def _ingest(args: argparse.Namespace, config: Config) -> int:
    paths = [Path(p) for p in args.paths] or [config.data_dir]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:  # before the model loads: a typo should not cost ten seconds
        raise BadRequestError(f"no such file or folder: {', '.join(missing)}")

    from assistant.core import Assistant

    report = Assistant(config).ingest(paths, rebuild=args.rebuild, show_progress=True)
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.summary())
    if report.articles == 0:
        print(
            f"the index in {config.index_dir} is empty: no article could be read from {', '.join(map(str, paths))}"
            + (" (every file was skipped; reasons above)" if report.skipped else " (no files found)"),
            file=sys.stderr,
        )
        return surface_for(NotIndexedError()).exit_code
    return 0


def _delete(args: argparse.Namespace, config: Config) -> int:
    check_index(config.index_dir)  # a wrong --index fails before anything is opened

    from assistant.core import Assistant

    report = Assistant(config).delete(args.article, delete_file=not args.keep_file)
    print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) if args.json else report.summary())
    return 0


def check_index(index_dir: Path) -> None:
    """Fail in milliseconds, before the model loads, when there is nothing to ask: name the folder and the fix."""
    fix = "run `assistant ingest PATH` (e.g. `assistant ingest data/`) first"
    if not index_dir.is_dir():
        raise NotIndexedError(f"no index folder {index_dir}/: {fix}, or pass --index with the folder of an index")
    current = index_dir / "CURRENT"
    if not current.is_file():
        raise NotIndexedError(f"{index_dir}/ holds no index: {fix}, or pass --index with the folder of an index")
    try:
        meta = json.loads((index_dir / current.read_text(encoding="utf-8").strip() / "meta.json").read_text("utf-8"))
    except (OSError, ValueError):
        return  # a damaged index gets its own message from the store
    if meta.get("articles") == 0:
        raise NotIndexedError(f"the index in {index_dir}/ is empty (no article could be read): {fix}")


def _ask(args: argparse.Namespace, config: Config) -> int:
    if not args.question.strip():
        raise BadRequestError("the question is empty")
    filters = filters_of(args)  # since after until fails before the index is opened
    check_index(config.index_dir)

    from assistant.core import Assistant
    from assistant.text import quoted

    extra = {"filters": filters} if filters else {}  # only when set: wrappers of the older signature keep working
    answer = Assistant(config).ask(args.question, history=args.history, **extra)
    if args.json:
        print(answer.model_dump_json(indent=2))
        return 0
    print(answer.answer)
    if answer.standalone_question != answer.question:
        print(f"\n(searched for: {answer.standalone_question})")
    for c in answer.citations:
        meta = ", ".join(x for x in (c.source, c.published) if x)
        print(f"\n[{c.n}] {c.title} ({meta})\n    {quoted(c.quote)}")
        if c.also_reported_by:
            print(f"    also reported by {'; '.join(c.also_reported_by)}")
    return 0


def _eval(args: argparse.Namespace, config: Config) -> int:
    if args.questions and not (args.compare or args.import_squad):
        from assistant.evaluation.runner import load_questions

        load_questions(args.questions, args.limit)  # a malformed set is named before a missing index
        check_index(config.index_dir)

    from assistant.evaluation.command import run_command

    return run_command(args, config)


def _serve(args: argparse.Namespace, config: Config) -> int:
    from assistant.web.app import serve

    serve(config)
    return 0


_COMMANDS = {"ingest": _ingest, "delete": _delete, "ask": _ask, "eval": _eval, "serve": _serve}

if __name__ == "__main__":
    sys.exit(main())
