"""One look for every figure in the course.

Chinese names such as 枫街便利 must never render as empty boxes, so the style puts a CJK
font (Debian's ``fonts-noto-cjk``, installed by the set-up) first in the font list, and falls
back silently to DejaVu Sans where it is missing (text stays readable; only CJK glyphs suffer).
The palette is colour-blind safe (Okabe-Ito), because colour must never be the only carrier of
meaning.
"""

from __future__ import annotations

import matplotlib as mpl
from matplotlib import font_manager

__all__ = ["STORE_COLOURS", "use_store_style"]

#: Okabe-Ito colour-blind-safe palette, in the order charts use it.
STORE_COLOURS: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)

_CJK_CANDIDATES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "WenQuanYi Zen Hei")


def _available_cjk_fonts() -> list[str]:
    names = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in _CJK_CANDIDATES if name in names]


def use_store_style() -> None:
    """Apply the course's matplotlib style: CJK-capable fonts, readable sizes, safe colours.

    Call it once at the top of a notebook. It changes only matplotlib's global rcParams, so
    calling it again is harmless.
    """
    mpl.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [*_available_cjk_fonts(), "DejaVu Sans"],
            "axes.unicode_minus": False,
            "axes.prop_cycle": mpl.cycler(color=list(STORE_COLOURS)),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.labelsize": 10,
            "figure.figsize": (7.0, 3.8),
            "figure.dpi": 100,
            "savefig.bbox": "tight",
            "svg.hashsalt": "storecrm",
        }
    )
