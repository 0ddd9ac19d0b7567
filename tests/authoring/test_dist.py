"""The release archive: site + printables + README + checksums, the same bytes every time."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from storecrm.authoring.dist import archive_name, build_archive
from storecrm.edition import Edition
from storecrm.errors import CommandError

EDITION = Edition("9.8.7", "2027-03-04")


def _fake_site(root: Path) -> Path:
    site = root / "html"
    (site / "chapters").mkdir(parents=True)
    (site / "index.html").write_text("<html>home</html>", "utf-8")
    (site / "chapters" / "one.html").write_text("<html>one</html>", "utf-8")
    (site / ".buildinfo").write_text("sphinx cache", "utf-8")
    return site


def _printables(root: Path) -> tuple[Path, list[Path]]:
    base = root / "printables"
    (base / "quiz").mkdir(parents=True)
    files = [base / "playbook.pdf", base / "quiz" / "module-01-quiz.pdf"]
    for f in files:
        f.write_bytes(b"%PDF-1.4 " + f.name.encode())
    return base, files


def test_archive_holds_site_printables_readme_and_checksums(tmp_path: Path) -> None:
    base, files = _printables(tmp_path)
    target = build_archive(
        _fake_site(tmp_path),
        tmp_path / "out",
        printables=files,
        printables_root=base,
        edition=EDITION,
    )
    top = archive_name(EDITION)
    assert target.name == f"{top}.zip"
    with zipfile.ZipFile(target) as zf:
        names = set(zf.namelist())
        assert names == {
            f"{top}/README.txt",
            f"{top}/SHA256SUMS",
            f"{top}/site/index.html",
            f"{top}/site/chapters/one.html",
            f"{top}/printables/playbook.pdf",
            f"{top}/printables/quiz/module-01-quiz.pdf",
        }
        assert "Edition 9.8.7 (2027-03-04)" in zf.read(f"{top}/README.txt").decode()
        sums = zf.read(f"{top}/SHA256SUMS").decode().splitlines()
        assert len(sums) == len(names) - 1  # every file but the checksum file itself
        for line in sums:
            digest, rel = line.split("  ", 1)
            assert hashlib.sha256(zf.read(f"{top}/{rel}")).hexdigest() == digest


def test_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    site = _fake_site(tmp_path)
    a = build_archive(site, tmp_path / "a", edition=EDITION).read_bytes()
    b = build_archive(site, tmp_path / "b", edition=EDITION).read_bytes()
    assert a == b


def test_unbuilt_site_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Run 'make book' first"):
        build_archive(tmp_path / "nothing", tmp_path / "out", edition=EDITION)
