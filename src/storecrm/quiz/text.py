"""Turn bank text into safe HTML for both renderers (online quiz and paper handout).

Bank text is plain text with two bits of markdown (``**bold**`` and ```code```) and the
book's script-line role, ``{say}`中文 / English``` (see :mod:`storecrm.authoring.say`),
shown as on the pages: the Chinese marked ``lang="zh-CN"``, the English quoted beside it. It is
HTML-escaped first so a stray ``<`` cannot break the page, and ``$`` is written as ``&#36;``
because jupyterquiz reads ``$`` as the start of maths.
"""

from __future__ import annotations

import math
import re

from storecrm.authoring.say import html_with_script_lines

__all__ = ["LETTERS", "format_number", "strip_verdict", "to_html"]

#: Options are lettered by position (after any shuffle), on screen and on paper.
LETTERS = "abcdefghijklmnopqrstuvwxyz"

_CODE_RE = re.compile(r"`([^`]+)`")
_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


_VERDICT_RE = re.compile(
    r"^(?:right|correct|yes|wrong|incorrect|not quite|no)(?:\s*[.!:,;]|\s+[\u2014\u2013-])\s+",
    re.IGNORECASE,
)


def strip_verdict(feedback: str) -> str:
    """Drop a leading "Right." / "Wrong:" from feedback: the renderers add their own verdict.

    Authors often start feedback with one; without this a learner would read
    "Correct. Right. ..." on screen.
    """
    stripped = _VERDICT_RE.sub("", feedback, count=1)
    return stripped[:1].upper() + stripped[1:] if stripped else feedback


def to_html(text: str) -> str:
    """Escape ``text`` for HTML and apply the small markdown subset banks may use."""
    out = html_with_script_lines(text)
    out = _CODE_RE.sub(r"<code>\1</code>", out)
    out = _BOLD_RE.sub(r"<strong>\1</strong>", out)
    return out.replace("$", "&#36;")


def format_number(value: float, tolerance: float = 0.0) -> str:
    """Show a number the way a trainer would say it.

    With a tolerance, keep one more decimal than the tolerance needs (±15 -> whole numbers,
    ±0.5 -> two decimals), so a computed 337.249638 reads "337", not "337.2496". Without
    one, at most 4 decimals. Trailing zeros are dropped.
    """
    decimals = min(4, max(0, 1 - math.floor(math.log10(tolerance)))) if tolerance > 0 else 4
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
