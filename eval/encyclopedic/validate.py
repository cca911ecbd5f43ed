"""Check the encyclopedic question sets against their articles; print counts per file and kind.

Checks: each line parses with the contract's keys; ids are unique across files; every answerable
question names its article (`article`, a file in articles/) and each accepted answer (1-8 words)
occurs in that article after SQuAD-style normalisation; an unanswerable question's answers (if
any) occur in no article; train and held-out files share no article. Exits 1 on any problem.

    python3 eval/encyclopedic/validate.py
"""

import collections
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPLITS = {"train": ["train_a.jsonl", "train_b.jsonl"], "heldout": ["heldout.jsonl"]}


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " " + " ".join(re.findall(r"\w+", text)) + " "


def main() -> int:
    problems: list[str] = []
    articles = {p.name: norm(p.read_text(encoding="utf-8")) for p in sorted((HERE / "articles").glob("*.txt"))}
    seen: set[str] = set()
    used: dict[str, set[str]] = collections.defaultdict(set)
    for split, names in SPLITS.items():
        for name in names:
            path = HERE / name
            if not path.exists():
                continue
            kinds: collections.Counter = collections.Counter()
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                where = f"{name}:{i}"
                try:
                    q = json.loads(line)
                except json.JSONDecodeError as exc:
                    problems.append(f"{where}: not JSON ({exc})")
                    continue
                missing = {"id", "question", "answers", "answerable", "kind"} - q.keys()
                if missing:
                    problems.append(f"{where}: missing {sorted(missing)}")
                    continue
                if q["id"] in seen:
                    problems.append(f"{where}: duplicate id {q['id']}")
                seen.add(q["id"])
                kinds["unanswerable" if not q["answerable"] else q["kind"]] += 1
                if q["answerable"]:
                    art = q.get("article")
                    if art not in articles:
                        problems.append(f"{where}: article {art!r} not in articles/")
                        continue
                    used[split].add(art)
                    if not q["answers"]:
                        problems.append(f"{where}: answerable without answers")
                    for a in q["answers"]:
                        n = norm(a).strip()
                        if not n or len(n.split()) > 8:
                            problems.append(f"{where}: answer {a!r} empty or over 8 words")
                        elif f" {n} " not in articles[art]:
                            problems.append(f"{where}: answer {a!r} not found in {art}")
                else:
                    if q.get("article"):
                        used[split].add(q["article"])
                    for a in q["answers"]:
                        n = norm(a).strip()
                        hits = [k for k, text in articles.items() if n and f" {n} " in text]
                        if hits:
                            problems.append(f"{where}: unanswerable but answer {a!r} occurs in {hits[:3]}")
            print(f"{name}: {sum(kinds.values())} questions {dict(sorted(kinds.items()))}")
    shared = used["train"] & used["heldout"]
    if shared:
        problems.append(f"train and held-out share articles {sorted(shared)}")
    print(f"{len(articles)} articles; train uses {len(used['train'])}, held-out {len(used['heldout'])}")
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
