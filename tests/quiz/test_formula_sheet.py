"""The formula sheet's "Taught in" claims are true: each linked page exists and names the measure.

``book/formulas.md`` lists each measure with the pages that teach it. A link to a page that
was renamed, or to a page that never mentions the measure, sends a learner to the wrong
place; this test reads every claim and checks both.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHEET = ROOT / "book" / "formulas.md"

_ENTRY = re.compile(r"^\*\*(?P<name>[^*]+)\*\*\s*(?:\((?P<zh>[^)]+)\))?\s*$", re.M)
_DOC = re.compile(r"\{doc\}`(?:[^`<]*<)?(?P<target>[^`>]+)>?`")


def _claims() -> list[tuple[str, str, str]]:
    """``(measure, chinese, target)`` for every "Taught in" link of the sheet."""
    text = SHEET.read_text(encoding="utf-8")
    out = []
    entries = list(_ENTRY.finditer(text))
    for entry, following in zip(entries, [*entries[1:], None], strict=True):
        body = text[entry.end() : following.start() if following else len(text)]
        taught = re.search(r"\*\*Taught in:\*\*(.*)", body)
        if taught:
            for doc in _DOC.finditer(taught.group(1)):
                out.append((entry["name"].strip(), (entry["zh"] or "").strip(), doc["target"]))
    return out


def _page(target: str) -> Path | None:
    base = ROOT if target.startswith("/") else SHEET.parent
    stem = (base / target.lstrip("/")).resolve()
    for suffix in (".md", ".ipynb"):
        if stem.with_suffix(suffix).is_file():
            return stem.with_suffix(suffix)
    return None


def _text(page: Path) -> str:
    if page.suffix == ".ipynb":
        cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells)
    return page.read_text(encoding="utf-8")


def _words(measure: str) -> list[str]:
    """The measure's name, and its main words, as a page would write them."""
    name = re.sub(r"\s*\(.*?\)", "", measure).lower()
    return [name, *[w for w in re.split(r"[\s/-]+", name) if len(w) > 3]]


CLAIMS = _claims()


def test_the_sheet_has_claims() -> None:
    assert len(CLAIMS) >= 15


@pytest.mark.parametrize(("measure", "zh", "target"), CLAIMS, ids=[c[2] for c in CLAIMS])
def test_taught_in_page_exists_and_mentions_the_measure(measure, zh, target) -> None:
    page = _page(target)
    assert page is not None, f"formulas.md: {measure}: {target} is not a page of the course"
    text = _text(page).lower()
    name, *parts = _words(measure)
    mentions = (
        name in text or (zh and zh.lower() in text) or (parts and all(p in text for p in parts))
    )
    assert mentions, f"formulas.md: {measure}: {page.relative_to(ROOT)} never mentions it"
