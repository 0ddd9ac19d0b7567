"""The churn dial for JupyterLab: the view over :mod:`storecrm.analysis.churn_dial`.

Two sliders (how long a silence, how high a risk) and the round's money settings; the tool
shows this week's list size, the expected saves, the cost and the break-even, and how well
the setting found real leavers in the test period. All the arithmetic is in the model.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd

from storecrm.analysis.churn_dial import (
    MAX_INACTIVE_DAYS,
    DialData,
    DialSetting,
    outcome_rows,
    store_dial_data,
    turn_dial,
)
from storecrm.errors import CourseError
from storecrm.widgets.common import error_html, table_html

__all__ = ["ChurnDial", "churn_dial"]

_STYLE = {"description_width": "12em"}


class ChurnDial(widgets.VBox):
    """Turn the two dials and see what this week's win-back round would be.

    Every control is in :attr:`controls` by its label (``"inactivity window (days)"``,
    ``"risk cut-off"``, ``"cost per contact (¥)"``, ``"offer cost (¥)"``, ``"save rate"``,
    ``"weekly budget (¥)"``), so tests set them exactly as a click would.

    Parameters
    ----------
    data
        Prepared scores (:func:`~storecrm.analysis.churn_dial.dial_data`); the committed
        data set when omitted.
    """

    def __init__(self, data: DialData | None = None) -> None:
        self.data = store_dial_data() if data is None else data
        start = DialSetting()
        week = self.data.week
        self.controls: dict[str, widgets.ValueWidget] = {
            "inactivity window (days)": widgets.IntSlider(
                value=start.inactive_days, min=0, max=MAX_INACTIVE_DAYS,
                description="no visit for more than (days)", continuous_update=False, style=_STYLE,
            ),
            "risk cut-off": widgets.FloatSlider(
                value=start.risk_cutoff, min=0.0, max=1.0, step=0.05, readout_format=".2f",
                description="risk at least", continuous_update=False, style=_STYLE,
            ),
            "cost per contact (¥)": widgets.FloatText(
                value=start.contact_cost_cny, step=0.5, description="cost per contact (¥)",
                style=_STYLE,
            ),
            "offer cost (¥)": widgets.FloatText(
                value=week.offer_cost_cny, step=1, description="offer cost (¥)", style=_STYLE
            ),
            "save rate": widgets.FloatText(
                value=round(float(week.save_rates["save_rate"]), 3), step=0.05,
                description="save rate (0-1)", style=_STYLE,
            ),
            "weekly budget (¥)": widgets.FloatText(
                value=start.budget_cny, step=50, description="weekly budget (¥)", style=_STYLE
            ),
        }  # fmt: skip
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.message = widgets.HTML()
        self.verdict = widgets.HTML()
        self.results = widgets.HTML()
        self.error: str | None = None
        c = self.controls
        super().__init__(
            [
                widgets.HTML("<h4 style='margin:0.2em 0'>Churn dial</h4>"),
                c["inactivity window (days)"],
                c["risk cut-off"],
                widgets.HBox([c["cost per contact (¥)"], c["offer cost (¥)"]]),
                widgets.HBox([c["save rate"], c["weekly budget (¥)"]]),
                self.message,
                self.verdict,
                self.results,
            ],
            layout=widgets.Layout(max_width="52em"),
        )
        self.update()

    def _changed(self, _change: dict[str, Any]) -> None:
        self.update()

    def setting(self) -> DialSetting:
        """The setting the controls show now (not yet checked)."""
        c = {k: w.value for k, w in self.controls.items()}
        return DialSetting(
            inactive_days=c["inactivity window (days)"],
            risk_cutoff=c["risk cut-off"],
            contact_cost_cny=c["cost per contact (¥)"],
            offer_cost_cny=c["offer cost (¥)"],
            save_rate=c["save rate"],
            budget_cny=c["weekly budget (¥)"],
        )

    def update(self) -> None:
        """Recompute the list and its economics (what every change calls)."""
        try:
            outcome = turn_dial(self.setting(), self.data)
        except CourseError as exc:
            self.error = str(exc)
            self.message.value = error_html(self.error)
            self.verdict.value = self.results.value = ""
            return
        self.error = None
        self.message.value = ""
        rows = outcome_rows(outcome)
        decision = rows.pop("decision")
        self.verdict.value = (
            f"<p style='margin:0.4em 0;font-size:1.05em'><b>Decision:</b> "
            f"{html.escape(decision)}</p>"
        )
        table = pd.DataFrame({"this setting": rows})
        self.results.value = table_html(table, "This week's round")


def churn_dial(data: DialData | None = None) -> ChurnDial:
    """Return the churn dial to display in JupyterLab."""
    return ChurnDial(data)
