"""Write speaker_labels.jsonl and speaker_stories.txt from the hand labels in speaker_labels_data.py.

Checks while writing: every quote is an exact substring of its file (the offset is recorded), and
every span inside double quotation marks in a labelled story is either labelled or listed as
excluded with a reason, so a story's labels are complete enough to measure recall on.

    python3 eval/news/build_speaker_labels.py
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from quote_segments import segments, strip_span  # noqa: E402
from sources import read_doc  # noqa: E402
from speaker_labels_data import STORIES  # noqa: E402

STYLE = {"D": "direct", "DT": "direct", "R": "reported", "A": "according-to"}
MENTIONS = {"name", "role", "pronoun", "none"}


def build():
    rows, problems = [], []
    for doc, story in STORIES.items():
        text = read_doc(doc)
        spans = [strip_span(text, s, e) for s, e in segments(text)]
        used = set()
        for item in story["items"]:
            kind, what, spk, mention = item[:4]
            note = item[4] if len(item) > 4 else None
            if kind == "D":
                s, e = spans[what]
                used.add(what)
                quote, start = text[s:e], s
            else:
                quote = what
                start = text.find(quote)
                if start < 0:
                    problems.append(f"{doc}: not in file: {quote!r}")
                    continue
                if text.count(quote) > 1:
                    problems.append(f"{doc}: occurs more than once: {quote!r}")
                if kind in ("DT", "A"):  # quoted words given as text still cover their span
                    used.update(k for k, (s, e) in enumerate(spans) if start <= s and e <= start + len(quote))
            if mention not in MENTIONS:
                problems.append(f"{doc}: bad mention {mention!r}")
            name, role, skind, aliases = story["speakers"][spk]
            row = {
                "doc": doc,
                "quote": quote,
                "speaker": name,
                "role": role,
                "style": STYLE[kind],
                "pronoun": mention != "name",
                "mention": mention,
                "speaker_kind": skind,
                "start": start,
            }
            if aliases:
                row["aliases"] = aliases
            if note:
                row["note"] = note
            rows.append(row)
        missing = set(range(len(spans))) - used - set(story["excluded"])
        for k in sorted(missing):
            s, e = spans[k]
            problems.append(f"{doc}: quoted span {k} neither labelled nor excluded: {text[s:e]!r}")
        both = used & set(story["excluded"])
        for k in sorted(both):
            problems.append(f"{doc}: span {k} both labelled and excluded")
    return rows, problems


def main():
    rows, problems = build()
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    with open(HERE / "speaker_labels.jsonl", "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(HERE / "speaker_stories.txt", "w", encoding="utf-8") as f:
        f.write("".join(doc + "\n" for doc in STORIES))
    print(f"{len(rows)} quotations in {len(STORIES)} stories")


if __name__ == "__main__":
    main()
