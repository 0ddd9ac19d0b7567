"""The build extension that re-executes notebook pages when data or package files change."""

from __future__ import annotations

from pathlib import Path

from storecrm.authoring.notebook_inputs import fingerprint, input_files, stamp_notebook_source

NOTEBOOK = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
---

# A page

```{code-cell} ipython3
print(1)
```
"""


def test_notebook_gets_a_hidden_fingerprint_cell_after_front_matter() -> None:
    stamped = stamp_notebook_source(NOTEBOOK, "abc123")
    front, rest = stamped.split("---\n", 2)[1:]
    assert "kernelspec" in front
    assert rest.lstrip().startswith("```{code-cell} ipython3\n:tags: [remove-cell]")
    assert "# build inputs fingerprint: abc123" in rest
    assert rest.index("abc123") < rest.index("# A page")


def test_plain_markdown_is_left_alone() -> None:
    text = "# Just prose\n\nNo code here.\n"
    assert stamp_notebook_source(text, "abc123") is text
    front_matter_only = "---\ntitle: x\n---\n# Page\n"
    assert stamp_notebook_source(front_matter_only, "abc123") is front_matter_only


def test_fingerprint_changes_when_a_data_file_changes(tmp_path: Path) -> None:
    (tmp_path / "datasets" / "shop").mkdir(parents=True)
    (tmp_path / "src" / "storecrm").mkdir(parents=True)
    data = tmp_path / "datasets" / "shop" / "receipts.csv"
    data.write_text("receipt_id\nR1\n", encoding="utf-8")
    (tmp_path / "src" / "storecrm" / "m.py").write_text("X = 1\n", encoding="utf-8")
    files = input_files(tmp_path)
    assert [p.name for p in files] == ["receipts.csv", "m.py"]
    before = fingerprint(files, tmp_path)
    assert fingerprint(files, tmp_path) == before
    data.write_text("receipt_id\nR2\n", encoding="utf-8")
    assert fingerprint(files, tmp_path) != before
