"""Printing HTML to PDF with the system Chromium, for handouts and the Playbook.

Shared by :mod:`storecrm.quiz.handout` (quiz handouts) and
:mod:`storecrm.authoring.playbook` (the job aids). Jupyter Book 1's own PDF builder downloads
a browser, which these machines cannot do, so the course prints with Debian's ``chromium``
(installed by ``make system-deps``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["CHROMIUM_CANDIDATES", "find_chromium", "html_to_pdf"]

#: Where we look for Chromium, in order; ``STORECRM_CHROMIUM`` overrides them all.
CHROMIUM_CANDIDATES: tuple[str, ...] = (
    "/usr/bin/chromium",
    "chromium",
    "chromium-browser",
    "google-chrome",
)


def find_chromium() -> str | None:
    """Return a Chromium executable, or None if there is none on this machine."""
    override = os.environ.get("STORECRM_CHROMIUM")
    for candidate in (override,) if override else CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def html_to_pdf(html_path: Path, pdf_path: Path, *, timeout: float = 120) -> Path:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium.

    Raises ``RuntimeError`` with one readable sentence if Chromium is missing or fails.
    """
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError(
            "Chromium is not installed (looked for /usr/bin/chromium); run 'make system-deps' "
            "or print the HTML file from a browser"
        )
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path).resolve()
    pdf_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="storecrm-chromium-") as profile:
        cmd = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf_path}",
            html_path.as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"Chromium took longer than {timeout:g} s to print") from None
    if not pdf_path.is_file() or pdf_path.read_bytes()[:4] != b"%PDF":
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"Chromium did not write {pdf_path.name} ({last})")
    return pdf_path
