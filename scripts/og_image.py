"""Draw the picture a chat app shows when a link to the course is shared (Open Graph image).

Run once after changing the course's name or colours; the PNG is committed so the book build
does not depend on fonts being installed:

    uv run python scripts/og_image.py book/_static/og-image.png
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

WIDTH_PX, HEIGHT_PX, DPI = 1200, 630, 100
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]


def draw(out: Path) -> Path:
    """Write a 1200 x 630 PNG card with the course name in English and Chinese."""
    plt.rcParams["font.family"] = CJK_FONTS
    fig = plt.figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    fig.patch.set_facecolor("#1f5f3f")
    fig.text(0.07, 0.70, "Maple Street Mart", color="#ffd166", fontsize=40, weight="bold")
    fig.text(0.07, 0.57, "CRM Academy", color="white", fontsize=40, weight="bold")
    fig.text(0.07, 0.42, "枫街便利客户关系学院", color="white", fontsize=30)
    fig.text(
        0.07,
        0.20,
        "Service, complaints, membership and customer data\n"
        "for convenience-store and supermarket staff",
        color="#e8f0ea",
        fontsize=20,
        linespacing=1.4,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=DPI, facecolor=fig.get_facecolor(), metadata={"Software": None})
    plt.close(fig)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/og_image.py OUT.png")
    print(draw(Path(sys.argv[1])))
