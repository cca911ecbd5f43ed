"""Write the speaker-label files from the hand labels.

- speaker_labels_data.py -> speaker_labels.jsonl + speaker_stories.txt (the dev / held-out stories);
- speaker_labels_heldout2_data.py -> speaker_labels_heldout2.jsonl + speaker_stories_heldout2.txt
  (the second held-out set, labelled before the quote finder was run on it).

Checks while writing: every quote is an exact substring of its file (the offset is recorded), and
every span inside double quotation marks in a labelled story is either labelled or listed as
excluded with a reason, so a story's labels are complete enough to measure recall on. The
heldout2 stories must not be in the first set nor named by the quote question files.

    python3 eval/news/build_speaker_labels.py
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import speaker_labels_data  # noqa: E402
import speaker_labels_heldout2_data  # noqa: E402
from quote_segments import segments, strip_span  # noqa: E402
from sources import read_doc  # noqa: E402

STYLE = {"D": "direct", "DT": "direct", "R": "reported", "A": "according-to"}
MENTIONS = {"name", "role", "pronoun", "none"}
SETS = [  # (hand labels, labels file, stories file)
    (speaker_labels_data.STORIES, "speaker_labels.jsonl", "speaker_stories.txt"),
    (speaker_labels_heldout2_data.STORIES, "speaker_labels_heldout2.jsonl", "speaker_stories_heldout2.txt"),
]


def build(stories):
    rows, problems = [], []
    for doc, story in stories.items():
        text = read_doc(doc)
        spans = [strip_span(text, s, e) for s, e in segments(text)]
        used = set()
        for item in story["items"]:
            kind, what, spk, mention = item[:4]
            note = item[4] if len(item) > 4 else None
            if kind == "D":
                if not 0 <= what < len(spans):
                    problems.append(f"{doc}: no quoted span {what}")
                    continue
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
            if spk not in story["speakers"]:
                problems.append(f"{doc}: unknown speaker key {spk!r}")
                continue
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


def question_docs():
    """Stories the quote question files name (doc and also_in)."""
    docs = set()
    for name in ("quotes_train.jsonl", "quotes_heldout.jsonl"):
        for line in (HERE / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                docs.update([row["doc"], *row.get("also_in", [])])
    return docs


def main():
    built, problems = [], []
    for stories, labels_file, stories_file in SETS:
        rows, found = build(stories)
        built.append((rows, stories, labels_file, stories_file))
        problems += found
    first, second = set(speaker_labels_data.STORIES), set(speaker_labels_heldout2_data.STORIES)
    for doc in sorted(second & first):
        problems.append(f"{doc}: heldout2 story is also in speaker_labels_data.py")
    for doc in sorted(second & question_docs()):
        problems.append(f"{doc}: heldout2 story is named by a quote question file")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    for rows, stories, labels_file, stories_file in built:
        with open(HERE / labels_file, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        with open(HERE / stories_file, "w", encoding="utf-8") as f:
            f.write("".join(doc + "\n" for doc in stories))
        print(f"{labels_file}: {len(rows)} quotations in {len(stories)} stories")


if __name__ == "__main__":
    main()
