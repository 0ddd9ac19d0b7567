"""Turn bank text into safe HTML for both renderers (online quiz and paper handout).

Bank text is plain text with two bits of markdown (``**bold**`` and ```code```). It is
HTML-escaped first so a stray ``<`` cannot break the page, and ``$`` is written as ``&#36;``
because jupyterquiz reads ``$`` as the start of maths.
"""

from __future__ import annotations

import html
import re

__all__ = ["LETTERS", "format_number", "to_html"]

#: Options are lettered by position (after any shuffle), on screen and on paper.
LETTERS = "abcdefghijklmnopqrstuvwxyz"

_CODE_RE = re.compile(r"`([^`]+)`")
_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


def to_html(text: str) -> str:
    """Escape ``text`` for HTML and apply the small markdown subset banks may use."""
    out = html.escape(text, quote=True)
    out = _CODE_RE.sub(r"<code>\1</code>", out)
    out = _BOLD_RE.sub(r"<strong>\1</strong>", out)
    return out.replace("$", "&#36;")


def format_number(value: float) -> str:
    """Show a number the way a trainer would say it: no trailing zeros, at most 4 decimals."""
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.4f}".rstrip("0").rstrip(".")
