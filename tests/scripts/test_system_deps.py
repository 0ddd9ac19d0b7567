"""scripts/system-deps.sh, run with fake dpkg-query, apt-get, id, fuser and sleep on PATH.

The fakes record their calls in a log file, so each test sees exactly what the script would
have asked of the real machine, without root and without touching its packages.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "system-deps.sh"

FAKES = {
    # Installed packages are listed in $FAKE_INSTALLED (space-separated).
    "dpkg-query": """#!/bin/bash
echo "dpkg-query $*" >> "$FAKE_LOG"
pkg="${@: -1}"
for p in $FAKE_INSTALLED; do
  if [ "$p" = "$pkg" ]; then printf 'install ok installed'; exit 0; fi
done
printf 'unknown ok not-installed'; exit 1
""",
    "apt-get": """#!/bin/bash
echo "apt-get DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> "$FAKE_LOG"
""",
    "id": """#!/bin/bash
echo "${FAKE_UID:-0}"
""",
    # Holds the lock for the first $FAKE_LOCK_CALLS calls (a counter file counts them).
    "fuser": """#!/bin/bash
n=$(cat "$FAKE_LOG.fuser" 2>/dev/null || echo 0); echo $((n + 1)) > "$FAKE_LOG.fuser"
if [ "$n" -lt "${FAKE_LOCK_CALLS:-0}" ]; then echo " 4242"; exit 0; fi
exit 1
""",
    "sleep": "#!/bin/bash\nexit 0\n",
}


@pytest.fixture()
def fake_system(tmp_path: Path) -> dict[str, str]:
    """PATH with the fakes first; ``FAKE_LOG`` collects their calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in FAKES.items():
        path = bin_dir / name
        path.write_text(body, encoding="utf-8")
        path.chmod(0o755)
    return {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "FAKE_LOG": str(tmp_path / "calls.log"),
        "HOME": str(tmp_path),
    }


def run(env: dict[str, str], **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT)],
        env={**env, **extra},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def calls(env: dict[str, str]) -> list[str]:
    log = Path(env["FAKE_LOG"])
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_prints_nothing_when_everything_is_installed(fake_system: dict[str, str]) -> None:
    result = run(fake_system, FAKE_INSTALLED="chromium fonts-noto-cjk")
    assert result.returncode == 0
    assert result.stdout == "" and result.stderr == ""
    assert not any(c.startswith("apt-get") for c in calls(fake_system))
    asked = [c for c in calls(fake_system) if c.startswith("dpkg-query")]
    assert any(c.endswith(" chromium") for c in asked)
    assert any(c.endswith(" fonts-noto-cjk") for c in asked)


def test_installs_only_what_is_missing_as_root(fake_system: dict[str, str]) -> None:
    result = run(fake_system, FAKE_INSTALLED="chromium")
    assert result.returncode == 0, result.stderr
    assert "installing Debian packages: fonts-noto-cjk" in result.stdout
    apt = [c for c in calls(fake_system) if c.startswith("apt-get")]
    assert len(apt) == 2, apt  # update, then install
    assert all("DEBIAN_FRONTEND=noninteractive" in c for c in apt)
    assert all("DPkg::Lock::Timeout=" in c for c in apt)
    install = apt[1]
    assert " install " in install and "fonts-noto-cjk" in install
    assert "chromium" not in install


def test_without_root_says_what_still_works_and_does_not_fail(
    fake_system: dict[str, str],
) -> None:
    # No sudo on this PATH (only the fakes, /usr/bin and /bin): hide a real one if present.
    if Path("/usr/bin/sudo").exists() or Path("/bin/sudo").exists():
        sudo = Path(fake_system["FAKE_LOG"]).parent / "bin" / "sudo"
        sudo.write_text("#!/bin/bash\nexit 1\n", encoding="utf-8")
        sudo.chmod(0o755)
    result = run(fake_system, FAKE_INSTALLED="", FAKE_UID="1000")
    assert result.returncode == 0
    message = " ".join(result.stderr.split())
    assert "need root (or sudo) to apt-get install chromium fonts-noto-cjk" in message
    assert "Building the site works without them" in message
    assert len(result.stderr.strip().splitlines()) == 1  # one line, as promised
    assert not any(c.startswith("apt-get") for c in calls(fake_system))


def test_waits_for_a_held_package_lock_then_installs(fake_system: dict[str, str]) -> None:
    result = run(fake_system, FAKE_INSTALLED="fonts-noto-cjk", FAKE_LOCK_CALLS="20")
    assert result.returncode == 0, result.stderr
    waits = [line for line in result.stdout.splitlines() if "waiting for another" in line]
    assert len(waits) == 2, result.stdout  # at 0 s and at 15 s of the 20 s held
    assert "pid 4242" in waits[0]
    assert any(c.startswith("apt-get") and "chromium" in c for c in calls(fake_system))


def test_gives_up_with_a_clear_message_when_the_lock_stays_held(
    fake_system: dict[str, str],
) -> None:
    result = run(fake_system, FAKE_INSTALLED="", FAKE_LOCK_CALLS="1000", SYSTEM_DEPS_LOCK_WAIT="30")
    assert result.returncode == 1
    assert "still held (pid 4242) after 30s" in result.stderr
    assert not any(c.startswith("apt-get") for c in calls(fake_system))
