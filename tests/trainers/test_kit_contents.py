"""``{kit-contents}``: the trainer's kit index lists every page of its part of ``_toc.yml``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from storecrm.authoring.printables import catalogue, programme_printables
from storecrm.errors import CourseError
from storecrm.trainers.programmes import ProgrammeError, load_programmes
from storecrm.trainers.sphinx_ext import part_contents_myst

REPO = Path(__file__).resolve().parents[2]
TOC = {
    "parts": [
        {"caption": "Start", "chapters": [{"file": "book/intro"}]},
        {
            "caption": "Kit",
            "chapters": [
                {"file": "book/trainers/index"},
                {"file": "book/trainers/a.md"},
                {"file": "book/trainers/p/index", "sections": [{"file": "book/trainers/p/x"}]},
            ],
        },
    ]
}


def test_lists_the_other_pages_of_the_part_nested() -> None:
    text = part_contents_myst(TOC, "book/trainers/index")
    assert text.splitlines() == [
        "- {doc}`/book/trainers/a`",
        "- {doc}`/book/trainers/p/index`",
        "  - {doc}`/book/trainers/p/x`",
    ]


def test_a_page_in_no_part_is_an_error() -> None:
    with pytest.raises(CourseError, match=r"_toc\.yml: no part of _toc\.yml holds book/nowhere"):
        part_contents_myst(TOC, "book/nowhere")


def test_the_real_kit_lists_every_trainer_page() -> None:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text("utf-8"))
    text = part_contents_myst(toc, "book/trainers/index")
    for page in ("printables", "huddles", "module-11", "roleplay-cards", "programmes/data-day"):
        assert f"{{doc}}`/book/trainers/{page}`" in text
    assert "/book/trainers/index`" not in text


def test_each_programme_day_has_a_one_page_agenda() -> None:
    items = programme_printables(REPO)
    days = sum(len(p.days) for p in load_programmes(REPO))
    assert len(items) == days
    assert all(i.pages == 1 and i.kind == "agenda" and i.module is None for i in items)
    assert {i.path(".pdf") for i in items} >= {
        "_downloads/printables/programmes/induction-week-monday-agenda.pdf",
        "_downloads/printables/programmes/data-day-agenda.pdf",
    }
    assert [i for i in catalogue(REPO) if i.module is None] == items
    assert not [i for i in catalogue(REPO, [3]) if i.module is None]
    assert programme_printables(REPO, "data-day") == [i for i in items if i.programme == "data-day"]
    with pytest.raises(ProgrammeError, match="no programme 'nope'"):
        programme_printables(REPO, "nope")
