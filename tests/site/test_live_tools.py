"""The live workshop tools as a trainer meets them: JupyterLab, a page opened with a
double-click, Run All, a control moved, the answer redrawn.

The widget tests (``tests/widgets``) set controls in Python; only a real browser shows that the
widget actually renders in JupyterLab (the front-end extension, the kernel, the comm messages)
and that the course's JupyterLab settings open a page as a notebook. JupyterLab runs headless
on a free loopback port over a *copy* of each page, with autosave off, so the test never
rewrites the course's sources.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[2]
SETTINGS = REPO / ".jupyter" / "lab" / "user-settings"
DOCMANAGER = Path("@jupyterlab") / "docmanager-extension" / "plugin.jupyterlab-settings"
TOKEN = "course-lab-test"


@dataclass(frozen=True)
class Tool:
    """One live tool: the page that holds it, a number control, and a value to type in it."""

    page: str
    control: str
    new_value: str


TOOLS = [
    Tool("chapters/05_membership/programme-simulator.md", "silver: enter at (¥)", "200"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _settings_without_autosave(target: Path) -> None:
    """Copy the course's JupyterLab settings, and switch autosave off for the test's copy."""
    text = (SETTINGS / DOCMANAGER).read_text(encoding="utf-8")
    settings = json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.MULTILINE))
    settings["autosave"] = False
    path = target / DOCMANAGER
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(settings), encoding="utf-8")


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer within 120 s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a headless JupyterLab over copies of the tool pages."""
    base = tmp_path_factory.mktemp("lab")
    root, settings, log = base / "root", base / "settings", base / "lab.log"
    for tool in TOOLS:
        (root / tool.page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / tool.page, root / tool.page)
    _settings_without_autosave(settings)
    port = _free_port()
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
    }
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.token={TOKEN}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=",
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(f"{url}api/status?token={TOKEN}", server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _run_all_until(page: object, control: object, timeout_s: float = 240) -> None:
    """Run All, as a trainer does, until the tool's control shows.

    JupyterLab may first ask which kernel to start (a page with no saved session): the test
    clicks "Select" as a trainer would. A Run All given while the kernel is still starting can
    be dropped, so when nothing runs and no tool shows, Run All is given again (the page's
    cells can run twice without harm).
    """
    accept = page.locator(".jp-Dialog button.jp-mod-accept")  # type: ignore[attr-defined]
    running = page.locator(".jp-InputPrompt", has_text="[*]")  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout_s
    last_run = -60.0
    while time.monotonic() < deadline:
        if control.count():  # type: ignore[attr-defined]
            return
        if accept.count():
            accept.first.click()
        elif not running.count() and time.monotonic() - last_run > 30:
            page.get_by_role("menuitem", name="Run", exact=True).click()  # type: ignore[attr-defined]
            page.click('[data-command="runmenu:run-all"]')  # type: ignore[attr-defined]
            last_run = time.monotonic()
        page.wait_for_timeout(500)  # type: ignore[attr-defined]
    shot = Path(os.environ.get("TMPDIR", "/tmp")) / "storecrm-lab-failure.png"
    page.screenshot(path=str(shot))  # type: ignore[attr-defined]
    pytest.fail(f"the tool's control did not appear within {timeout_s:.0f} s (screenshot: {shot})")


def _tool_text(page: object) -> str:
    """Everything the widgets show (controls excluded): the answer the room reads."""
    return page.evaluate(  # type: ignore[attr-defined, no-any-return]
        """() => [...document.querySelectorAll('.jp-OutputArea-output .widget-html-content')]
               .map(e => e.innerText).join('\\n')"""
    )


@pytest.mark.parametrize("tool", TOOLS, ids=lambda tool: Path(tool.page).stem)
def test_tool_answers_a_changed_control_in_jupyterlab(
    browser_page: object, lab_url: str, tool: Tool
) -> None:
    page = browser_page
    page.goto(f"{lab_url}lab/tree/{tool.page}?token={TOKEN}&reset")  # type: ignore[attr-defined]
    # The course's settings open the MyST page as a notebook, not as text.
    page.wait_for_selector(".jp-Notebook", timeout=60_000)  # type: ignore[attr-defined]
    control = page.locator(  # type: ignore[attr-defined]
        ".widget-inline-hbox",
        has=page.get_by_text(tool.control, exact=True),  # type: ignore[attr-defined]
    ).locator("input")
    _run_all_until(page, control)
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelectorAll('.widget-html-content').length > 0"
    )
    before = _tool_text(page)
    assert "¥" in before, "the tool drew no result"
    control.fill(tool.new_value)
    control.press("Enter")
    page.wait_for_function(  # type: ignore[attr-defined]
        """(before) => [...document.querySelectorAll(
               '.jp-OutputArea-output .widget-html-content')]
               .map(e => e.innerText).join('\\n') !== before""",
        arg=before,
        timeout=30_000,
    )
    assert _tool_text(page) != before
    assert not page.js_errors, page.js_errors  # type: ignore[attr-defined]
    assert "Traceback" not in page.inner_text(".jp-Notebook")  # type: ignore[attr-defined]
