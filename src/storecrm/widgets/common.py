"""What every live tool shares: a message box for bad settings and small HTML tables.

A tool never shows a traceback: a :class:`~storecrm.errors.CourseError` from the model is
shown as its message, in the same place, with the results hidden until the setting is fixed.
"""

from __future__ import annotations

import html

import pandas as pd

__all__ = ["error_html", "table_html"]


def error_html(message: str) -> str:
    """A visible, accessible message for a bad setting (role="alert" for screen readers)."""
    return (
        "<div role='alert' style='border-left:4px solid #D55E00;padding:0.3em 0.6em;"
        "background:#fff4ec;margin:0.3em 0'><b>Check this setting.</b> "
        f"{html.escape(message)}</div>"
    )


def table_html(frame: pd.DataFrame, caption: str = "") -> str:
    """A small table as HTML, its caption stated above it."""
    head = f"<p style='margin:0.4em 0 0.2em'><b>{html.escape(caption)}</b></p>" if caption else ""
    return head + frame.to_html(border=0, escape=True, classes="storecrm-tool-table")
