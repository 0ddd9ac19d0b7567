"""The training programmes: the shipped file is right, and every kind of mistake is caught.

The shipped ``programmes.yml`` is checked against this repository's book (``_toc.yml``, the
trainer pages, the quiz banks, the exercises). The error tests start from a small valid
programme and break one thing each, asserting the message names the programme, day and block.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from storecrm.authoring.lesson_units import is_lesson_page, lesson_place
from storecrm.authoring.reading_time import page_time
from storecrm.authoring.tracks import load_tracks, toc_entries
from storecrm.errors import CourseError
from storecrm.trainers.programmes import (
    BookIndex,
    ProgrammeError,
    _cards_on,
    default_source,
    load_programmes,
    parse_programmes,
)
from storecrm.trainers.render import (
    day_myst,
    overview_myst,
    page_links_myst,
    programmes_table_myst,
)

REPO = Path(__file__).resolve().parents[2]
PAGES = REPO / "book" / "trainers" / "programmes"


@pytest.fixture(scope="module")
def programmes() -> dict[str, Any]:
    return {p.id: p for p in load_programmes(REPO)}


@pytest.fixture(scope="module")
def book() -> BookIndex:
    return BookIndex(REPO)


# ------------------------------------------------------------------ the shipped programmes
def test_the_four_programmes(programmes) -> None:
    assert list(programmes) == ["induction-week", "half-day-workshop", "full-day-workshop",
                                "data-day"]  # fmt: skip


def test_induction_week_runs_monday_to_friday_with_checks_and_huddles(programmes) -> None:
    week = programmes["induction-week"]
    assert [d.name for d in week.days] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    for day in week.days:
        assert day.checks, f"{day.name} has no end-of-day checks"
        assert any(b.quizzes for b in day.blocks), f"{day.name} has no quiz"
        assert any(b.pages for b in day.blocks), f"{day.name} has no pages to read"
    # From Tuesday each morning starts with that day's huddle (day 1 has no questions).
    huddles = [next((b.huddle for b in d.blocks if b.kind == "huddle"), None) for d in week.days]
    assert huddles == [None, 2, 3, 4, 5]
    role_plays = [any(b.roleplays for b in d.blocks) for d in week.days]
    assert sum(role_plays) >= 4


def test_induction_week_reads_every_frontline_lesson_page(programmes) -> None:
    # Computed from the tracks and the toc: a unit added later without a slot fails here.
    frontline = [d for d in load_tracks(REPO).pages("frontline", toc_entries(REPO))
                 if is_lesson_page(d)]  # fmt: skip
    week = programmes["induction-week"]
    read = [p for d in week.days for b in d.blocks if b.kind == "read" for p in b.pages]
    missing = [d for d in frontline if d not in read]
    assert not missing, f"the induction week never has the new hire read: {missing}"
    twice = sorted({p for p in read if read.count(p) > 1})
    assert not twice, f"the induction week has these read twice: {twice}"


def test_induction_week_leaves_floor_time_every_day(programmes) -> None:
    for day in programmes["induction-week"].days:
        floor = sum(b.minutes for b in day.blocks if b.kind == "floor")
        assert floor >= 45, f"{day.name} has {floor} min on the floor, fewer than 45"


def test_every_read_block_gives_its_pages_their_reading_time(programmes) -> None:
    for p in programmes.values():
        for day in p.days:
            for block in day.blocks:
                if block.kind == "read":
                    needed = sum(page_time(REPO, d).minutes for d in block.pages)
                    assert block.minutes >= needed, (p.id, day.name, block.activity, needed)


def test_a_read_block_too_short_for_its_pages_names_what_is_needed(tmp_path) -> None:
    pages = ["chapters/01_crm_basics/what-is-crm", "chapters/01_crm_basics/customer-journey",
             "chapters/01_crm_basics/satisfaction", "chapters/01_crm_basics/stories",
             "chapters/02_service_standards/service-flow"]  # fmt: skip
    needed = sum(page_time(REPO, d).minutes for d in pages)
    assert needed > 10, "the example needs pages that take longer than its block"

    def change(day: dict[str, Any]) -> None:
        # Read 09:05-09:15 (10 min), then the role-play runs on to 09:45.
        day["blocks"][1].update(end="09:15", pages=pages)
        day["blocks"][2].update(start="09:15")

    with pytest.raises(ProgrammeError) as info:
        _load(tmp_path, _broken(change))
    message = str(info.value)
    assert "programmes.yml: programme 'demo', day 'Monday', block 2 ('Read', 09:05–09:15)" in (
        message
    ), message
    assert f"its pages take {needed} min to read (what-is-crm " in message, message
    assert "but the block has only 10 min" in message, message
    assert f"Lengthen the block to at least {needed} min" in message, message


def _break_minutes(day) -> int:
    return sum(b.minutes for b in day.blocks if b.kind == "break")


def test_workshop_lengths(programmes) -> None:
    (half,) = programmes["half-day-workshop"].days
    (full,) = programmes["full-day-workshop"].days
    assert 195 <= half.total_minutes <= 225 and _break_minutes(half) >= 10
    assert 390 <= full.total_minutes <= 450 and _break_minutes(full) >= 60
    assert sum(b.kind == "break" for b in full.blocks) >= 3  # two breaks and lunch


def _exercise_times() -> dict[str, int]:
    """Each exercise's shortest stated time (minutes), from the exercises index table."""
    text = (REPO / "exercises" / "index.md").read_text("utf-8")
    rows = re.findall(r"\((ex\d\d)_\w+\.ipynb\).*\|\s*(\d+)[–-]\d+ minutes", text)
    return {ex: int(low) for ex, low in rows}


