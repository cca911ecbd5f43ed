"""encoder = "onnx-int8": the real export and quantization of the bundled model, no mocks.

One export per session (in a tmp cache, ~10 s), shared by the tests below; the torch side is the
session `embedder` fixture.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, Config
from assistant.errors import EncoderUnavailableError, IndexUnusableError, user_message
from assistant.index.embedding import Embedder

pytest.importorskip("onnxruntime", reason="onnxruntime is not installed: pip install 'news-assistant[onnx]'")
pytestmark = pytest.mark.slow

SENTENCES = [
    "The dollar fell against the euro on Tuesday after weak US jobs figures.",
    "Kim said North Korea would react to any developments.",
    "Shares in the mobile phone maker rose 5%.",
    "Who is the chief executive of the airline?",
    "Rain",
]
STORIES = {
    "dollar.txt": "Dollar slides on jobs data\n\nThe dollar fell sharply against the euro on Tuesday after "
    "weaker than expected US jobs figures. Traders said the Federal Reserve might slow its rate rises.",
    "tennis.txt": "Henman reaches final\n\nTim Henman reached the final in Rotterdam on Saturday. "
    "He beat the Swiss player in three sets and will face Roger Federer on Sunday.",
}


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("encoders")


@pytest.fixture(scope="session")
def onnx_embedder(onnx_cache) -> Embedder:
    return Embedder(encoder="onnx-int8", cache_dir=onnx_cache)


def test_int8_vectors_are_close_to_torch(onnx_embedder, embedder):
    fast, reference = onnx_embedder.encode(SENTENCES), embedder.encode(SENTENCES)
    assert fast.shape == reference.shape == (len(SENTENCES), 384)
    assert fast.dtype == np.float32
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-4)
    cosine = (fast * reference).sum(axis=1)
    assert cosine.min() > 0.97, cosine
    assert onnx_embedder.count_tokens(SENTENCES) == embedder.count_tokens(SENTENCES)
    assert (onnx_embedder.name, onnx_embedder.dim, onnx_embedder.window) == (embedder.name, embedder.dim, 254)


def test_export_is_cached_complete_and_reused(onnx_embedder, onnx_cache):
    folders = [p for p in onnx_cache.iterdir()]
    assert len(folders) == 1 and folders[0].name.startswith("all-MiniLM-L6-v2-int8-")
    assert sorted(p.name for p in folders[0].iterdir()) == ["export.json", "model.onnx"]  # no fp32 or temp file
    onnx_file = folders[0] / "model.onnx"
    stamp = onnx_file.stat().st_mtime_ns
    again = Embedder(encoder="onnx-int8", cache_dir=onnx_cache)  # a second load: no second export
    assert onnx_file.stat().st_mtime_ns == stamp
    assert [p.name for p in onnx_cache.iterdir()] == [folders[0].name]
    assert np.allclose(again.encode(SENTENCES[:2]), onnx_embedder.encode(SENTENCES[:2]))


def _write_stories(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name, text in STORIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_setting_selects_it_end_to_end_and_the_index_records_it(tmp_path, onnx_cache):
    data = _write_stories(tmp_path / "data")
    env = {"ASSISTANT_ENCODER": "onnx-int8", "ASSISTANT_ENCODER_CACHE_DIR": str(onnx_cache)}
    config = Config.load(env=env, index_dir=tmp_path / "index", data_dir=data)
    assert config.index.encoder == "onnx-int8"
    assistant = Assistant(config)
    report = assistant.ingest([data])
    assert sorted(Path(p).name for p in report.added) == ["dollar.txt", "tennis.txt"]
    assert assistant.embedder.encoder == "onnx-int8"
    answer = assistant.ask("Who will Henman face in the final?")
    assert not answer.refused
    assert answer.citations[0].doc_id == "tennis.txt"
    assert "Federer" in answer.answer
    generation = (tmp_path / "index" / "CURRENT").read_text().strip()
    meta = json.loads((tmp_path / "index" / generation / "meta.json").read_text())
    assert (meta["encoder"], meta["model"]) == ("onnx-int8", "all-MiniLM-L6-v2")
    assert assistant.index_info()["encoder"] == "onnx-int8"


def test_an_index_of_the_other_encoder_is_refused_until_rebuilt(tmp_path, onnx_embedder, embedder):
    data = _write_stories(tmp_path / "data")
    torch_side = Assistant(Config.load(env={}, index_dir=tmp_path / "index", data_dir=data), embedder=embedder)
    torch_side.ingest([data])
    onnx_config = Config.load(env={}, index_dir=tmp_path / "index", data_dir=data, encoder="onnx-int8")
    onnx_side = Assistant(onnx_config, embedder=onnx_embedder)
    with pytest.raises(IndexUnusableError) as asked:
        onnx_side.ask("Who will Henman face in the final?")
    message = user_message(asked.value)
    assert "encoder 'torch'" in message and "'onnx-int8'" in message and "assistant ingest --rebuild" in message
    assert 'encoder = "torch"' in message and "ASSISTANT_ENCODER" in message
    with pytest.raises(IndexUnusableError, match="--rebuild"):  # an incremental ingest would mix the two
        onnx_side.ingest([data])
    onnx_side.ingest([data], rebuild=True)
    assert onnx_side.index_info()["encoder"] == "onnx-int8"
    assert not onnx_side.ask("Who will Henman face in the final?").refused
    # and back: the torch side now refuses the int8 index
    with pytest.raises(IndexUnusableError, match="built with encoder 'onnx-int8'"):
        Assistant(torch_side.config, embedder=embedder).ask("Who will Henman face in the final?")


def test_an_index_from_before_the_setting_counts_as_torch(tmp_path, embedder):
    data = _write_stories(tmp_path / "data")
    assistant = Assistant(Config.load(env={}, index_dir=tmp_path / "index", data_dir=data), embedder=embedder)
    assistant.ingest([data])
    folder = tmp_path / "index" / (tmp_path / "index" / "CURRENT").read_text().strip()
    meta = json.loads((folder / "meta.json").read_text())
    del meta["encoder"]
    (folder / "meta.json").write_text(json.dumps(meta))
    fresh = Assistant(assistant.config, embedder=embedder)
    assert not fresh.ask("Who will Henman face in the final?").refused


def test_without_onnxruntime_the_error_names_the_install_command(tmp_path):
    """A child process where `import onnxruntime` fails, as in an install without the extra."""
    script = (
        "import sys; sys.modules['onnxruntime'] = None\n"
        "from assistant.errors import EncoderUnavailableError, ConfigError, surface_for\n"
        "from assistant.index.embedding import Embedder\n"
        "try:\n"
        f"    Embedder(encoder='onnx-int8', cache_dir={str(tmp_path)!r})\n"
        "except EncoderUnavailableError as exc:\n"
        "    assert isinstance(exc, ConfigError) and surface_for(exc).exit_code == 2\n"
        "    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "pip install 'news-assistant[onnx]'" in out.stdout and 'encoder = "torch"' in out.stdout
    assert not list(tmp_path.iterdir())  # nothing exported
    assert issubclass(EncoderUnavailableError, Exception)


def test_its_inputs_are_the_transformers_tokenizers_to_the_token(onnx_embedder):
    """The int8 encoder tokenizes with `tokenizers` directly; a drift from what transformers gives
    the torch model (padding, truncation at the window, type ids) would move every vector."""
    from transformers import AutoTokenizer

    from assistant.index.embedding import resolve_model

    auto = AutoTokenizer.from_pretrained(resolve_model("")[0])
    long_story = " ".join(STORIES.values()) * 12  # beyond the 256-token window: truncated the same way
    texts = [*SENTENCES, long_story, "Café naïve — “quoted” 日本語 🙂", ""]
    expected = auto(texts, padding=True, truncation=True, max_length=256, return_tensors="np")
    given = onnx_embedder._onnx._batch_tokenizer(texts)
    for name in ("input_ids", "attention_mask", "token_type_ids"):
        assert given[name].dtype == np.int64
        assert np.array_equal(given[name], expected[name]), name
    assert given["input_ids"].shape[1] == 256
    assert onnx_embedder.count_tokens(texts) == [len(i) for i in auto(texts, add_special_tokens=False)["input_ids"]]


def test_it_loads_without_importing_torch_or_transformers(onnx_embedder, onnx_cache):
    """What makes it the fast-start encoder: importing torch alone costs seconds of a server's start."""
    script = (
        "import sys\n"
        "from assistant.index.embedding import Embedder\n"
        f"e = Embedder(encoder='onnx-int8', cache_dir={str(onnx_cache)!r})\n"
        "assert e.encode(['Who will Henman face?']).shape == (1, 384)\n"
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
