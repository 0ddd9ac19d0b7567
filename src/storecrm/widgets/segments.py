"""The segment explorer for JupyterLab: the view over :mod:`storecrm.analysis.segment_explorer`.

Choose RFM groups (and where a "high" and a "low" score start) or behaviour clusters (and how
many); the tool shows each group's size, its share of spend, its profile and the suggested
action. All the arithmetic is in the model.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from storecrm.analysis.segment_explorer import (
    CLUSTER_KS,
    ExplorerData,
    ExplorerSetting,
    explorer_table,
    store_explorer_data,
)
from storecrm.errors import CourseError
from storecrm.widgets.common import error_html, table_html

__all__ = ["SegmentExplorer", "segment_explorer"]

_STYLE = {"description_width": "12em"}
_MODES = {"RFM groups": "rfm", "behaviour clusters": "clusters"}


class SegmentExplorer(widgets.VBox):
    """Cut the members another way and read what each group is worth.

    Every control is in :attr:`controls` by its label (``"grouping"``, ``"high score cut"``,
    ``"low score cut"``, ``"number of clusters"``), so tests set them exactly as a click would.

    Parameters
    ----------
    data
        Prepared members (:func:`~storecrm.analysis.segment_explorer.explorer_data`); the
        committed data set when omitted.
    """

    def __init__(self, data: ExplorerData | None = None) -> None:
        self.data = store_explorer_data() if data is None else data
        start = ExplorerSetting()
        ks = tuple(self.data.clusters) or CLUSTER_KS
        self.controls: dict[str, widgets.ValueWidget] = {
            "grouping": widgets.ToggleButtons(
                options=list(_MODES), value="RFM groups", description="group by", style=_STYLE
            ),
            "high score cut": widgets.IntText(
                value=start.high_score, description="high = score at least", style=_STYLE
            ),
            "low score cut": widgets.IntText(
                value=start.low_score, description="low = score at most", style=_STYLE
            ),
            "number of clusters": widgets.IntSlider(
                value=start.k if start.k in ks else min(ks), min=min(ks), max=max(ks),
                description="number of clusters", continuous_update=False, style=_STYLE,
            ),
        }  # fmt: skip
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.message = widgets.HTML()
        self.results = widgets.HTML()
        self.error: str | None = None
        c = self.controls
        super().__init__(
            [
                widgets.HTML("<h4 style='margin:0.2em 0'>Segment explorer</h4>"),
                c["grouping"],
                widgets.HBox([c["high score cut"], c["low score cut"]]),
                c["number of clusters"],
                self.message,
                self.results,
            ],
            layout=widgets.Layout(max_width="60em"),
        )
        self.update()

    def _changed(self, _change: dict[str, Any]) -> None:
        self.update()

    def setting(self) -> ExplorerSetting:
        """The setting the controls show now (not yet checked)."""
        c = {k: w.value for k, w in self.controls.items()}
        return ExplorerSetting(
            mode=_MODES[c["grouping"]],
            high_score=c["high score cut"],
            low_score=c["low score cut"],
            k=c["number of clusters"],
        )

    def update(self) -> None:
        """Regroup and redraw the table (what every change calls)."""
        setting = self.setting()
        rfm = setting.mode == "rfm"
        self.controls["high score cut"].disabled = not rfm
        self.controls["low score cut"].disabled = not rfm
        self.controls["number of clusters"].disabled = rfm
        try:
            table = explorer_table(setting, self.data)
        except CourseError as exc:
            self.error = str(exc)
            self.message.value = error_html(self.error)
            self.results.value = ""
            return
        self.error = None
        self.message.value = ""
        caption = (
            f"RFM groups: high = score {setting.high_score} or more, low = "
            f"{setting.low_score} or less"
            if rfm
            else f"{setting.k} behaviour clusters"
        )
        self.results.value = table_html(table, caption)


def segment_explorer(data: ExplorerData | None = None) -> SegmentExplorer:
    """Return the segment explorer to display in JupyterLab."""
    return SegmentExplorer(data)
