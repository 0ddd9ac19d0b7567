"""Reading times: what counts as prose, one speed, and no hand-typed reading times in pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storecrm.authoring import reading_time as rt
from storecrm.authoring.reading_report import (
    ReportRow,
    has_practice_prompt,
    practice_prompts,
    reading_report,
    render_report,
)
from storecrm.authoring.tracks import load_tracks, page_source, toc_entries
from storecrm.cli import main
from storecrm.errors import CourseError

ROOT = Path(__file__).resolve().parents[2]

PAGE = """---
jupytext:
  text_representation:
    extension: .md
kernelspec:
  name: python3
---

(a-label)=
# Greet the shopper

% an author's comment
Say hello first. {say}`您好！ / Hello!` See {doc}`the flow <service-flow>`.

```{code-cell} ipython3
:tags: [remove-input]
import pandas as pd
pd.DataFrame()
```

:::{admonition} Key points
:class: tip
- Smile.
:::

```python
print("not prose")
```
"""


def test_only_prose_counts() -> None:
    prose = rt._markdown_prose(PAGE)
    for gone in ("jupytext", "a-label", "comment", "pandas", "remove-input", "tip", "print"):
        assert gone not in prose
    words = re.findall(r"[A-Za-z]+", prose)
    assert (
        " ".join(words) == "Greet the shopper Say hello first Hello See the flow Key points Smile"
    )
    assert "您好" in prose


def test_chinese_characters_count_at_the_stated_share_of_a_word() -> None:
    assert rt.count_words("Hello shopper") == 2
    assert rt.count_words("您好") == pytest.approx(2 * rt.CHINESE_CHARACTER_WORDS)
    assert rt.count_words("¥12.50 a bun") == 3


def test_minutes_round_up_at_one_speed() -> None:
    assert rt.minutes_for_words(0) == 0
    assert rt.minutes_for_words(1) == 1
    assert rt.minutes_for_words(rt.WORDS_PER_MINUTE) == 1
    assert rt.minutes_for_words(rt.WORDS_PER_MINUTE + 1) == 2
    assert rt.quiz_minutes(15) == 15 * rt.SECONDS_PER_QUESTION // 60


def test_a_quiz_page_is_timed_by_its_questions() -> None:
    from storecrm.quiz.bank import load_bank

    page = rt.page_time(ROOT, "chapters/01_crm_basics/quiz")
    questions = len(load_bank(1, root=ROOT, resolve=False).questions)
    assert (page.questions, page.minutes) == (questions, rt.quiz_minutes(questions))


def test_a_module_is_the_sum_of_its_pages() -> None:
    entries = toc_entries(ROOT)
    index = "chapters/03_complaints/index"
    # Every page under the index at any depth: a split lesson nests its later units under it.
    pages = [index]
    for entry in entries:  # toc order: a parent always comes before its children
        if entry.parent in pages:
            pages.append(entry.docname)
    times = [rt.page_time(ROOT, d) for d in pages]
    assert rt.module_time(ROOT, index) == (
        sum(t.minutes for t in times if not t.is_quiz),
        sum(t.minutes for t in times if t.is_quiz),
    )
    tracks = load_tracks(ROOT)
    frontline = [t for t in times if tracks.track_of(t.docname) == "frontline"]
    assert sum(rt.module_time(ROOT, index, "frontline")) == sum(t.minutes for t in frontline)
    assert sum(rt.module_time(ROOT, index, "frontline")) < sum(rt.module_time(ROOT, index))


def test_a_missing_page_is_a_course_error() -> None:
    with pytest.raises(CourseError, match=r"has no \.md or \.ipynb source"):
        rt.page_time(ROOT, "chapters/01_crm_basics/no-such-page")
    with pytest.raises(CourseError, match=r"is not a page in _toc\.yml"):
        rt.module_time(ROOT, "chapters/99_nothing/index")


# A reading time typed by hand: "N minutes" (or "N-M minutes", "N min") on a line that also
# talks about reading, a quiz, an estimated time, a day's plan or how long each unit takes.
# Allowed: exercise durations (a line naming an exercise), workshop timings (the trainer's
# kit, and "a 60-minute plan"), store rules (reply within 15 minutes) and timings inside
# role-plays: they are the time to do something, not to read it. Code is skipped.
_MINUTES = re.compile(r"\b\d+(?:\s*(?:[–-]|to)\s*\d+)?\s+(?:minutes?|mins?)\b", re.IGNORECASE)
_ALLOWED_LINE = re.compile(r"\bexercise", re.IGNORECASE)
_WORKSHOP_PAGES = "book/trainers/"
_READING_WORDS = re.compile(
    r"\b(read|reading|readable|quiz|quizzes|estimated time|a day|each takes)\b", re.IGNORECASE
)


def hand_typed_reading_times(text: str) -> list[str]:
    """Lines of prose that state a reading or quiz time as a typed number of minutes."""
    return [
        line.strip()
        for line in rt._markdown_prose(text).splitlines()
        if _MINUTES.search(line) and _READING_WORDS.search(line) and not _ALLOWED_LINE.search(line)
    ]


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("**Estimated time:** about 75 minutes of reading and practice.", True),
        ("Read one module a day. Each takes 20–40 minutes.", True),
        ("plus 10 minutes for the quiz.", True),
        ("about 20 minutes a day, readable on your phone", True),
        ("Practise in {doc}`/exercises/ex01_first_look` (30-40 minutes).", False),
        ("| Exercise 1: a day of receipts | 30–40 minutes |", False),
        ("Choose the 60- or 90-minute plan; print the quiz handouts.", False),
        ("| Within 15 minutes | You → shift leader | By phone |", False),
        ("**Estimated time:** {readtime}`reading` of reading", False),
    ],
)
def test_the_hand_typed_time_rule(line: str, flagged: bool) -> None:
    assert bool(hand_typed_reading_times(line)) is flagged


def test_no_page_states_a_reading_time_by_hand() -> None:
    found = []
    for entry in toc_entries(ROOT):
        source = page_source(ROOT, entry.docname)
        if (
            source is not None
            and source.suffix == ".md"
            and not entry.docname.startswith(_WORKSHOP_PAGES)
        ):
            text = source.read_text(encoding="utf-8")
            found += [f"{entry.docname}: {line}" for line in hand_typed_reading_times(text)]
    assert found == [], "use the {readtime} role instead:\n" + "\n".join(found)


def test_module_pages_and_the_how_to_page_use_the_computed_times() -> None:
    for index in sorted(ROOT.glob("chapters/*/index.md")):
        text = index.read_text(encoding="utf-8")
        assert "{readtime}`reading`" in text and "{readtime}`quiz`" in text, index
    how_to = (ROOT / "book" / "how-to-use.md").read_text(encoding="utf-8")
    assert "{readtime}`speed`" in how_to and "(reading-times)=" in how_to
    assert len(re.findall(r"\{readtime\}`module:[^`]+ @frontline`", how_to)) == 4
    assert "{readtime}`sum:" in how_to
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    assert "paths/frontline" in intro and "paths/supervisor" in intro and "{readtime}`" in intro


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("## Try it\n\nA shopper asks...", True),
        ("**At our counter: what would you do?** A regular...", True),
        (":::{dropdown} At our counter: what would you do?\n", True),
        (":::{admonition} Try it\nAsk a colleague.\n:::", True),
        ("We try it at the till.", False),
    ],
)
def test_practice_prompts_are_recognised(text: str, found: bool) -> None:
    assert has_practice_prompt(text) is found
    assert practice_prompts(text) == int(found)


def test_practice_prompts_are_counted() -> None:
    text = "## Try it\n\nOne.\n\n**At our counter: what would you do?** Two.\n\nTry it later."
    assert practice_prompts(text) == 2


def test_every_frontline_lesson_is_a_phone_sized_unit_with_one_prompt() -> None:
    """Issue 20.5: 3-5 minutes at the course's speed and exactly one practice prompt."""
    rows = reading_report(ROOT, "frontline")
    assert sum(r.lesson for r in rows) >= 40
    assert {r.docname: r.problem for r in rows if r.problem} == {}