def _chapter_of_exercise() -> dict[str, str]:
    """Which chapter folder's index sends learners to each exercise."""
    found = {}
    for index in sorted((REPO / "chapters").glob("*/index.md")):
        for ex in re.findall(r"/exercises/(ex\d\d)_", index.read_text("utf-8")):
            found[ex] = index.parent.name
    return found


def test_data_day_works_exercises_7_to_11_with_their_modules(programmes) -> None:
    (day,) = programmes["data-day"].days
    used = [ex for b in day.blocks for ex in b.exercises]
    assert used == ["ex07", "ex08", "ex09", "ex10", "ex11"]
    chapters, times = _chapter_of_exercise(), _exercise_times()
    for block in day.blocks:
        for ex in block.exercises:
            folders = {p.split("/")[1] for p in block.pages if p.startswith("chapters/")}
            assert folders == {chapters[ex]}, f"{ex} is read with {folders}, not its module"
            assert block.minutes >= times[ex], f"{ex} needs {times[ex]} min, has {block.minutes}"
    assert sorted({q for b in day.blocks for q in b.quizzes}) == [6, 7, 8, 9, 10]


def test_every_programme_has_outcomes_materials_and_audience(programmes) -> None:
    for p in programmes.values():
        assert p.audience and len(p.outcomes) >= 3 and len(p.materials) >= 3, p.id


def test_each_page_shows_each_day_under_its_heading(programmes) -> None:
    toc = (REPO / "_toc.yml").read_text("utf-8")
    for p in programmes.values():
        page = PAGES / f"{p.id}.md"
        assert f"file: {p.docname}\n" in toc, f"{p.docname} is not in _toc.yml"
        text = page.read_text("utf-8")
        assert f"```{{programme}} {p.id}\n:part: overview\n```" in text
        for day in p.days:
            block = f"## {day.heading}\n\n```{{programme}} {p.id}\n:day: {day.name}\n```"
            assert block in text, f"{page.name}: no section for {day.heading}"
    assert "file: book/trainers/programmes/index\n" in toc


# ------------------------------------------------------------------ references in the book
def test_role_play_cards_are_found_in_each_layout(book) -> None:
    cards = book.roleplays
    assert cards["roleplay-cards: Expired yoghurt"].anchor == "1-expired-yoghurt"
    assert cards["module-02: A return without a receipt"].anchor == "2-a-return-without-a-receipt"
    assert cards["module-04: Nearly 60"].anchor == "role-play-cards"
    assert cards["module-05: Enrolment at the counter"].anchor == (
        "role-play-enrolment-at-the-counter"
    )


def test_cards_on_a_page_without_role_play() -> None:
    assert _cards_on("module-10", "# Module 10\n\n## Objectives\n\nText.\n") == []


def test_quizzes_exercises_and_job_aids_come_from_the_toc(book) -> None:
    assert book.quizzes[3] == "chapters/03_complaints/quiz"
    assert sorted(book.quizzes) == list(range(1, 12))
    assert book.exercises["ex07"] == "exercises/ex07_member_export"
    assert "complaint-steps" in book.playbook and "index" not in book.playbook


