"""Remove mobile numbers, ID-card numbers, e-mail addresses and known names from free text.

Comments and notes are where customers and staff write personal details the columns were
never meant to hold ("call me on 138 1234 5678"). The patterns follow mainland formats:
a mobile is 11 digits starting with 1, written with spaces, dashes or a +86 / 0086 prefix;
a resident ID number is 18 characters, 17 digits and a digit or X check character. Other
numbers (prices, dates, order numbers of other lengths) are left alone so the text keeps its
meaning. Names cannot be recognised by a pattern, so the import passes the names it saw in
the members' table and removes those.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

__all__ = ["KINDS", "Scrubber"]

#: What each kind of removed value is replaced with; the keys are the counted kinds.
KINDS: dict[str, str] = {
    "id_number": "[ID number removed]",
    "mobile": "[mobile removed]",
    "email": "[e-mail removed]",
    "name": "[name removed]",
}

_SEP = r"[ \-\u00a0]?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "id_number",
        re.compile(
            r"(?<![0-9A-Za-z])\d{6}" + _SEP + r"\d{8}" + _SEP + r"\d{3}[0-9Xx]"
            r"(?![0-9A-Za-z])"
        ),
    ),
    (
        "mobile",
        re.compile(r"(?<![\d+])(?:(?:\+|00)86" + _SEP + r")?1(?:" + _SEP + r"\d){10}(?!\d)"),
    ),
    ("email", re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")),
]


class Scrubber:
    """Scrub text cells and count what was removed, per kind, across every call.

    Parameters
    ----------
    names
        Personal names known from the export (the members' name column); each is removed
        wherever it appears in free text. Names of one character are skipped: they would
        cut ordinary words.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        known = sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True)
        self._names = re.compile("|".join(map(re.escape, known))) if known else None
        self.removed: Counter[str] = Counter()

    def __call__(self, text: str) -> str:
        """Return ``text`` with every personal value replaced by a marker."""
        for kind, pattern in _PATTERNS:
            text, n = pattern.subn(KINDS[kind], text)
            self.removed[kind] += n
        if self._names is not None:
            text, n = self._names.subn(KINDS["name"], text)
            self.removed["name"] += n
        return text
