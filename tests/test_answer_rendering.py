"""How a claim with an added referent and an answer phrase is shown in the chat and embed page."""

from assistant.web.views import answer_message, claim_html

ARTICLE = "Jen Psaki is the press secretary. She said the review was complete."
QUOTE = "She said the review was complete."
START = ARTICLE.index(QUOTE)


def citation(**extra) -> dict:
    return {"n": 1, "title": "Briefing", "quote": QUOTE, "start": START, "end": START + len(QUOTE), **extra}


def test_insertion_is_marked_as_added_and_the_phrase_is_emphasised() -> None:
    phrase_start = ARTICLE.index("the review was complete")
    c = citation(
        insertion="Jen Psaki", answer_start=phrase_start, answer_end=phrase_start + len("the review was complete")
    )
    html = claim_html(f"[Jen Psaki] {QUOTE} ", c)
    assert '<span class="insertion"' in html and "[Jen Psaki]</span>" in html
    assert '<strong class="answer-phrase">the review was complete</strong>' in html
    assert html.index("insertion") < html.index("She said")


def test_claim_without_extras_is_plain_escaped_text() -> None:
    html = claim_html("<b>x</b>", citation())
    assert "<b>" not in html and "insertion" not in html and "answer-phrase" not in html


def test_answer_bubble_uses_the_claim_rendering() -> None:
    answer = {"answer": f"[Jen Psaki] {QUOTE} [1]", "refused": False, "citations": [citation(insertion="Jen Psaki")]}
    html = answer_message(answer, turn=1)
    assert html.count('class="insertion"') == 1 and "She said" in html


def test_a_rewritten_follow_up_shows_what_was_searched() -> None:
    answer = {"question": "Where does he teach?", "standalone_question": "Where does Leif-Eric Easley teach?",
              "answer": "x [1]", "refused": False, "citations": [citation()]}  # fmt: skip
    assert "searched for: Where does Leif" in answer_message(answer, turn=2)
    assert "searched for" not in answer_message({**answer, "standalone_question": answer["question"]}, turn=2)
    assert "searched for" in answer_message({**answer, "refused": True}, turn=2)
