"""Quotation and speaker attribution against the hand labels, and its speed.

    python bench/speakers.py [--split dev|heldout|both|heldout2] [--errors] [--speed-docs 100]

Labels: eval/news/speaker_labels.jsonl (every quotation of the stories in speaker_stories.txt).
The stories are split alphabetically: the first half is for development, the second half is
held out (`both` runs the two). `heldout2` is a second held-out set, labelled after the first
held-out half had been read while fixing the code: speaker_labels_heldout2.jsonl, every quotation
of the 20 BBC stories in speaker_stories_heldout2.txt, labelled by reading before the quote finder
was run on them. For each split it prints

- quote detection: a predicted quote matches a label when their spans overlap by >= 50% of the
  label (one prediction per label, the largest overlap);
- precision and recall of (quote, speaker) pairs: a pair is right when the quote matches and the
  speakers match by surname (or a label alias, or an acronym); an unnamed label speaker (None)
  needs a None prediction;
- speaker-attribution accuracy: right pairs / matched quotes, overall and by how the quote's
  sentence mentions the speaker (name, pronoun, role, none).

Speed: sentences/s of `find_quotes` on --speed-docs BBC stories (every n-th file), given the
sentence spans and entities ingest already has (the NER time is printed for comparison).

Figures (2 shared cores):
- dev (19 stories, 203 quotations): detection P 0.980 R 0.975; pairs P 0.955 R 0.951; speaker
  accuracy 0.975.
- held-out (19 stories, 218 quotations), measured once, at commit 0019b3b: detection P 0.981
  R 0.968; pairs P 0.874 R 0.862; speaker accuracy 0.891 (188/211), below the 0.90 target.
  The fixes after that commit (Title Case roles such as "the Foreign Secretary", "shadow" roles
  kept apart, a name right before "said" when the parse gives no subject, things such as "an
  advance text" never taken for "he") were prompted partly by reading that error list, so a new
  held-out measurement of the later code would not be a clean estimate (re-run at 4467330 for
  the split check only: the same 0.891).
- held-out 2 (20 stories, 326 quotations, labelled before the code ran on them), measured once,
  at commit 4467330 (2026-12-04; attribution code as at be42f46): detection P 0.952 R 0.966;
  pairs P 0.864 R 0.877; speaker accuracy 0.908 (286/315). By mention: name 0.94 (100/106),
  pronoun 0.93 (84/90), none 0.94 (77/82), role 0.68 (25/37); by style: direct 0.92 (195/213),
  reported 0.92 (87/95, found 95/106), according-to 0.57 (4/7). The 29 wrong speakers: a
  lawsuit's words given to the nearest person (6), stage names the NER misses ("50 Cent", "The
  Game") so "he" goes to an older name (4), groups named vs unnamed (4: "Police", "Belgian
  authorities", "The parties", "unions"; the labels are not fully consistent there), a role
  named only in a later sentence (3), the possessor taken for "President Castro's chief aide"
  (2), an organisation's role ("the former monopoly", "the airline") not resolved (2), the name
  after a role noun missed ("Telecom analysts Ovum", "(ISP) Plus.net") (2), the inner subject of
  a nested verb ("he says evidence ... suggests") (2), a name inside a quote's continuation taken
  for its speaker (2), a truncated organisation name (1), one ambiguous label (1). Not changed in
  response: tuning on these errors would end this set's use as held-out.
- speed: 308 sentences/s on 100 stories (2,004 sentences), 0.41x the time of the ingest NER; the
  dependency parse of the 47% of sentences with a quote mark or a speech verb is ~90% of it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval" / "news"))

from sources import BBC, read_doc  # noqa: E402

from assistant.ingest import quotes  # noqa: E402
from assistant.ingest.annotate import entities  # noqa: E402
from assistant.ingest.quotes import find_quotes  # noqa: E402
from assistant.text import sentence_spans  # noqa: E402

LABELS = ROOT / "eval" / "news" / "speaker_labels.jsonl"
STORIES = ROOT / "eval" / "news" / "speaker_stories.txt"
LABELS2 = ROOT / "eval" / "news" / "speaker_labels_heldout2.jsonl"
STORIES2 = ROOT / "eval" / "news" / "speaker_stories_heldout2.txt"


def split_stories() -> tuple[list[str], list[str]]:
    stories = sorted(set(STORIES.read_text().split()))
    half = (len(stories) + 1) // 2
    return stories[:half], stories[half:]


def load_labels(path: Path) -> dict[str, list[dict]]:
    labels: dict[str, list[dict]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            labels[row["doc"]].append(row)
    return labels


def _surname(name: str) -> str:
    n = re.sub(r"['’]s?$", "", name.strip().lower())
    words = re.findall(r"[\w-]+", n)
    return words[-1] if words else ""


def _initials(name: str) -> str:
    skip = {"of", "for", "the", "and"}
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in skip)


def same_speaker(pred: str | None, label: dict) -> bool:
    gold = label["speaker"]
    if gold is None or pred is None:
        return gold is None and pred is None
    names = [gold, *label.get("aliases", [])]
    p = _surname(pred)
    return any(p == _surname(g) or pred == _initials(g) or _initials(pred) == g for g in names)


def analyse(text: str):
    spans = sentence_spans(text)
    ents = entities([text[s:e] for s, e in spans])
    return spans, ents


def evaluate(docs: list[str], labels: dict[str, list[dict]], show_errors: bool) -> dict:
    n_pred = n_label = matched = right = 0
    by_mention: dict[str, Counter] = defaultdict(Counter)
    by_style: dict[str, Counter] = defaultdict(Counter)
    for doc in docs:
        text = read_doc(doc)
        spans, ents = analyse(text)
        preds = find_quotes(text, spans, ents)
        gold = labels.get(doc, [])
        n_pred += len(preds)
        n_label += len(gold)
        used: set[int] = set()
        for lab in gold:
            ls, le = lab["start"], lab["start"] + len(lab["quote"])
            best, best_overlap = None, 0
            for k, q in enumerate(preds):
                overlap = min(le, q.end) - max(ls, q.start)
                if k not in used and overlap >= 0.5 * (le - ls) and overlap > best_overlap:
                    best, best_overlap = k, overlap
            c_m, c_s = by_mention[lab["mention"]], by_style[lab["style"]]
            c_m["labels"] += 1
            c_s["labels"] += 1
            if best is None:
                if show_errors:
                    print(f"MISS  {doc} [{lab['style']}] {lab['speaker']!r}: {lab['quote'][:90]!r}")
                continue
            used.add(best)
            matched += 1
            c_m["matched"] += 1
            c_s["matched"] += 1
            q = preds[best]
            if same_speaker(q.speaker, lab):
                right += 1
                c_m["right"] += 1
                c_s["right"] += 1
            elif show_errors:
                print(
                    f"WRONG {doc} [{lab['mention']}] gold {lab['speaker']!r} pred {q.speaker!r} "
                    f"({q.mention}, role {q.role!r}): {lab['quote'][:70]!r}"
                )
        if show_errors:
            for k, q in enumerate(preds):
                if k not in used:
                    print(f"EXTRA {doc} [{q.style}] {q.speaker!r}: {text[q.start : q.end][:90]!r}")
    return dict(
        n_pred=n_pred,
        n_label=n_label,
        matched=matched,
        right=right,
        by_mention=by_mention,
        by_style=by_style,
    )


def report(name: str, docs: list[str], r: dict) -> None:
    def div(a: int, b: int) -> float:
        return a / b if b else 0.0

    print(f"== {name}: {len(docs)} stories, {r['n_label']} labelled quotations, {r['n_pred']} predicted")
    print(
        f"quote detection  P {div(r['matched'], r['n_pred']):.3f}  R {div(r['matched'], r['n_label']):.3f}\n"
        f"(quote, speaker) P {div(r['right'], r['n_pred']):.3f}  R {div(r['right'], r['n_label']):.3f}\n"
        f"speaker accuracy on matched quotes {div(r['right'], r['matched']):.3f} ({r['right']}/{r['matched']})"
    )
    for title, table in (("mention", r["by_mention"]), ("style", r["by_style"])):
        parts = [
            f"{k} {div(c['right'], c['matched']):.2f} ({c['right']}/{c['matched']}, found {c['matched']}/{c['labels']})"
            for k, c in sorted(table.items())
        ]
        print(f"  by {title}: " + "; ".join(parts))


def speed(n_docs: int) -> None:
    files = sorted(BBC.glob("*.txt"))
    step = max(1, len(files) // n_docs)
    texts = [f.read_text(encoding="utf-8") for f in files[::step][:n_docs]]
    prepared = [(t, sentence_spans(t)) for t in texts]
    find_quotes("He said: “Hello.”", [(0, 17)], [[]])  # load the parser outside the timing
    entities(["warm up"])
    t0 = time.perf_counter()
    ents = [entities([t[s:e] for s, e in spans]) for t, spans in prepared]
    t_ner = time.perf_counter() - t0
    parsed = [0, 0.0]  # sentences the parser saw, seconds in it
    parse = quotes._parse

    def timed_parse(batch):
        t = time.perf_counter()
        out = parse(batch)
        parsed[0] += len(batch)
        parsed[1] += time.perf_counter() - t
        return out

    quotes._parse = timed_parse
    try:
        t0 = time.perf_counter()
        n_quotes = sum(len(find_quotes(t, spans, e)) for (t, spans), e in zip(prepared, ents, strict=True))
        t_quotes = time.perf_counter() - t0
    finally:
        quotes._parse = parse
    n_sent = sum(len(spans) for _, spans in prepared)
    print(
        f"== speed: {len(texts)} BBC stories, {n_sent} sentences, {n_quotes} quotations\n"
        f"find_quotes {n_sent / t_quotes:.0f} sentences/s ({t_quotes:.1f} s), of which the dependency parse "
        f"{parsed[1]:.1f} s on {parsed[0]} sentences ({parsed[0] / n_sent:.0%} of them)\n"
        f"for comparison the ingest NER {n_sent / t_ner:.0f} sentences/s ({t_ner:.1f} s): "
        f"attribution costs {t_quotes / t_ner:.2f}x the NER"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "heldout", "both", "heldout2"], default="both")
    ap.add_argument("--errors", action="store_true", help="print every miss, wrong speaker and extra quote")
    ap.add_argument("--speed-docs", type=int, default=100, help="BBC stories for the speed run (0: skip)")
    args = ap.parse_args()
    if args.split == "heldout2":
        docs = sorted(set(STORIES2.read_text().split()))
        report("held-out 2", docs, evaluate(docs, load_labels(LABELS2), args.errors))
    else:
        labels = load_labels(LABELS)
        dev, heldout = split_stories()
        for name, docs in (("dev", dev), ("held-out", heldout)):
            if args.split in ("both", name.replace("-", "")):
                report(name, docs, evaluate(docs, labels, args.errors))
    if args.speed_docs:
        speed(args.speed_docs)


if __name__ == "__main__":
    main()