def test_the_report_names_what_is_wrong_with_a_lesson() -> None:
    long_one = ReportRow("chapters/x/long", 900, 6, lesson=True, prompts=2)
    short_one = ReportRow("chapters/x/short", 200, 2, lesson=True, prompts=0)
    good = ReportRow("chapters/x/good", 500, 4, lesson=True, prompts=1)
    index = ReportRow("chapters/x/index", 900, 6, lesson=False, prompts=0)
    assert long_one.problem == "over 5 min; 2 practice prompts, not 1"
    assert short_one.problem == "under 3 min; 0 practice prompts, not 1"
    assert good.problem == index.problem == ""
    report = render_report([long_one, short_one, good, index], "frontline")
    assert "Lessons without exactly one practice prompt: 2" in report
    assert "Lessons under 3 minutes: 1 of 3." in report


def test_the_report_flags_long_lessons_and_the_command_prints_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = reading_report(ROOT, "frontline")
    report = render_report(rows, "frontline")
    for row in rows:
        line = next(x for x in report.splitlines() if x.startswith(row.docname + " "))
        assert line.split()[2] == str(row.minutes)
        assert ("over 5 min" in line) is (row.lesson and row.minutes > 5)
        assert ("under 3 min" in line) is (row.lesson and row.minutes < 3)
    assert main(["book", "reading-times", "--root", str(ROOT)]) == 0
    assert f"at {rt.WORDS_PER_MINUTE} words a minute" in capsys.readouterr().out


def test_the_command_says_where_to_run_it(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["book", "reading-times", "--root", str(tmp_path)]) == 1
    assert "run this from the book's root folder" in capsys.readouterr().err
