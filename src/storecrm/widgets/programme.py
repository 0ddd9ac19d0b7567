"""The membership programme simulator for JupyterLab: the view over
:mod:`storecrm.analysis.programme`.

The room changes a rule; the tool replays the year on the store's members and shows the
result next to today's rules. All the arithmetic is in the model; this module only turns
controls into a :class:`~storecrm.analysis.programme.Programme` and draws the answer.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

import ipywidgets as widgets

from storecrm.analysis.programme import (
    WEEKDAYS,
    Programme,
    ProgrammeData,
    break_even_text,
    compare_programmes,
    current_programme,
    summary_table,
)
from storecrm.errors import CourseError
from storecrm.widgets.common import error_html, table_html

__all__ = ["ProgrammeSimulator", "programme_simulator"]

_WIDE = {"description_width": "13em"}


class ProgrammeSimulator(widgets.VBox):
    """Change the programme's rules and see what they do to the store's year.

    Every control is in :attr:`controls` by its label, so a test (or a trainer's script)
    can set ``controls["silver: enter at (¥)"].value = 200`` exactly as a click would.

    Parameters
    ----------
    data
        Prepared members (:func:`~storecrm.analysis.programme.programme_data`); the
        committed data set when omitted.
    """

    def __init__(self, data: ProgrammeData | None = None) -> None:
        self.data = data
        self.start = current_programme()
        self.controls: dict[str, widgets.ValueWidget] = {}
        rows = []
        for i, tier in enumerate(self.start.tier_ids):
            parts = []
            if i > 0:
                parts.append(self._number(f"{tier}: enter at (¥)", self.start.entry_cny[i], 50))
                parts.append(self._number(f"{tier}: keep at (¥)", self.start.keep_cny[i], 50))
            parts.append(self._number(f"{tier}: points per ¥1", self.start.points_per_yuan[i], 0.1))
            rows.append(widgets.HBox(parts))
        self._number("¥ off per 100 points", 100 * self.start.point_value_cny, 0.5)
        self.controls["expiry (months)"] = widgets.IntSlider(
            value=self.start.expire_after_months, min=0, max=12, description="expiry (months)",
            continuous_update=False, style=_WIDE,
        )  # fmt: skip
        self.controls["birthday points"] = widgets.IntText(
            value=self.start.birthday_points, step=100, description="birthday points", style=_WIDE
        )
        self.controls["member day"] = widgets.Dropdown(
            options=[(name, i) for i, name in enumerate(WEEKDAYS)],
            value=self.start.member_day, description="member day", style=_WIDE,
        )  # fmt: skip
        self.controls["member-day multiplier"] = widgets.FloatSlider(
            value=self.start.member_day_multiplier, min=1.0, max=3.0, step=0.5,
            description="member-day points x", continuous_update=False, style=_WIDE,
        )  # fmt: skip
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.reset_button = widgets.Button(description="Today's rules", icon="refresh")
        self.reset_button.on_click(lambda _: self.reset())
        self.message = widgets.HTML()
        self.verdict = widgets.HTML()
        self.summary = widgets.HTML()
        self.moves = widgets.HTML()
        self.error: str | None = None
        other = ("¥ off per 100 points", "expiry (months)", "birthday points")
        bonus = ("member day", "member-day multiplier")
        super().__init__(
            [
                widgets.HTML("<h4 style='margin:0.2em 0'>Membership programme simulator</h4>"),
                *rows,
                widgets.HBox([self.controls[k] for k in other]),
                widgets.HBox([*(self.controls[k] for k in bonus), self.reset_button]),
                self.message,
                self.verdict,
                self.summary,
                self.moves,
            ],
            layout=widgets.Layout(max_width="60em"),
        )
        self._updating = False
        self.update()

    def _number(self, label: str, value: float, step: float) -> widgets.FloatText:
        box = widgets.FloatText(value=value, step=step, description=label, style=_WIDE)
        box.layout.width = "19em"
        self.controls[label] = box
        return box

    def _changed(self, _change: dict[str, Any]) -> None:
        if not self._updating:
            self.update()

    def programme(self) -> Programme:
        """The rules the controls show now (not yet checked)."""
        c = {k: w.value for k, w in self.controls.items()}
        ids = self.start.tier_ids
        entry = tuple(0.0 if i == 0 else c[f"{t}: enter at (¥)"] for i, t in enumerate(ids))
        keep = tuple(0.0 if i == 0 else c[f"{t}: keep at (¥)"] for i, t in enumerate(ids))
        return replace(
            self.start,
            entry_cny=entry,
            keep_cny=keep,
            points_per_yuan=tuple(c[f"{t}: points per ¥1"] for t in ids),
            point_value_cny=c["¥ off per 100 points"] / 100,
            expire_after_months=c["expiry (months)"],
            birthday_points=c["birthday points"],
            member_day=c["member day"],
            member_day_multiplier=c["member-day multiplier"],
        )

    def update(self) -> None:
        """Replay the year with the controls' rules and redraw (what every change calls)."""
        try:
            summary, result, moves = compare_programmes(self.programme(), self.data)
        except CourseError as exc:
            self.error = str(exc)
            self.message.value = error_html(self.error)
            for out in (self.verdict, self.summary, self.moves):
                out.value = ""
            return
        self.error = None
        self.message.value = ""
        self.verdict.value = (
            "<p style='margin:0.4em 0;font-size:1.05em'><b>What has to change:</b> "
            f"{html.escape(break_even_text(result))}</p>"
        )
        self.summary.value = table_html(summary_table(summary), "Today's rules and yours")
        moves.index.name = "today's rules ↓ / yours →"
        moves.columns.name = None
        self.moves.value = table_html(moves, "Where each member ends the year")

    def reset(self) -> None:
        """Put every control back to today's rules."""
        self._updating = True
        try:
            start = self.start
            for i, tier in enumerate(start.tier_ids):
                if i > 0:
                    self.controls[f"{tier}: enter at (¥)"].value = start.entry_cny[i]
                    self.controls[f"{tier}: keep at (¥)"].value = start.keep_cny[i]
                self.controls[f"{tier}: points per ¥1"].value = start.points_per_yuan[i]
            self.controls["¥ off per 100 points"].value = 100 * start.point_value_cny
            self.controls["expiry (months)"].value = start.expire_after_months
            self.controls["birthday points"].value = start.birthday_points
            self.controls["member day"].value = start.member_day
            self.controls["member-day multiplier"].value = start.member_day_multiplier
        finally:
            self._updating = False
        self.update()


def programme_simulator(data: ProgrammeData | None = None) -> ProgrammeSimulator:
    """Return the membership programme simulator to display in JupyterLab."""
    return ProgrammeSimulator(data)