# ------------------------------------------------------------------ rendering
def test_day_table_links_every_reference(programmes, book) -> None:
    week = programmes["induction-week"]
    text = day_myst(week, week.day("Tuesday"), book, "book/trainers/programmes/induction-week")
    assert "| 09:40–10:10 | 30 | **Role-play with the buddy** |" in text
    assert "(../module-02.md#5-beer-without-id)" in text
    assert "{doc}`Module 2 quiz </chapters/02_service_standards/quiz>`" in text
    ids = ", ".join(book.huddle_questions(2))
    assert f"{{doc}}`Huddle card, day 2 </book/trainers/huddles>` ({ids})" in text
    assert text.count("- [ ] ") == len(week.day("Tuesday").checks)
    assert "What the supervisor checks at the end of the day" in text


def test_a_whole_lesson_read_in_a_row_is_one_link_with_its_units(book) -> None:
    """A printed agenda lists lessons, not every phone-sized unit (it must fit one A4 page)."""
    place = next(p for d in book.docnames if (p := lesson_place(book.toc, d)) and p.count >= 3)
    lesson, *rest = place.units
    assert page_links_myst(place.units, book) == [f"{{doc}}`/{lesson}` ({place.count} units)"]
    # units read apart, or out of order, stay one link each
    assert page_links_myst(rest, book) == [f"{{doc}}`/{d}`" for d in rest]
    swapped = [rest[0], lesson, *rest[1:]]
    assert page_links_myst(swapped, book) == [f"{{doc}}`/{d}`" for d in swapped]
    other = "chapters/02_service_standards/quiz"
    assert page_links_myst([*place.units, other], book)[1] == f"{{doc}}`/{other}`"


def test_exercise_links_include_the_trainer_solution(programmes, book) -> None:
    day = programmes["data-day"].days[0]
    text = day_myst(programmes["data-day"], day, book, "book/trainers/programmes/data-day")
    assert "{doc}`Exercise 11 solution (trainer) </exercises/solutions/ex11_kpis>`" in text
    assert "What the trainer checks before everyone leaves" in text


def test_overview_and_list(programmes) -> None:
    week = programmes["induction-week"]
    assert "5 days, 3 h 30 min each (17 h 30 min in all)" in overview_myst(week)
    table = programmes_table_myst(list(programmes.values()))
    assert table.count("\n| {doc}`") == 4
    assert "7 h, breaks included" in table


# ------------------------------------------------------------------ mistakes are caught
def _valid() -> dict[str, Any]:
    # fmt: off
    return {
        "programmes": [
            {
                "id": "demo",
                "title": "Demo",
                "short": "Demo",
                "for": "Testers",
                "outcomes": ["One"],
                "materials": ["Paper"],
                "days": [
                    {
                        "name": "Monday",
                        "title": "First",
                        "start": "09:00",
                        "end": "10:00",
                        "total_minutes": 60,
                        "blocks": [
                            {"start": "09:00", "end": "09:05", "activity": "Huddle",
                             "kind": "huddle", "huddle": 2},
                            {"start": "09:05", "end": "09:30", "activity": "Read",
                             "kind": "read", "pages": ["chapters/01_crm_basics/what-is-crm"],
                             "playbook": ["service-flow"]},
                            {"start": "09:30", "end": "09:45", "activity": "Play",
                             "kind": "role-play", "roleplays": ["roleplay-cards: Expired yoghurt"]},
                            {"start": "09:45", "end": "10:00", "activity": "Quiz", "kind": "quiz",
                             "quizzes": [1], "exercises": ["ex01"]},
                        ],
                        "checks": ["Did it"],
                    }
                ],
            }
        ]
    }
    # fmt: on


def _load(tmp_path: Path, data: dict[str, Any]) -> list:
    path = tmp_path / "programmes.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return load_programmes(REPO, path)


def test_the_valid_example_loads(tmp_path) -> None:
    (demo,) = _load(tmp_path, _valid())
    assert demo.total_minutes == 60 and demo.days[0].blocks[2].times == "09:30–09:45"


def _broken(change) -> dict[str, Any]:
    data = copy.deepcopy(_valid())
    change(data["programmes"][0]["days"][0])
    return data


