"""Prompt templates for the language-model backends, read from `prompts/*.txt` at run time.

Prompts live in text files so they can be tuned without touching code; they are
read on each load (not cached at import) so an edited template takes effect on
the next Assistant. Placeholders are `{name}` and are filled by plain string
replacement, never `str.format`, so braces inside a template or inside article
text cannot break rendering or be interpreted.

Retrieved passages are rendered inside a `<sources>` block, one `<source n=...>`
element each, and the templates tell the model that this block is data, not
instructions. Tag-like text inside an article is stripped so an article cannot
close its own source element and pose as the prompt. Sentences that address the
model directly ("ignore your instructions ...") are withheld from the prompt
(see `injection`): a news passage gains nothing from them, and a small model
cannot be trusted to ignore them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from assistant.answering.injection import redact_instructions
from assistant.errors import PromptError
from assistant.models import Source
from assistant.retrieval.condense import Turn

# The top-level prompts/ folder ships inside the wheel as the `assistant.prompts`
# package (pyproject's package-dir maps it), so templates load the same from a
# checkout, an editable install and a wheel.
PROMPTS_PACKAGE = "assistant.prompts"
_NAMES = ("system", "answer", "condense")
_PLACEHOLDERS = {"answer": ("{sources}", "{question}"), "condense": ("{history}", "{question}")}
_MARKER = re.compile(r"\s*\[\d+\]")
ANSWER_CHARS = 300  # of each earlier answer shown to the rewrite: its first sentence or two
_TAG = re.compile(r"</?\s*sources?\b[^>]*>", re.I)


def packaged_prompts() -> Traversable:
    """The templates shipped with the package.

    An editable install imports `assistant` from the checkout, where setuptools'
    package-dir mapping does not apply; there prompts/ sits beside the package.
    """
    try:
        return resources.files(PROMPTS_PACKAGE)
    except ModuleNotFoundError:
        return resources.files("assistant").parent / "prompts"


@dataclass(frozen=True)
class Prompts:
    system: str
    answer: str
    condense: str

    @classmethod
    def load(cls, directory: Path | Traversable | None = None) -> Prompts:
        """Templates from `directory` (the `llm.prompts_dir` setting) or the packaged ones."""
        directory = directory if directory is not None else packaged_prompts()
        texts = {}
        for name in _NAMES:
            path = directory / f"{name}.txt"
            if not path.is_file():
                raise PromptError(f"prompt template not found: {path}")
            texts[name] = path.read_text(encoding="utf-8").strip()
        for name, needed in _PLACEHOLDERS.items():
            missing = [p for p in needed if p not in texts[name]]
            if missing:
                path = directory / f"{name}.txt"
                raise PromptError(f"{path}: missing placeholder(s) {', '.join(missing)}")
        return cls(**texts)

    def answer_messages(self, question: str, sources: list[Source]) -> list[tuple[str, str]]:
        """(role, content) pairs for an answer request."""
        user = fill(self.answer, sources=format_sources(sources), question=question)
        return [("system", self.system), ("user", user)]

    def condense_messages(self, question: str, history: list[Turn]) -> list[tuple[str, str]]:
        """The rewrite prompt with each earlier question and, when known, the start of its answer.

        The answer is what a "he" or "that" most often points at ("Who chairs the inquiry?" ->
        "Jane Doe ..."; "When was she appointed?"), so the model sees it, without citation markers.
        """
        lines = []
        for turn in history:
            if turn.question.strip():
                lines.append(f"- Q: {turn.question.strip()}")
                answer = " ".join(_MARKER.sub("", turn.answer).split())
                if answer:
                    lines.append(f"  A: {answer[:ANSWER_CHARS]}{'...' if len(answer) > ANSWER_CHARS else ''}")
        return [("user", fill(self.condense, history="\n".join(lines), question=question))]


def fill(template: str, **values: str) -> str:
    """Replace `{name}` placeholders in one pass so a value containing `{other}` stays literal."""
    pattern = re.compile("|".join(re.escape("{" + k + "}") for k in values))
    return pattern.sub(lambda m: values[m.group()[1:-1]], template)


def format_sources(sources: list[Source]) -> str:
    """Number the passages as the model must cite them: [n] is sources[n-1]."""
    blocks = []
    for source in sources:
        title = _attr(source.article.title)
        outlet = _attr(source.article.source or "")
        text = redact_instructions(_TAG.sub(" ", source.passage.text)).strip()
        blocks.append(f'<source n="{source.n}" title="{title}" outlet="{outlet}">\n{text}\n</source>')
    return "\n".join(blocks)


def _attr(value: str) -> str:
    return _TAG.sub(" ", value).replace('"', "'").replace("\n", " ").strip()
