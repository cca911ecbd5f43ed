"""Check every news evaluation file against the stories it names, then print counts per file and kind.

Checks: each line parses; ids are unique across all files; answerable questions have 1-6-word
answers found (after normalisation) in the named story; quote answers lie inside that story's
quotation marks or labelled quotations; who-said answers name the speaker; train and held-out
quote sets share no story and no speaker, and held-out stories are not speaker-labelled; dates
have ordered ISO bounds and verbatim evidence; summaries name existing stories and key points
found in them; speaker labels are exact substrings at their offsets and cover 220+ quotations in
32+ BBC stories plus both seeds; the second held-out speaker set (heldout2) has the same checks,
150+ quotations in 15+ BBC stories from all five sections (4+ each), and shares no story with the
first set or the quote question files. Exits 1 on any problem.

    python3 eval/news/validate_news_eval.py
"""

import collections
import datetime
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from quote_segments import segments  # noqa: E402
from sources import SEEDS, doc_path, read_doc  # noqa: E402

SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))
SECTIONS = {"business", "entertainment", "politics", "sport", "tech"}
problems = []


def problem(where, msg):
    problems.append(f"{where}: {msg}")


def norm(text):
    """Lowercase, typographic quotes made plain, every non-alphanumeric run one space."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    return " " + " ".join(re.findall(r"[a-z0-9]+", text)) + " "


def contains(haystack, needle):
    n = norm(needle).strip()
    return bool(n) and f" {n} " in norm(haystack)


def load(name):
    rows = []
    path = HERE / name
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            problem(f"{name}:{i}", f"not JSON ({e})")
    return rows


def exists(where, doc):
    try:
        doc_path(doc)
        return True
    except FileNotFoundError as e:
        problem(where, str(e))
        return False


def check_answers(where, row, docs):
    if not isinstance(row.get("answerable"), bool):
        problem(where, "answerable must be true or false")
    if not row.get("answerable"):
        if row.get("answers"):
            problem(where, "unanswerable question with answers")
        return
    if not row.get("answers"):
        problem(where, "answerable question without answers")
    for a in row["answers"]:
        words = a.split()  # as written: "can't" is one word
        if not 1 <= len(words) <= 6:
            problem(where, f"answer {a!r} has {len(words)} words (1-6 expected)")
        if row["kind"] != "section" and not any(contains(read_doc(d), a) for d in docs):
            problem(where, f"answer {a!r} not in {docs}")


def quoted_texts(doc, labels):
    text = read_doc(doc)
    spans = [text[s:e] for s, e in segments(text)]
    return spans + [r["quote"] for r in labels.get(doc, [])]


def check_quotes(name, rows, labels):
    docs, speakers = set(), set()
    for row in rows:
        where = f"{name} {row.get('id')}"
        for key in ("id", "question", "answers", "answerable", "kind", "speaker", "doc"):
            if key not in row:
                problem(where, f"missing {key}")
        if row.get("kind") not in ("quote-about", "who-said", "what-said"):
            problem(where, f"bad kind {row.get('kind')!r}")
        if not exists(where, row["doc"]):
            continue
        all_docs = [row["doc"]] + row.get("also_in", [])
        check_answers(where, row, all_docs)
        if row["kind"] in ("quote-about", "what-said"):
            for a in row["answers"]:
                if not any(contains(t, a) for d in all_docs for t in quoted_texts(d, labels)):
                    problem(where, f"answer {a!r} is not inside a quotation")
        if row["kind"] == "who-said":
            speaker = re.sub(r"\s*\(.*\)$", "", row["speaker"])
            if not any(norm(a) == norm(speaker) for a in row["answers"]) and "not named" not in row["speaker"]:
                problem(where, "who-said answers lack the speaker's full name")
            if len(row["answers"]) < 2 and not row.get("note"):
                problem(where, "who-said should give surname and full name (or a note why not)")
        docs.update(all_docs)
        speakers.add(row["speaker"])
    return docs, speakers


def check_speaker_labels(labels_file, stories_file, data, strict=False):
    """Per-line checks of a speaker-label file against its story list; returns (stories, labels by doc).

    strict (the heldout2 set): every key of the builder present, mention and speaker_kind valid,
    pronoun consistent with mention, an unnamed speaker has a role."""
    stories = [line.strip() for line in (HERE / stories_file).read_text().splitlines() if line.strip()]
    labels = collections.defaultdict(list)
    keys = ("doc", "quote", "speaker", "role", "style", "pronoun")
    if strict:
        keys += ("mention", "speaker_kind", "start")
    for i, r in enumerate(data[labels_file], 1):
        where = f"{labels_file}:{i}"
        missing = [key for key in keys if key not in r]
        if missing:
            problem(where, f"missing {', '.join(missing)}")
            continue
        if r["doc"] not in stories:
            problem(where, f"{r['doc']} not in {stories_file}")
        if not exists(where, r["doc"]):
            continue
        text = read_doc(r["doc"])
        if r["quote"] not in text:
            problem(where, f"quote not an exact substring of {r['doc']}: {r['quote'][:60]!r}")
        elif "start" in r and text[r["start"] : r["start"] + len(r["quote"])] != r["quote"]:
            problem(where, "start offset does not point at the quote")
        if r["style"] not in ("direct", "reported", "according-to"):
            problem(where, f"bad style {r['style']!r}")
        if not isinstance(r["pronoun"], bool):
            problem(where, "pronoun must be a boolean")
        if strict:
            if not r["quote"].strip() or r["quote"] != r["quote"].strip():
                problem(where, "quote is empty or has surrounding white space")
            if r["mention"] not in ("name", "role", "pronoun", "none"):
                problem(where, f"bad mention {r['mention']!r}")
            elif r["pronoun"] != (r["mention"] != "name"):
                problem(where, "pronoun disagrees with mention")
            if r["speaker_kind"] not in ("person", "organisation", "group", "unnamed"):
                problem(where, f"bad speaker_kind {r['speaker_kind']!r}")
            if (r["speaker"] is None) != (r["speaker_kind"] == "unnamed"):
                problem(where, "speaker must be null exactly when speaker_kind is unnamed")
            if r["speaker"] is None and not r["role"]:
                problem(where, "unnamed speaker without a role")
        labels[r["doc"]].append(r)
    for doc in stories:
        exists(stories_file, doc)
        if not labels.get(doc):
            problem(stories_file, f"{doc} has no labels")
    if strict:
        for doc, rows in labels.items():
            spans = sorted((r["start"], r["start"] + len(r["quote"])) for r in rows)
            for (s1, e1), (s2, _) in zip(spans, spans[1:], strict=False):
                if s2 < e1:
                    problem(labels_file, f"{doc}: labelled quotes overlap at {s1} and {s2}")
    return stories, labels


def check_iso(where, value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        problem(where, f"bad date {value!r}")


def main():
    files = [
        "quotes_train.jsonl",
        "quotes_heldout.jsonl",
        "metadata.jsonl",
        "dates.jsonl",
        "summaries.jsonl",
        "speaker_labels.jsonl",
        "speaker_labels_heldout2.jsonl",
    ]
    data = {f: load(f) for f in files}

    ids = collections.Counter(r.get("id") for f in files[:5] for r in data[f])
    for i, n in ids.items():
        if n > 1:
            problem("ids", f"{i!r} used {n} times")

    # speaker labels first: quote checks use them
    stories, labels = check_speaker_labels("speaker_labels.jsonl", "speaker_stories.txt", data)
    bbc_stories = [d for d in stories if d not in SEED_FILES]
    bbc_quotes = sum(len(labels[d]) for d in bbc_stories)
    if len(bbc_stories) < 32 or bbc_quotes < 220:
        problem("speaker_labels", f"{bbc_quotes} quotations in {len(bbc_stories)} BBC stories (need 220 in 32)")
    for seed in SEED_FILES:
        if seed not in stories:
            problem("speaker_labels", f"seed {seed} not labelled")

    train_docs, train_speakers = check_quotes("quotes_train.jsonl", data["quotes_train.jsonl"], labels)
    held_docs, held_speakers = check_quotes("quotes_heldout.jsonl", data["quotes_heldout.jsonl"], labels)
    if train_docs & held_docs:
        problem("quotes", f"stories in both train and held-out: {sorted(train_docs & held_docs)}")
    if train_speakers & held_speakers:
        problem("quotes", f"speakers in both train and held-out: {sorted(train_speakers & held_speakers)}")
    if held_docs & set(stories):
        problem("quotes", f"held-out stories are speaker-labelled: {sorted(held_docs & set(stories))}")

    # second held-out speaker set: never tuned on, so disjoint from everything above
    stories2, labels2 = check_speaker_labels(
        "speaker_labels_heldout2.jsonl", "speaker_stories_heldout2.txt", data, strict=True
    )
    for doc in sorted(set(stories2) & set(stories)):
        problem("speaker_stories_heldout2.txt", f"{doc} is also in speaker_stories.txt")
    for doc in sorted(set(stories2) & (train_docs | held_docs)):
        problem("speaker_stories_heldout2.txt", f"{doc} is named by a quote question file")
    for doc in stories2:
        if doc in SEED_FILES:
            problem("speaker_stories_heldout2.txt", f"{doc} is a seed (BBC stories only)")
        elif len(labels2.get(doc, [])) < 4:
            problem("speaker_stories_heldout2.txt", f"{doc} has {len(labels2.get(doc, []))} quotations (4 needed)")
    n2 = sum(len(v) for v in labels2.values())
    sections2 = collections.Counter(d.split("_")[0] for d in stories2)
    if len(stories2) < 15 or n2 < 150 or set(sections2) != SECTIONS:
        problem("speaker_labels_heldout2", f"{n2} quotations in {len(stories2)} stories, sections {dict(sections2)}")
    for f in ("quotes_train.jsonl", "quotes_heldout.jsonl"):
        if len(data[f]) < 30:
            problem(f, f"{len(data[f])} questions (30 needed)")

    for row in data["metadata.jsonl"]:
        where = f"metadata.jsonl {row.get('id')}"
        if row.get("split") not in ("train", "heldout"):
            problem(where, "split must be train or heldout")
        if not exists(where, row["doc"]):
            continue
        docs = [row["doc"]] + row.get("also_in", [])
        check_answers(where, row, docs)
        text = read_doc(row["doc"])
        kind = row.get("kind")
        if kind == "section" and row["answers"] != [row["doc"].split("_")[0]]:
            problem(where, "section answer differs from the file name")
        if (
            kind == "headline"
            and row["answers"]
            and not contains(text.splitlines()[0] if row["doc"] not in SEED_FILES else text[:200], row["answers"][0])
        ):
            problem(where, "headline answer is not the story's headline")
        if kind == "outlet" and row["answerable"] and row["doc"] not in SEED_FILES:
            problem(where, "outlet questions must use the seed articles")
        if kind not in ("outlet", "headline", "section", "author"):
            problem(where, f"bad kind {kind!r}")
    if len(data["metadata.jsonl"]) < 24:
        problem("metadata.jsonl", "fewer than 24 lines")

    for row in data["dates.jsonl"]:
        where = f"dates.jsonl {row.get('id')}"
        if row.get("split") not in ("train", "heldout"):
            problem(where, "split must be train or heldout")
        if not exists(where, row["doc"]):
            continue
        docs = [row["doc"]] + row.get("also_in", [])
        check_answers(where, row, docs)
        text = read_doc(row["doc"])
        for ev in row.get("date_evidence", []):
            if ev not in text:
                problem(where, f"date evidence not verbatim in {row['doc']}: {ev!r}")
        if not row.get("date_evidence"):
            problem(where, "no date evidence")
        if row["kind"] == "date-filter":
            since, until = check_iso(where, row.get("since")), check_iso(where, row.get("until"))
            if since and until and since > until:
                problem(where, "since after until")
        elif row["kind"] != "recency":
            problem(where, f"bad kind {row['kind']!r}")
        for c in row.get("competing_docs", []):
            exists(where, c)
    if len(data["dates.jsonl"]) < 18:
        problem("dates.jsonl", "fewer than 18 lines")

    for row in data["summaries.jsonl"]:
        where = f"summaries.jsonl {row.get('id')}"
        docs = row.get("docs", []) + row.get("partial_docs", [])
        if not row.get("docs") or row.get("kind") != "summary":
            problem(where, "needs docs and kind 'summary'")
        if len(set(docs)) != len(docs):
            problem(where, "a story is listed twice")
        if all(exists(where, d) for d in docs):
            for k in row.get("key_points", []):
                if not any(contains(read_doc(d), k) for d in row["docs"]):
                    problem(where, f"key point {k!r} not in its docs")
    if len(data["summaries.jsonl"]) < 12:
        problem("summaries.jsonl", "fewer than 12 lines")

    print(f"{'file':24} {'lines':>5}  by kind / split")
    for f in files[:5]:
        kinds = collections.Counter(r.get("kind") for r in data[f])
        splits = collections.Counter(r.get("split") for r in data[f] if r.get("split"))
        unans = sum(1 for r in data[f] if r.get("answerable") is False)
        extra = f"  split {dict(splits)}" if splits else ""
        extra += f"  unanswerable {unans}" if unans else ""
        print(f"{f:24} {len(data[f]):5}  {dict(kinds)}{extra}")
    sl = data["speaker_labels.jsonl"]
    print(
        f"{'speaker_labels.jsonl':24} {len(sl):5}  style {dict(collections.Counter(r['style'] for r in sl))}"
        f"  pronoun/role-only {sum(r['pronoun'] for r in sl)}"
    )
    n_seeds = len(stories) - len(bbc_stories)
    print(
        f"{'':24} {'':5}  stories: {len(bbc_stories)} BBC ({bbc_quotes} quotations) + {n_seeds} seeds"
        f"; by section {dict(collections.Counter(d.split('_')[0] for d in bbc_stories))}"
    )
    sl2 = data["speaker_labels_heldout2.jsonl"]
    print(
        f"{'speaker_labels_heldout2':24} {len(sl2):5}  style {dict(collections.Counter(r['style'] for r in sl2))}"
        f"  mention {dict(collections.Counter(r['mention'] for r in sl2))}"
    )
    print(f"{'':24} {'':5}  stories: {len(stories2)} BBC; by section {dict(sections2)}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        print("\n".join(problems))
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
