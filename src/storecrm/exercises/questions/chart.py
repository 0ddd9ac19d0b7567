"""A question whose answer is a matplotlib chart, checked on what the task asks.

What a chart shows is read from matplotlib's own objects, the way a reader sees it: the
bars (only real bars, from a ``BarContainer``: a shaded span drawn with ``axvspan`` is not a
bar), where each bar or point stands on the axis (its tick label if one sits under it, else
its position, so bars at 0..n under no labels are not "the hours"), and the heights. A line
chart with text or date x values is read too, so a legitimate line is never blamed on the
learner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from storecrm.exercises.compare import describe_type, is_number, numbers_close
from storecrm.exercises.feedback import Feedback, Status
from storecrm.exercises.questions.base import ExpectingQuestion

__all__ = ["ChartMarks", "ChartQuestion", "chart_marks"]

ChartKind = Literal["bar", "line"]
_KIND_WORDS = {"bar": "a bar chart", "line": "a line chart"}
_HOW = {"bar": "`.plot.bar()`", "line": "`.plot()` or `.plot.line()`"}


@dataclass(frozen=True)
class ChartMarks:
    """What a chart shows: its kind, where each mark stands (in axis order) and its height."""

    kind: ChartKind
    xs: list[Any]
    heights: list[float]


class ChartQuestion(ExpectingQuestion):
    """A chart, checked on its kind, which bars, where they stand, their heights and labels.

    ``expected`` returns a Series: the index is what the x axis shows (in order), the values
    are the bar heights or line points. ``chart_kind`` is the kind the task asks for
    (``None`` accepts bars or a line). ``zero_rows`` lists x values the learner may show
    with height 0 although the data leaves them out (every hour 0-23). ``label_words``
    optionally lists words one of which each label must contain, e.g.
    ``{"xlabel": ("hour",)}``. The learner's variable may hold the Axes (what
    ``Series.plot`` returns) or the Figure.
    """

    kind = "chart"

    def __init__(
        self,
        *,
        chart_kind: ChartKind | None = None,
        row_word: str = "value",
        zero_rows: Iterable[Any] = (),
        label_words: dict[str, Sequence[str]] | None = None,
        order_words: str = "in the order of the x axis",
        atol: float = 1e-6,
        rtol: float = 1e-9,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.chart_kind = chart_kind
        self.row_word = row_word
        self.zero_rows = tuple(zero_rows)
        self.label_words = dict(label_words or {})
        self.order_words = order_words
        self.atol = atol
        self.rtol = rtol

    def _evaluate(self, answer: Any) -> Feedback:
        name = self.variable
        ax = _axes_of(answer)
        if isinstance(ax, str):
            return self._feedback(Status.INCORRECT, ax.format(name=name))
        marks = chart_marks(ax)
        if marks is None:
            wanted = {"bar": "bars", "line": "line"}.get(self.chart_kind or "", "bars or line")
            return self._feedback(
                Status.INCORRECT, f"The chart `{name}` has no {wanted} on it yet ({self.what})."
            )
        if self.chart_kind is not None and marks.kind != self.chart_kind:
            return self._feedback(
                Status.INCORRECT,
                f"The task asks for {_KIND_WORDS[self.chart_kind]}, but `{name}` is "
                f"{_KIND_WORDS[marks.kind]}. Draw it with {_HOW[self.chart_kind]}.",
            )
        problem = self._compare(marks)
        if problem:
            return self._feedback(Status.INCORRECT, problem)
        return self._check_labels(ax) or self._correct(self.expected)

    def _compare(self, marks: ChartMarks) -> str:
        name = self.variable
        want = self.expected
        want_x = list(want.index)
        got = [(x, h) for x, h in zip(marks.xs, marks.heights, strict=True)]
        # Marks at allowed extra positions with height 0 are as good as no mark.
        got = [
            (x, h)
            for x, h in got
            if not (
                abs(h) < 1e-12
                and _position(x, self.zero_rows) is not None
                and _position(x, want_x) is None
            )
        ]
        things = "bars" if marks.kind == "bar" else "points"
        if len(got) != len(want_x):
            return (
                f"The chart `{name}` shows too {'many' if len(got) > len(want_x) else 'few'} "
                f"{things}: there should be one per {self.row_word} ({self.what})."
            )
        places = [_position(x, want_x) for x, _ in got]
        for (x, _), place in zip(got, places, strict=True):
            if place is None:
                return (
                    f"The chart `{name}` has a {things[:-1]} at {_shown(x)} on the axis, which "
                    f"is not a {self.row_word} in {self.what}. Each {things[:-1]} should stand "
                    f"at its {self.row_word}: plot the Series itself, so its labels go on the "
                    "axis."
                )
        if places != sorted(places) or len(set(places)) != len(places):
            return f"The chart `{name}` shows the right numbers, but not {self.order_words}."
        heights = np.asarray([h for _, h in got], dtype=float)
        expected = np.asarray(want.to_numpy(), dtype=float)
        if all(
            numbers_close(g, w, atol=self.atol, rtol=self.rtol)
            for g, w in zip(heights, expected, strict=True)
        ):
            return ""
        for mistake in self.misconceptions:
            if mistake.when(heights, expected):
                return mistake.message.format(name=name)
        return f"The heights in the chart `{name}` do not match {self.what}."

    def _check_labels(self, ax: Any) -> Feedback | None:
        name = self.variable
        suptitle = ax.figure._suptitle
        title = ax.get_title() or (suptitle.get_text() if suptitle else "")
        labels = {
            "title": ("title", title),
            "xlabel": ("horizontal axis label", ax.get_xlabel()),
            "ylabel": ("vertical axis label", ax.get_ylabel()),
        }
        for key, (words, text) in labels.items():
            text = text.strip()
            if not text:
                how = "with `ax.set_title(...)`" if key == "title" else f"with `ax.set_{key}(...)`"
                return self._feedback(
                    Status.INCORRECT,
                    f"The data in `{name}` is right, but it has no {words}. Add one {how}.",
                )
            if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", text):
                return self._feedback(
                    Status.INCORRECT,
                    f"The {words} of `{name}` is `{text}`, a column name. Write it for a "
                    "colleague: what is shown, and in which unit.",
                )
            wanted = self.label_words.get(key, ())
            if wanted and not any(w.casefold() in text.casefold() for w in wanted):
                return self._feedback(
                    Status.INCORRECT,
                    f'The {words} of `{name}` ("{text}") should say what it shows: mention '
                    + " or ".join(f"'{w}'" for w in wanted)
                    + ".",
                )
        return None


def _axes_of(answer: Any) -> Any:
    """The Axes to check, or a message (with ``{name}``) saying why there is none.

    Besides an Axes or a Figure, what ``plt.bar`` (a BarContainer) and ``plt.plot`` (a list
    of lines) return is accepted: it is the same chart, reached another way.
    """
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    if isinstance(answer, Figure):
        axes = answer.get_axes()
        return axes[0] if axes else "The figure `{name}` has no chart in it."
    if isinstance(answer, Axes):
        return answer
    if isinstance(answer, np.ndarray) and answer.size and isinstance(answer.flat[0], Axes):
        return answer.flat[0]
    if isinstance(answer, BarContainer) and answer.patches and answer.patches[0].axes:
        return answer.patches[0].axes
    if isinstance(answer, list) and answer and isinstance(answer[0], Line2D) and answer[0].axes:
        return answer[0].axes
    return (
        "`{name}` should be a chart (the Axes that `.plot(...)` returns), but it is "
        + describe_type(answer).replace("{", "{{").replace("}", "}}")
        + "."
    )


def chart_marks(ax: Any) -> ChartMarks | None:
    """Read the bars (or else the first line with 2+ points) of an Axes, in axis order."""
    from matplotlib.container import BarContainer

    containers = [c for c in ax.containers if isinstance(c, BarContainer) and len(c.patches)]
    if containers:
        horizontal = containers[0].orientation == "horizontal"
        patches = [p for c in containers for p in c.patches]
        if horizontal:
            centres = [p.get_y() + p.get_height() / 2 for p in patches]
            sizes = [p.get_width() for p in patches]
            axis = ax.yaxis
        else:
            centres = [p.get_x() + p.get_width() / 2 for p in patches]
            sizes = [p.get_height() for p in patches]
            axis = ax.xaxis
        order = np.argsort(centres, kind="stable")
        ticks = _tick_texts(axis)
        return ChartMarks(
            "bar",
            [_tick_or_position(centres[i], ticks) for i in order],
            [float(sizes[i]) for i in order],
        )
    for line in ax.lines:
        raw_x = np.asarray(line.get_xdata(orig=True), dtype=object)
        y = np.asarray(line.get_ydata(), dtype=float)
        if y.size < 2:
            continue
        if all(is_number(x) for x in raw_x):
            ticks = _tick_texts(ax.xaxis)
            xs = [_tick_or_position(float(x), ticks) for x in raw_x]
            order = np.argsort(np.asarray(raw_x, dtype=float), kind="stable")
        else:
            xs = [_as_label(x) for x in raw_x]
            order = np.arange(len(xs))  # text and dates are drawn in the order given
        return ChartMarks("line", [xs[i] for i in order], [float(y[i]) for i in order])
    return None


def _tick_texts(axis: Any) -> list[tuple[float, str]]:
    locs = axis.get_ticklocs()
    texts = [t.get_text() for t in axis.get_ticklabels()]
    return [(float(loc), text) for loc, text in zip(locs, texts, strict=False) if text.strip()]


def _tick_or_position(position: float, ticks: list[tuple[float, str]]) -> Any:
    """What a reader sees under a mark: the tick label there, else the position itself."""
    for loc, text in ticks:
        if abs(loc - position) < 1e-6:
            return text.strip()
    return position


def _as_label(value: Any) -> Any:
    if isinstance(value, pd.Period):
        return value.to_timestamp()
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value)
    return value


def _position(shown: Any, labels: Sequence[Any]) -> int | None:
    """Index of the label in ``labels`` that ``shown`` (a tick text or a value) stands for."""
    for index, label in enumerate(labels):
        if _same_label(shown, label):
            return index
    return None


def _same_label(shown: Any, label: Any) -> bool:
    if isinstance(label, pd.Timestamp | np.datetime64 | pd.Period):
        try:
            return pd.Timestamp(_as_label(shown)) == pd.Timestamp(_as_label(label))
        except (TypeError, ValueError):
            return False
    if is_number(label):
        if isinstance(shown, str):
            try:
                shown = float(shown.replace("\u2212", "-").replace(",", ""))
            except ValueError:
                return False
        return is_number(shown) and numbers_close(float(shown), float(label), atol=1e-9, rtol=1e-9)
    return str(shown).strip() == str(label).strip()


def _shown(x: Any) -> str:
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)
