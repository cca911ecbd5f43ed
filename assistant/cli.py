"""`assistant` command line: ingest, ask, eval, serve. Thin: every command calls `Assistant`."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from assistant.config import Config
from assistant.errors import AssistantError, ConfigError, InvariantError, surface_for

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description=__doc__)
    parser.add_argument("--config", help="TOML settings file (default: ./assistant.toml if present)")
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="add, update and remove articles in the index")
    ingest.add_argument("paths", nargs="*", help="files or folders (default: the data_dir setting)")
    ingest.add_argument("--index", help="index folder (default: index/)")
    ingest.add_argument("--rebuild", action="store_true", help="re-embed everything (e.g. after a model change)")
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON")

    ask = sub.add_parser("ask", help="answer a question with citations")
    ask.add_argument("question")
    ask.add_argument("--index")
    ask.add_argument("--history", action="append", default=[], help="an earlier user turn (repeatable)")
    ask.add_argument("--top-k", type=int)
    ask.add_argument("--generator", choices=["extractive", "openai", "local"])
    ask.add_argument("--json", action="store_true", help="print the Answer object as JSON")

    ev = sub.add_parser("eval", help="score question sets; compare runs; import SQuAD")
    ev.add_argument("questions", nargs="?", help="question set (JSONL)")
    ev.add_argument("--index")
    ev.add_argument("--out", help="output folder (default: runs/<timestamp>)")
    ev.add_argument("--top-k", type=int)
    ev.add_argument("--generator", choices=["extractive", "openai", "local"])
    ev.add_argument("--limit", type=int)
    ev.add_argument("--compare", nargs=2, metavar=("RUN_A", "RUN_B"))
    ev.add_argument("--import-squad", metavar="FILE")
    ev.add_argument("--corpus-out")
    ev.add_argument("--questions-out")

    serve = sub.add_parser("serve", help="chat UI and REST API on one port")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--index")
    serve.add_argument("--data", help="folder indexed on first run (default: data/)")
    for command in (ask, ev, serve):
        llm = command.add_argument_group("language-model backends (generator openai | local)")
        llm.add_argument("--gguf-path", help="GGUF file served by llama.cpp on 127.0.0.1 (generator local)")
        llm.add_argument("--llm-base-url", help="OpenAI-compatible endpoint (generator openai)")
        llm.add_argument("--llm-model", help="model name sent to the endpoint")
    serve.add_argument("--generator", choices=["extractive", "openai", "local"])
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
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
    from assistant.core import Assistant

    assistant = Assistant(config)
    report = assistant.ingest(args.paths or [config.data_dir], rebuild=args.rebuild, show_progress=True)
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.summary())
    return 0


def _ask(args: argparse.Namespace, config: Config) -> int:
    from assistant.core import Assistant

    answer = Assistant(config).ask(args.question, history=args.history)
    if args.json:
        print(answer.model_dump_json(indent=2))
        return 0
    print(answer.answer)
    if answer.standalone_question != answer.question:
        print(f"\n(searched for: {answer.standalone_question})")
    for c in answer.citations:
        meta = ", ".join(x for x in (c.source, c.published) if x)
        print(f"\n[{c.n}] {c.title} ({meta})\n    “{c.quote}”")
    return 0


def _eval(args: argparse.Namespace, config: Config) -> int:
    from assistant.evaluation.command import run_command

    return run_command(args, config)


def _serve(args: argparse.Namespace, config: Config) -> int:
    from assistant.web.app import serve

    serve(config)
    return 0


_COMMANDS = {"ingest": _ingest, "ask": _ask, "eval": _eval, "serve": _serve}

if __name__ == "__main__":
    sys.exit(main())
