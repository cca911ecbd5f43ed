"""encoder = "torch" encodes questions with a numpy forward pass of the bundled model: the same vectors, no torch.

The real bundled weights on both sides, no mocks: the numpy vectors against the SentenceTransformer's
(`embedder.model`, which the session `embedder` fixture loads on first use), and a question answered
through the serve path in a fresh interpreter that must not import torch.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigError
from assistant.index import numpy_encoder
from assistant.index.embedding import QUESTION_TEXTS, Embedder, resolve_model
from assistant.index.numpy_encoder import NumpyEncoder, check_model, erf, unsupported

ROOT = Path(__file__).resolve().parent.parent
LONG = (
    "The dollar fell sharply against the euro on Tuesday after weaker than expected US jobs figures, "
    "and traders said the Federal Reserve might slow the pace of its interest rate rises. "
) * 12  # ~430 word pieces: past the 256-piece window, which both sides must cut the same way
TEXTS = [
    "Who is the chief executive of the airline?",
    "What did Psaki say about strategic patience?",
    "Who will Henman face in the final?",
    "How much did shares in the mobile phone maker rise?",
    "When was the merger announced?",
    "Why did the dollar fall?",
    "What is the capital of France?",
    "Rain",
    "?",
    "",
    "   ",
    "\n\t ",
    "a",
    "The",
    "Kim said North Korea would react to any developments.",
    "Ünïcödé: naïve café, São Paulo, Zürich, Kraków and Ærøskøbing.",
    "東京で会議が開かれた。経済成長率は2%だった。",
    "Москва и Санкт-Петербург — крупнейшие города России.",
    "السلام عليكم ورحمة الله",
    "Emoji 🙂🚀 and “curly quotes” — dashes … ellipses",
    "ALL CAPS HEADLINE: MARKETS PLUNGE 5.3% ON FRIDAY!!!",
    "e-mail: someone@example.com, url https://example.com/a?b=c&d=e",
    "1234567890 3.14159 £5bn $2.3m €400,000",
    "word " * 300,
    LONG,
    LONG[:600],
    "supercalifragilisticexpialidocious antidisestablishmentarianism " * 40,
    "x" * 2000,
    "Tim Henman reached the final in Rotterdam on Saturday. He beat the Swiss player in three sets.",
    "Shares in the mobile phone maker rose 5% after it said profits would beat forecasts this year, "
    "helped by strong sales of its new handsets in Asia and Europe.",
]


@pytest.fixture(scope="module")
def numpy_side() -> NumpyEncoder:
    return NumpyEncoder(resolve_model("")[0])


@pytest.mark.slow
def test_numpy_vectors_are_the_sentence_transformers_vectors(numpy_side, embedder):
    assert len(TEXTS) >= 30
    reference = embedder.model.encode(TEXTS, normalize_embeddings=True, convert_to_numpy=True, batch_size=64)
    alone = np.vstack([numpy_side.encode([t]) for t in TEXTS])  # one text a pass: what a question is
    batched = numpy_side.encode(TEXTS)  # sorted, padded batches: the attention mask must hide the padding
    for vectors in (alone, batched):
        assert vectors.shape == reference.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
        assert np.abs(vectors - reference).max() <= 1e-5, np.abs(vectors - reference).max(axis=1)
        assert (vectors * reference).sum(axis=1).min() >= 0.99999
    # The same word pieces, truncated to the same window: 256 with [CLS] and [SEP].
    ids = embedder.model.tokenizer(TEXTS, truncation=True, max_length=embedder.window + 2)["input_ids"]
    assert [e.ids for e in numpy_side.tokenizer.encode_batch(TEXTS)] == ids
    assert max(map(len, ids)) == 256


@pytest.mark.slow
def test_the_embedder_encodes_questions_with_numpy_and_the_rest_with_torch(embedder):
    assert embedder._numpy is not None and embedder.encoder == "torch" and embedder.name == "all-MiniLM-L6-v2"
    assert (embedder.dim, embedder.window) == (384, 254)
    question = ["What did Psaki say about strategic patience?"]
    assert np.array_equal(embedder.encode(question), embedder._numpy.encode(question))
    many = (TEXTS * 2)[: QUESTION_TEXTS + 1]
    reference = embedder.model.encode(many, normalize_embeddings=True, convert_to_numpy=True, batch_size=64)
    assert np.allclose(embedder.encode(many), reference, atol=1e-6)  # a batch past QUESTION_TEXTS: torch
    assert embedder.encode([]).shape == (0, 384)


@pytest.mark.slow
def test_a_question_on_the_serve_path_does_not_import_torch(seed_assistant, tmp_path):
    """What the server does before its first answer (web/service.py `_start`), in a fresh interpreter."""
    index = tmp_path / "index"
    shutil.copytree(seed_assistant.config.index_dir, index)
    script = (
        "import sys\n"
        "from assistant import Assistant, Config\n"
        "from assistant.web.service import _thinc_without_torch\n"
        f"config = Config.load(env={{}}, index_dir={str(index)!r}, data_dir={str(tmp_path)!r})\n"
        "assistant = Assistant(config)\n"
        "assistant.embedder\n"
        "_thinc_without_torch()\n"
        "assistant.warm_up()\n"
        "reply = assistant.ask('What did Psaki say about strategic patience?')\n"
        "assert 'patience' in reply.answer.lower(), reply.answer\n"
        "assert assistant.embedder.encoder == 'torch'\n"
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))\n"
        "assert 'torch' not in sys.modules\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
    meta = json.loads((index / (index / "CURRENT").read_text().strip() / "meta.json").read_text())
    assert meta["encoder"] == "torch"  # the index built by the torch side is the one the numpy side answers from


def test_erf_is_within_1e_7_of_math_erf():
    x = np.linspace(-7.0, 7.0, 280_001)
    exact = np.array([math.erf(v) for v in x])
    assert np.abs(erf(x) - exact).max() <= 1e-7
    assert erf(np.array([0.0]))[0] == 0.0


def _model_copy(tmp_path: Path) -> Path:
    """The bundled model's folder, its settings copied (to edit) and its weights linked."""
    folder = tmp_path / "model"
    shutil.copytree(resolve_model("")[0], folder, ignore=shutil.ignore_patterns("*.safetensors"))
    (folder / numpy_encoder.WEIGHTS).symlink_to(Path(resolve_model("")[0]) / numpy_encoder.WEIGHTS)
    return folder


