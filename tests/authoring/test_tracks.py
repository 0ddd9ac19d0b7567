"""book/tracks.yml: every page of the book on exactly one track, every entry a real page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storecrm.authoring.tracks import load_tracks, page_source, toc_entries
from storecrm.errors import CourseError

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_in_the_toc_is_on_exactly_one_track_and_every_entry_exists() -> None:
    entries = toc_entries(ROOT)
    tracks = load_tracks(ROOT)
    assert tracks.problems([e.docname for e in entries]) == []
    for entry in entries:
        assert page_source(ROOT, entry.docname) is not None, entry.docname


@pytest.mark.parametrize(
    ("docname", "track"),
    [
        ("chapters/02_service_standards/service-flow", "frontline"),
        ("chapters/03_complaints/complaint-data", "supervisor"),
        ("chapters/05_membership/programme-simulator", "supervisor"),
        ("chapters/06_customer_data/privacy-at-the-counter", "frontline"),
        ("chapters/06_customer_data/requests-for-customer-data", "frontline"),
        ("chapters/11_team/coach-a-colleague", "frontline"),
        ("chapters/11_team/roles", "supervisor"),
        ("chapters/06_customer_data/cleaning-data", "supervisor"),
        ("chapters/08_baskets_offers/basket-data", "supervisor"),
        ("book/playbook/privacy", "frontline"),
        ("exercises/ex01_first_look", "supervisor"),
        ("exercises/solutions/ex01_first_look", "supervisor"),
        ("book/glossary", "reference"),
    ],
)
def test_the_issue_s_decisions_hold(docname: str, track: str) -> None:
    assert load_tracks(ROOT).track_of(docname) == track


def _write(tmp_path: Path, tracks: str, pages: list[str]) -> Path:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "tracks.yml").write_text(tracks, encoding="utf-8")
    chapters = "".join(f"  - file: {p}\n" for p in pages)
    (tmp_path / "_toc.yml").write_text(f"root: index\nchapters:\n{chapters}", encoding="utf-8")
    return tmp_path


def test_an_exact_entry_wins_over_a_pattern_and_star_stays_in_one_folder(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        "frontline: [m6/privacy]\nsupervisor: ['m6/*', 'ex/*']\nreference: ['ex/sol/*']\n",
        ["m6/privacy", "m6/cleaning", "ex/one", "ex/sol/one"],
    )
    tracks = load_tracks(root)
    names = [e.docname for e in toc_entries(root)]
    assert [tracks.track_of(n) for n in names[1:]] == [
        "frontline",
        "supervisor",
        "supervisor",
        "reference",
    ]
    assert tracks.problems(names) == [
        "index: in _toc.yml but in no track; add it to " + str(root / "book" / "tracks.yml")
    ]


def test_problems_name_doubled_pages_and_entries_that_are_not_pages(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        "frontline: [index, a]\nsupervisor: [a, gone, 'old/*']\n",
        ["a"],
    )
    problems = load_tracks(root).problems([e.docname for e in toc_entries(root)])
    assert problems == [
        "a: in more than one track (frontline, supervisor)",
        "supervisor: 'gone' is not a page in _toc.yml",
        "supervisor: pattern 'old/*' matches no page in _toc.yml",
    ]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("counter: [a]\n", "unknown track 'counter'"),
        ("frontline: a\n", "must be a list of page names"),
        ("- a\n", "is not a mapping"),
    ],
)
def test_a_broken_tracks_file_is_a_course_error(tmp_path: Path, text: str, fragment: str) -> None:
    root = _write(tmp_path, text, ["a"])
    with pytest.raises(CourseError, match=fragment):
        load_tracks(root)


def test_a_missing_tracks_file_says_what_it_is_for(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="is missing"):
        load_tracks(tmp_path)


# Work only an analyst does: running code or a library, building a model, reading a data set.
_ANALYST_WORK = re.compile(
    r"mlxtend|pandas|jupyter|\bcode\b|choos\w* k\b|k-means|cluster|model|control group"
    r"|complaint data|lifetime value",
    re.IGNORECASE,
)
_SUPERVISOR_MARK = "*(Supervisor path.)*"


_OBJECTIVE_ITEM = re.compile(r"^- `m\d+-o\d+`.*(?:\n  +\S.*)*", re.MULTILINE)


def _objectives(text: str) -> list[str]:
    """Each objective list item (``- `mN-oK` ...`` and its continuation lines) as one string."""
    return [" ".join(m.group(0).split()) for m in _OBJECTIVE_ITEM.finditer(text)]


def test_analyst_objectives_on_frontline_module_pages_are_marked_for_supervisors() -> None:
    tracks = load_tracks(ROOT)
    unmarked = []
    for index in sorted(ROOT.glob("chapters/*/index.md")):
        docname = index.relative_to(ROOT).with_suffix("").as_posix()
        if tracks.track_of(docname) != "frontline":
            continue
        for item in _objectives(index.read_text(encoding="utf-8")):
            if _ANALYST_WORK.search(item) and not item.endswith(_SUPERVISOR_MARK):
                unmarked.append(f"{docname}: {item[:60]}")
    assert unmarked == [], f"end these with {_SUPERVISOR_MARK} or reword them:\n" + "\n".join(
        unmarked
    )


def test_the_objective_reader_sees_each_item_whole() -> None:
    text = "- `m1-o1` Greet a shopper\n  at the door.\n\n## Pages\n\n- not an objective\n"
    assert _objectives(text) == ["- `m1-o1` Greet a shopper at the door."]
