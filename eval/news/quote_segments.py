"""Find the spans inside double quotation marks in a story (a labelling aid, not a gold source).

BBC stories were flattened from HTML, so a quotation that ran over several paragraphs appears as
`"First part. "Second part."`: the continuation opens again without the previous part closing.
Each quote mark is therefore classed by its neighbours (opening: start/space/( before, a non-space
after; closing: otherwise) instead of being paired in order, which would swap inside and outside.
"""

import re
import sys


def segments(text):
    """Return (start, end) of each quoted span, end exclusive; unclosed spans end before the next opener."""
    if "\u201c" in text:  # typographic quotes pair unambiguously
        return [(m.start() + 1, m.end() - 1) for m in re.finditer("\u201c[^\u201c\u201d]*\u201d", text)]
    marks = []
    for m in re.finditer('"', text):
        i = m.start()
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opening = (before.isspace() or before in "([-:") and not after.isspace()
        marks.append((i, opening))
    out = []
    open_at = None
    for i, opening in marks:
        if opening:
            if open_at is not None:  # continuation: previous span never closed
                out.append((open_at + 1, i))
            open_at = i
        elif open_at is not None:
            out.append((open_at + 1, i))
            open_at = None
    if open_at is not None:
        nl = text.find("\n", open_at)
        out.append((open_at + 1, nl if nl != -1 else len(text)))
    return [(s, e) for s, e in out]


def strip_span(text, s, e):
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


if __name__ == "__main__":
    for path in sys.argv[1:]:
        text = open(path, encoding="utf-8").read()
        print("===", path)
        for k, (s, e) in enumerate(segments(text)):
            s, e = strip_span(text, s, e)
            print(f"{k:2d} [{text[s:e]}]")