def test_a_model_it_would_get_wrong_is_refused(tmp_path):
    folder = _model_copy(tmp_path)
    assert unsupported(folder) is None
    pooling = folder / "1_Pooling" / "config.json"
    settings = json.loads(pooling.read_text())
    pooling.write_text(json.dumps(settings | {"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}))
    with pytest.raises(ConfigError, match="pooling_mode_cls_token"):
        check_model(folder)
    with pytest.raises(ConfigError):
        NumpyEncoder(folder)
    pooling.write_text(json.dumps(settings))
    modules = json.loads((folder / "modules.json").read_text())
    (folder / "modules.json").write_text(json.dumps(modules[:2]))  # no Normalize
    with pytest.raises(ConfigError, match="modules"):
        check_model(folder)
    (folder / "modules.json").write_text(json.dumps(modules))
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps(config | {"hidden_act": "gelu_new"}))
    with pytest.raises(ConfigError, match="gelu"):
        check_model(folder)
    (folder / "config.json").write_text(json.dumps(config))
    (folder / numpy_encoder.WEIGHTS).rename(folder / "pytorch_model.bin")  # the file's name is what counts here
    assert "pytorch_model.bin" in unsupported(folder)
    assert unsupported(tmp_path / "missing") and unsupported("sentence-transformers/some-hub-model")


@pytest.mark.slow
def test_a_model_without_safetensors_falls_back_to_torch(tmp_path, embedder):
    """pytorch_model.bin only: the Embedder serves everything with the SentenceTransformer, as before."""
    folder = _model_copy(tmp_path)
    import torch
    from safetensors.numpy import load_file

    weights = {name: torch.from_numpy(value.copy()) for name, value in load_file(folder / "model.safetensors").items()}
    torch.save(weights, folder / "pytorch_model.bin")
    (folder / "model.safetensors").unlink()
    fallback = Embedder(str(folder))
    assert fallback._numpy is None and fallback.model is not None
    assert (fallback.dim, fallback.window) == (384, 254)
    question = ["Who will Henman face in the final?"]
    assert np.allclose(fallback.encode(question), embedder.encode(question), atol=1e-5)


def test_weights_are_memory_mapped_and_read_only():
    weights = numpy_encoder.load_weights(Path(resolve_model("")[0]) / numpy_encoder.WEIGHTS)
    words = weights["embeddings.word_embeddings.weight"]
    assert words.shape == (30522, 384) and words.dtype == np.float32
    assert not words.flags.writeable and not words.flags.owndata
