"""The Sphinx hook that re-runs a quiz page when its bank (or the data) changes."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from storecrm.quiz.sphinx_ext import _on_source_read, bank_dependencies, stamp_quiz_source

PAGE = """# Module 99 quiz

```{code-cell} ipython3
:tags: [remove-input]

from storecrm.quiz import show_quiz

show_quiz(module=99)
```
"""


def _page(course: Path) -> Path:
    page = course / "chapters" / "99_demo" / "quiz.md"
    page.write_text(PAGE, encoding="utf-8")
    return page


def test_stamp_changes_when_the_bank_changes(course_copy: Path) -> None:
    page = _page(course_copy)
    deps = bank_dependencies(page)
    assert deps == [page.with_name("quiz.yml")]
    first = stamp_quiz_source(PAGE, deps)
    assert first == stamp_quiz_source(PAGE, deps)  # stable while nothing changes
    assert first.count("# quiz bank fingerprint:") == 1
    assert first.index("# quiz bank fingerprint:") < first.index("show_quiz(module=99)")
    bank = page.with_name("quiz.yml")
    bank.write_text(bank.read_text(encoding="utf-8").replace("12.5", "12.6"), encoding="utf-8")
    assert stamp_quiz_source(PAGE, deps) != first


def test_computed_banks_also_depend_on_the_data(course_copy: Path) -> None:
    page = _page(course_copy)
    data = course_copy / "datasets" / "shop"
    data.mkdir(parents=True)
    (data / "receipts.csv").write_text("receipt_id\n1\n", encoding="utf-8")
    assert bank_dependencies(page) == [page.with_name("quiz.yml")]  # literal answers only
    bank = page.with_name("quiz.yml")
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("answer: 12.5", "compute: pkg.mod:func"),
        encoding="utf-8",
    )
    assert bank_dependencies(page) == [bank, data / "receipts.csv"]


def test_pages_without_a_bank_are_untouched(tmp_path: Path) -> None:
    page = tmp_path / "quiz.md"
    assert bank_dependencies(page) == []
    assert stamp_quiz_source(PAGE, []) == PAGE


def test_source_read_hook_notes_dependencies(course_copy: Path) -> None:
    page = _page(course_copy)
    noted: list[str] = []
    env = SimpleNamespace(
        doc2path=lambda docname: str(course_copy / f"{docname}.md"), note_dependency=noted.append
    )
    app = SimpleNamespace(env=env)
    source = [PAGE]
    _on_source_read(app, "chapters/99_demo/quiz", source)
    assert noted == [str(page.with_name("quiz.yml"))]
    assert "# quiz bank fingerprint:" in source[0]
    other = [PAGE]
    _on_source_read(app, "chapters/99_demo/index", other)
    assert other == [PAGE]
