"""Follow-up questions of a chat against the same questions asked standalone.

    .venv/bin/python bench/conversations.py eval/conversations_train.jsonl --index /work/idx-bbc
    .venv/bin/python bench/conversations.py eval/conversations_train.jsonl --rewrite-only

Per follow-up turn (turn > 1) of the conversation set:
- rewrite right: the resolved question holds at least half of the content terms the gold
  standalone question takes from the chat, and at least half of the terms it added are
  in the gold question (a topic switch must add nothing);
- accuracy: the answer asked with the chat's turns (question + answer dicts, as written
  in the set) contains an accepted answer (a refusal for an unanswerable one), against
  the gold standalone question asked with no history ("alone") and our own rewrite asked
  with no history ("ours"): "ours" below "alone" is the cost of the rewrite's wording,
  "follow" below "ours" the cost of asking with the chat (terms taken from it count
  less, the search vector is pulled towards the chat's topic).
The target is follow-up accuracy >= 0.9 x standalone accuracy. Each row shown (--show: all) is
flagged R/r (rewrite right/wrong), F/f (follow), S/s (alone), O/o (ours).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.evaluation.metrics import contains_answer, strip_markers  # noqa: E402
from assistant.retrieval.condense import resolve  # noqa: E402
from assistant.text import content_terms  # noqa: E402


def rewrite_right(question: str, ours: str, gold: str) -> bool:
    """The names the gold question takes from the chat are there, and little else was added.

    Names are the capitalised words after the first; a topic switch must add nothing.
    """
    own, mine, wanted = set(content_terms(question)), set(content_terms(ours)), set(content_terms(gold))
    names = set(content_terms(" ".join(w for w in gold.split()[1:] if w[:1].isupper()))) - own
    added = mine - own
    if not (wanted - own):
        return not added
    if names and len(names & mine) / len(names) < 0.5:
        return False
    if not names and not (wanted - own) & mine:
        return False
    return not added or len(added & wanted) / len(added) >= 0.5


def correct(answer, row: dict) -> bool:
    if not row["answerable"]:
        return answer.refused
    return (not answer.refused) and contains_answer(strip_markers(answer.answer), row["answers"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--index", help="index folder (default: the configured one)")
    parser.add_argument("--rewrite-only", action="store_true", help="only the rewrite share: no index, no answers")
    parser.add_argument("--show", action="store_true", help="print every follow-up turn")
    parser.add_argument("--topic-weight", type=float, help="override core.TOPIC_WEIGHT (tuning, train set only)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    follow = [r for r in rows if r["turn"] > 1]

    assistant = None
    if not args.rewrite_only:
        from assistant.config import Config
        from assistant.core import Assistant

        overrides = {"index_dir": args.index} if args.index else {}
        assistant = Assistant(Config.load(**overrides))
        if args.topic_weight is not None:
            import assistant.core as core

            core.TOPIC_WEIGHT = args.topic_weight

    by_kind: dict[str, list[tuple[bool, bool | None, bool | None, bool | None]]] = defaultdict(list)
    modes: dict[str, int] = defaultdict(int)
    started = time.perf_counter()
    for row in follow:
        res = resolve(row["question"], row["history"])
        modes[res.mode] += 1
        right = rewrite_right(row["question"], res.standalone, row["standalone"])
        ok_follow = ok_alone = ok_ours = None
        if assistant is not None:
            asked = assistant.ask(row["question"], row["history"])
            ok_follow = correct(asked, row)
            ok_alone = correct(assistant.ask(row["standalone"]), row)
            ok_ours = correct(assistant.ask(asked.standalone_question), row)
        by_kind[row["kind"]].append((right, ok_follow, ok_alone, ok_ours))
        if args.show or not right or ok_follow is False:
            flags = f"{'R' if right else 'r'}{'' if ok_follow is None else 'F' if ok_follow else 'f'}"
            flags += "" if ok_alone is None else "S" if ok_alone else "s"
            flags += "" if ok_ours is None else "O" if ok_ours else "o"
            print(f"{flags:5} {row['id']:7} {res.mode:8} {row['question']!r} -> {res.standalone!r}")
            if not right:
                print(f"{'':14} gold: {row['standalone']!r}")

    def share(values: list) -> str:
        values = [v for v in values if v is not None]
        return f"{sum(values) / len(values):.3f}" if values else "-"

    print(f"\n{'kind':15} {'n':>3} {'rewrite':>8} {'follow':>7} {'alone':>7} {'ours':>7}")
    everything = []
    for kind in sorted(by_kind):
        items = by_kind[kind]
        everything += items
        print(
            f"{kind:15} {len(items):3} {share([i[0] for i in items]):>8} "
            f"{share([i[1] for i in items]):>7} {share([i[2] for i in items]):>7} {share([i[3] for i in items]):>7}"
        )
    print(
        f"{'all follow-ups':15} {len(everything):3} {share([i[0] for i in everything]):>8} "
        f"{share([i[1] for i in everything]):>7} {share([i[2] for i in everything]):>7} "
        f"{share([i[3] for i in everything]):>7}"
    )
    if assistant is not None:
        f = sum(bool(i[1]) for i in everything) / len(everything)
        s = sum(bool(i[2]) for i in everything) / len(everything)
        print(f"follow-up / standalone = {f / s if s else 0:.3f} (target >= 0.9)")
    print(f"modes: {dict(modes)}; {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
