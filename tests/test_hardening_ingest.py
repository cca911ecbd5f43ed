"""Ingest hardening (issue 13): no file can stop an ingest, and no file costs minutes or gigabytes.

Loader, splitter and scanner checks on files made here; the whole-corpus run is in
test_hardening_corpus.py.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from assistant.errors import SkipFile
from assistant.ingest import chunking
from assistant.ingest.chunking import split_article
from assistant.ingest.cleaning import clean_page
from assistant.ingest.loaders import decode, load_file
from assistant.ingest.pipeline import scan
from assistant.models import Article
from assistant.text import sentence_spans

MB = 1_000_000
STORY = (
    "The harbour authority in Port Elena approved a new ferry terminal on Tuesday. "
    "Director Maria Okafor said the terminal would open in 2026. "
)


def load(name: str, data: bytes, tmp_path: Path, **kwargs):
    path = tmp_path / name
    path.write_bytes(data)
    notes: list[str] = []
    articles = load_file(path, data, name, 5 * MB, notes=notes, **kwargs)
    return articles, notes


# ---- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding",
    ["utf-16", "utf-16-le", "utf-16-be", "utf-32"],  # "utf-16"/"utf-32" write a BOM, -le/-be do not
)
def test_utf16_and_utf32_are_decoded_not_called_binary(tmp_path, encoding):
    text = "Port Elena News\n\nFerry terminal approved\n\n" + STORY + "Señor Ruiz welcomed it.\n"
    [article], _ = load("story.txt", text.encode(encoding), tmp_path)
    assert "Maria Okafor" in article.text and "Señor Ruiz" in article.text
    assert article.title == "Ferry terminal approved"


def test_latin1_is_read_as_western_not_baltic(tmp_path):
    text = "El señor García dijo que la economía crecerá este año. Los niños jugaron en el parque de la ciudad.\n"
    [article], notes = load("es.txt", text.encode("latin-1"), tmp_path)
    assert "señor" in article.text and "seńor" not in article.text
    assert "niños" in article.text and not notes


def test_uncertain_non_western_guess_is_noted(tmp_path):
    text = "Prezydent powiedział, że Polska będzie silniejsza. Źródło podało, że rząd zbierze się jutro.\n"
    notes: list[str] = []
    decoded = decode(text.encode("cp1250"), notes)
    assert "powiedział" in decoded or notes  # either right, or the user is told the guess is uncertain


def test_shift_jis_sentences_are_not_all_headings(tmp_path):
    text = (
        "日本ニュース\n首相が会見\n"
        "日本の首相は月曜日に記者会見を開いた。経済政策について詳しく説明した。\n"
        "野党は強く反発した。「説明が足りない」と述べた。\n"
    )
    [article], _ = load("ja.txt", text.encode("shift_jis"), tmp_path)
    assert article.title == "首相が会見" and article.source == "日本ニュース"
    assert "経済政策" in article.text
    sentences = [article.text[s:e] for s, e in sentence_spans(article.text)]
    assert sentences == [
        "日本の首相は月曜日に記者会見を開いた。",
        "経済政策について詳しく説明した。",
        "野党は強く反発した。",
        "「説明が足りない」と述べた。",
    ]


def test_cjk_quote_followed_by_text_is_one_sentence():
    text = "「本当か？」と記者は尋ねた。答えはなかった。"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["「本当か？」と記者は尋ねた。", "答えはなかった。"]


# ---- JSON that used to stop the whole ingest -----------------------------------------------


def test_deeply_nested_json_is_skipped_with_a_reason(tmp_path):
    with pytest.raises(SkipFile, match="nested too deeply"):
        load("deep.json", b"[" * 100_000 + b"]" * 100_000, tmp_path)
    with pytest.raises(SkipFile, match="line 2 nested too deeply"):
        load("deep.jsonl", b'{"text": "Fine."}\n' + b"[" * 100_000 + b"]" * 100_000, tmp_path)


def test_lone_surrogate_in_json_is_replaced(tmp_path):
    record = {"title": "Bad \\ud800 title", "text": "The mayor spoke \\ud800 at noon.\\udfff It rained."}
    raw = json.dumps(record).replace("\\\\", "\\").encode()
    assert b"\\ud800" in raw
    [article], _ = load("s.json", raw, tmp_path)
    assert "\ud800" not in article.text and "\ufffd" in article.text
    article.text.encode("utf-8")  # would raise with a lone surrogate left in
    article.title.encode("utf-8")
    json.dumps(article.model_dump(), ensure_ascii=False).encode("utf-8")


def test_control_characters_and_odd_line_breaks_are_cleaned():
    clean = clean_page("Head\x00line\x1b\n\nFirst sentence.\x0cSecond sentence.\u2028Third.\r\nFourth.")
    assert "\x00" not in clean.body and "\x1b" not in clean.body
    assert clean.body.split("\n") == ["First sentence.", "Second sentence.", "Third.", "Fourth."]


# ---- long text: linear splitting, bounded memory, a cap -------------------------------------


def _one_line(chars: int) -> str:
    sentence = STORY.replace("\n", " ")
    return (sentence * (chars // len(sentence) + 1))[:chars]


def test_sentence_spans_of_one_long_line_take_linear_time():
    sentence_spans("Warm up. The model loads once.")
    times = {}
    for size in (250_000, 1_000_000):
        text = _one_line(size)
        started = time.perf_counter()
        spans = sentence_spans(text)  # NLTK's regex guard raised TimeoutError here before
        times[size] = time.perf_counter() - started
        assert len(spans) > size // 200
        assert all(a < b for a, b in spans) and all(b <= c for (_, b), (c, _) in zip(spans, spans[1:], strict=False))
    assert times[1_000_000] < 20
    assert times[1_000_000] < 8 * times[250_000] + 1  # 4x the text, not 16x the time


@pytest.mark.parametrize("text", ["word " * 200_000, "x" * 1_000_000, "a.b" * 300_000])
def test_text_without_sentence_ends_is_split_in_bounded_pieces(text):
    spans = sentence_spans(text)
    assert spans and max(e - s for s, e in spans) <= 20_000
    assert text[spans[0][0] : spans[-1][1]].strip()


def test_splitting_counts_tokens_in_bounded_batches_and_linear_time():
    """The tokenizer never sees the whole text at once (that cost gigabytes), and the work grows linearly."""
    batches: list[int] = []

    def count(texts: list[str]) -> list[int]:
        batches.append(len(texts))
        return [len(t) // 5 + 1 for t in texts]  # about one word piece per five characters

    def run(size: int) -> tuple[float, list]:
        article = Article(doc_id="big", path="/big.txt", text=_one_line(size) + " " + "x" * 5000)
        started = time.perf_counter()
        passages = split_article(article, count, 200)
        return time.perf_counter() - started, passages

    small, _ = run(200_000)
    big, passages = run(1_000_000)
    assert max(batches) <= chunking._BATCH
    assert big < 8 * small + 1
    assert all(p.text == _one_line(1_000_000)[p.start : p.end] for p in passages[:50])
    assert all(p.end - p.start < 5000 for p in passages)  # the long run of x's was cut too


def test_article_over_the_cap_is_cut_at_a_sentence_end_with_a_note(tmp_path):
    [article], notes = load("long.txt", _one_line(60_000).encode(), tmp_path, max_article_chars=10_000)
    assert 5_000 < len(article.text) <= 10_000 and article.text.endswith(".")
    [note] = notes
    assert "cut to its first" in note and "max_article_chars" in note


def test_cap_setting_exists_and_is_validated():
    from assistant.config import Config
    from assistant.errors import ConfigError

    config = Config.load(env={"ASSISTANT_MAX_ARTICLE_CHARS": "50000"})
    assert config.ingest.max_article_chars == 50_000 and config.ingest.follow_symlinks_outside is False
    with pytest.raises(ConfigError):
        Config.load(env={"ASSISTANT_MAX_ARTICLE_CHARS": "10"})


# ---- the scanner: symlinks, loops, special files ------------------------------------------


def _reasons(skipped) -> dict[str, str]:
    return {Path(p).name: r for p, r in skipped}


def test_symlinks_do_not_leave_the_scanned_folder(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "far.txt").write_text(STORY)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(STORY)
    (docs / "passwd.txt").symlink_to(outside)
    (docs / "far").symlink_to(tmp_path / "elsewhere")
    (docs / "again.txt").symlink_to(docs / "good.txt")

    files, folders, skipped = scan([docs])
    assert [rel for _, rel in files] == ["good.txt"] and folders == [docs.resolve()]
    reasons = _reasons(skipped)
    assert "outside the scanned folder" in reasons["passwd.txt"] and "follow_symlinks_outside" in reasons["passwd.txt"]
    assert "outside the scanned folder" in reasons["far"]
    assert "inside the scanned folder" in reasons["again.txt"]

    files, _, skipped = scan([docs], follow_symlinks_outside=True)
    assert sorted(rel for _, rel in files) == ["far/far.txt", "good.txt", "passwd.txt"]


def test_symlink_loops_dangling_links_and_fifos_are_reported(tmp_path):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "story.txt").write_text(STORY)
    (docs / "a.txt").symlink_to(docs / "b.txt")
    (docs / "b.txt").symlink_to(docs / "a.txt")
    (docs / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (docs / "sub" / "up").symlink_to(docs)
    os.mkfifo(docs / "pipe.txt")
    (docs / ".hidden.txt").write_text(STORY)

    started = time.perf_counter()
    files, _, skipped = scan([docs], follow_symlinks_outside=True)
    assert time.perf_counter() - started < 5
    assert [rel for _, rel in files] == ["sub/story.txt"]
    reasons = _reasons(skipped)
    assert "symlink loop" in reasons["a.txt"] and "symlink loop" in reasons["b.txt"]
    assert "broken symlink" in reasons["gone.txt"]
    assert "not a regular file" in reasons["pipe.txt"]
    assert "up" in reasons  # points to a folder being scanned: reported, not followed
    assert ".hidden.txt" not in reasons


def test_names_that_are_not_utf8_are_skipped_with_a_printable_label(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    os.close(os.open(os.fsencode(docs) + b"/caf\xe9.txt", os.O_CREAT | os.O_WRONLY))
    _, _, skipped = scan([docs])
    [(label, reason)] = skipped
    label.encode("utf-8")
    assert "not valid UTF-8" in reason and "caf" in label


def test_missing_path_and_dangling_root_are_reported(tmp_path):
    (tmp_path / "link").symlink_to(tmp_path / "nothing")
    _, _, skipped = scan([tmp_path / "missing", tmp_path / "link"])
    reasons = _reasons(skipped)
    assert reasons["missing"] == "no such file or folder" and "broken symlink" in reasons["link"]
