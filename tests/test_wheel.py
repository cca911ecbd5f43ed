"""The built wheel works on its own: packaged prompts load, and generator = openai answers.

The wheel is built from a copy of the project and installed into a fresh venv
whose only view of the checkout's dependencies is a .pth line to .venv's
site-packages, added after its own. The editable install's import hook lives in
a .pth file of .venv that a fresh venv never runs, and the subprocess starts in
an empty folder, so `import assistant` can only find the installed wheel (the
test asserts it). The language model is a scripted OpenAI-compatible server on
127.0.0.1 in this process; the subprocess ingests a one-article corpus with the
real embedding model and asks through it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.llm_helpers import ScriptedChatServer, prompt_of, source_with

pytestmark = pytest.mark.slow  # builds a wheel and loads the real model in a subprocess

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ["pyproject.toml", "README.md", "assistant", "prompts"]

ARTICLE = """Valley Herald

Quake shakes valley

A magnitude 5.1 earthquake struck Ridgeway on Sunday morning.
Fire chief Omar Haddad said no one was hurt.
"""

PROBE = r"""
import json, sys
from pathlib import Path

import assistant
from assistant import Assistant, Config
from assistant.llm.prompts import Prompts, packaged_prompts

corpus, index, url = sys.argv[1:4]
prompts = Prompts.load()
config = Config.load(env={}, index_dir=index, generator="openai", llm_base_url=url, llm_max_retries=0)
bot = Assistant(config)
bot.ingest([corpus])
answer = bot.ask("Who is the fire chief?")
print(json.dumps({
    "assistant_file": assistant.__file__,
    "prompts_at": str(packaged_prompts() / "system.txt"),
    "prompts": {"system": prompts.system, "answer": prompts.answer, "condense": prompts.condense},
    "answer": answer.model_dump(),
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel of the project as it is now, built from a copy so the checkout gets no build/ folder."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    source.mkdir()
    for name in PROJECT_FILES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    dist = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q"]
        + ["-w", str(dist), str(source)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    [built] = dist.glob("news_assistant-*.whl")
    return built


@pytest.fixture(scope="module")
def fresh_venv(wheel, tmp_path_factory) -> tuple[Path, Path]:
    """(python, site-packages) of a new venv holding the wheel; dependencies come from .venv, after it."""
    venv = tmp_path_factory.mktemp("venv") / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    deps = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "zz_project_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    return python, site


def test_wheel_holds_every_module_and_the_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {str(p.relative_to(ROOT)) for p in (ROOT / "assistant").rglob("*.py") if "__pycache__" not in p.parts}
    assert not modules - names, f"modules missing from the wheel: {sorted(modules - names)}"
    for prompt in sorted((ROOT / "prompts").glob("*.txt")):
        assert f"assistant/prompts/{prompt.name}" in names
    data = {str(p.relative_to(ROOT)) for p in (ROOT / "assistant").rglob("*.json")}
    assert not data - names, f"data files missing from the wheel: {sorted(data - names)}"


def test_installed_wheel_answers_with_generator_openai(fresh_venv, tmp_path):
    python, site = fresh_venv
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "quake.txt").write_text(ARTICLE, encoding="utf-8")
    work = tmp_path / "elsewhere"  # no assistant/ and no assistant.toml here
    work.mkdir()

    def reply(body: dict) -> str:
        prompt = prompt_of(body)
        if "<sources>" not in prompt:  # a follow-up rewrite: nothing to rewrite
            return "Who is the fire chief?"
        return f"Fire chief Omar Haddad said no one was hurt [{source_with(prompt, 'Omar Haddad')}]."

    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "PYTHON"))}
    env["HF_HUB_OFFLINE"] = "1"
    with ScriptedChatServer(reply) as server:
        run = subprocess.run(
            [str(python), "-c", PROBE, str(corpus), str(tmp_path / "index"), server.url],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])

    # the wheel, not the checkout, was imported, and its templates are the project's prompts/
    assert Path(out["assistant_file"]).resolve().is_relative_to(site.resolve()), out["assistant_file"]
    assert Path(out["prompts_at"]).resolve().is_relative_to(site.resolve()), out["prompts_at"]
    for name, text in out["prompts"].items():
        assert text == (ROOT / "prompts" / f"{name}.txt").read_text(encoding="utf-8").strip()

    # the model was asked with those templates, and its checked answer came back
    assert server.requests, "the loopback model server was never called"
    assert server.requests[-1]["messages"][0]["content"] == out["prompts"]["system"]
    answer = out["answer"]
    assert answer["generator"] == "openai" and not answer["refused"], answer["generator"]
    assert "Omar Haddad" in answer["answer"] and "[1]" in answer["answer"]
    [citation] = answer["citations"]
    assert "Fire chief Omar Haddad said no one was hurt." in citation["quote"]
    assert citation["title"] == "Quake shakes valley" and citation["source"] == "Valley Herald"