def _set(block: int, **values: Any):
    def change(day: dict[str, Any]) -> None:
        day["blocks"][block].update(values)

    return change


BROKEN = {
    "gap": (_set(2, start="09:35"), r"block 3 \('Play', 09:35–09:45\): leaves a gap of 5 min"),
    "overlap": (_set(1, end="09:40"), r"block 3 \('Play', 09:30–09:45\): overlaps .* by 10 min"),
    "backwards": (_set(3, end="09:40"), r"block 4 \('Quiz'\): ends at 09:40, not after"),
    "bad clock": (_set(0, start="9:00"), r"block 1 \('Huddle'\): 'start' is '9:00', not a time"),
    "late end": (_set(3, end="10:10"), r"day 'Monday': the last block ends at 10:10, but the"),
    "kind": (_set(1, kind="lecture"), r"block 2 \('Read'\): kind 'lecture' is unknown"),
    "page": (_set(1, pages=["chapters/01_crm_basics/nope"]),
             r"block 2 \('Read', 09:05–09:30\): page 'chapters/01_crm_basics/nope' is not in"),
    "job aid": (_set(1, playbook=["till-rules"]), r"block 2 .*: job aid 'till-rules' is not in"),
    "card": (_set(2, roleplays=["roleplay-cards: Sour milk"]),
             r"block 3 .*: role-play card 'roleplay-cards: Sour milk' is not in the book"),
    "quiz": (_set(3, quizzes=[12]), r"block 4 .*: quiz of module '12' is not in the book"),
    "exercise": (_set(3, exercises=["ex99"]), r"block 4 .*: exercise 'ex99' is not in the book"),
    "huddle day": (_set(0, huddle=1), r"block 1 .*: huddle day 1 has no questions"),
    "empty role-play": (_set(2, roleplays=[]), r"block 3 .*: 'roleplays' must be a list"),
    "break with page": (_set(2, kind="break"), r"block 3 .*: a break uses no pages"),
    "unknown key": (_set(1, room="B"), r"block 2 .*: unknown key\(s\) room"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_mistake_names_programme_day_and_block(tmp_path, case: str) -> None:
    change, pattern = BROKEN[case]
    with pytest.raises(ProgrammeError) as info:
        _load(tmp_path, _broken(change))
    message = str(info.value)
    assert "programmes.yml: programme 'demo', day 'Monday'" in message, message
    assert re.search(pattern, message), message


def test_a_wrong_total_is_caught(tmp_path) -> None:
    def change(day: dict[str, Any]) -> None:
        day["total_minutes"] = 90

    with pytest.raises(ProgrammeError, match=r"add up to 60 min, not the stated total_minutes 90"):
        _load(tmp_path, _broken(change))


@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        ({}, "has no 'programmes:' list"),
        ({"programmes": [{"title": "x"}]}, "programme 1 has no id"),
        ({"programmes": [{"id": "Bad Id"}]}, "lower-case words"),
    ],
)
def test_layout_mistakes(data, pattern: str) -> None:
    with pytest.raises(ProgrammeError, match=pattern):
        parse_programmes(data)


def test_duplicate_ids_and_days(tmp_path) -> None:
    data = _valid()
    data["programmes"].append(copy.deepcopy(data["programmes"][0]))
    with pytest.raises(ProgrammeError, match="programme 'demo': the id is used twice"):
        _load(tmp_path, data)
    data = _valid()
    days = data["programmes"][0]["days"]
    days.append(copy.deepcopy(days[0]))
    with pytest.raises(ProgrammeError, match="two days share a name"):
        _load(tmp_path, data)


def test_unreadable_files(tmp_path) -> None:
    with pytest.raises(ProgrammeError, match="does not exist"):
        load_programmes(REPO, tmp_path / "missing.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("programmes: [\n", "utf-8")
    with pytest.raises(ProgrammeError, match="is not valid YAML at line"):
        load_programmes(REPO, bad)
    with pytest.raises(ProgrammeError, match=r"no _toc\.yml"):
        load_programmes(tmp_path, default_source())


def test_errors_are_course_errors() -> None:
    assert issubclass(ProgrammeError, CourseError)


def test_unknown_day() -> None:
    (demo,) = parse_programmes(_valid())
    with pytest.raises(ProgrammeError, match=r"has no day 'Sunday'\. Use one of: Monday"):
        demo.day("Sunday")
