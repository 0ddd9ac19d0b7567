"""``storecrm dist``: one download per release, holding the site and every printable.

The archive is what a chain hands out offline or puts on its intranet::

    maple-street-mart-crm-academy-0.2.0/
        README.txt            what is inside, how to open it, what needs a server
        SHA256SUMS            one line per file, checkable with ``sha256sum -c SHA256SUMS``
        site/                 the built book; open site/index.html
        printables/
            playbook.pdf      the job aids, one A4 page each (when it was built)
            quiz/             per module: the handout with its answer key (HTML and PDF),
                              standard order and a shuffled version for a second group

It is a zip (Windows opens it without extra tools), written byte for byte the same for the
same inputs: entries sorted, every timestamp set to the edition date, fixed permissions.
Later printables (assessments, certificates) join by being written into ``printables/``.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from tqdm import tqdm

from storecrm.edition import Edition, current
from storecrm.errors import CommandError

__all__ = ["SHUFFLED_SEED", "archive_name", "build_archive", "register", "write_printables"]

#: The seed of the shuffled handout in the archive (a second group gets a different order).
SHUFFLED_SEED = 1

_README = """\
Maple Street Mart CRM Academy - {label}
========================================================

A free staff training course on customer relationships for convenience stores and
supermarkets. All customer data in it is synthetic.

What is inside
--------------
site/          The course as a web site. Open site/index.html in a browser.
printables/    Ready to print: playbook.pdf (job aids, one A4 page each) and quiz/
               (each module's self-check handout with a separate answer key; the
               "-seed-{seed}" files are the same questions in another order).
SHA256SUMS     Checksums. On Linux or macOS: sha256sum -c SHA256SUMS

Opening the site without a server
---------------------------------
Double-click site/index.html. Reading, the menu, search and the quizzes work straight
from the folder. What needs a small web server instead (browsers restrict pages opened
from a folder):
  - the "download this page" buttons that fetch source files may be blocked;
  - some browsers block the search index when a page is opened from a folder.
If anything does not work, serve the folder with Python (one line, nothing to install):

    python3 -m http.server 8000 --directory site

then open http://localhost:8000 .

Putting it on a store's intranet
--------------------------------
Copy the contents of site/ to any static web server. Every link in the site is relative,
so it works under a sub-path (for example http://intranet/training/crm/) as it is.
The course's how-to page "Publishing and hosting the course" has the steps.

Edition
-------
{label}. Every page footer and every printout shows this edition, so you can tell
which printout belongs to which version. What changed: see CHANGELOG in the
course repository.
"""


def archive_name(edition: Edition) -> str:
    """``maple-street-mart-crm-academy-0.2.0``: the archive's folder and file stem."""
    return f"maple-street-mart-crm-academy-{edition.version}"


def write_printables(out: Path, *, playbook: Path | None, root: Path | None = None) -> list[Path]:
    """Write every printable into ``out``: the Playbook PDF (copied) and all quiz handouts.

    Each module's handout is printed twice (standard order, and shuffled with
    :data:`SHUFFLED_SEED`), as HTML and PDF. Printing takes a few seconds per file, so a
    progress bar shows it.
    """
    from storecrm.quiz.bank import find_project_root, load_all_banks
    from storecrm.quiz.handout import write_handout

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if playbook is not None:
        if not playbook.is_file():
            raise CommandError(
                f"the Playbook PDF {playbook} does not exist", hint="Run 'make playbook-pdf'"
            )
        written.append(Path(shutil.copyfile(playbook, out / "playbook.pdf")))
    banks = load_all_banks(find_project_root(root))
    jobs = [(bank, shuffle) for bank in banks for shuffle in (False, True)]
    for bank, shuffle in tqdm(jobs, desc="Printing quiz handouts", unit="handout"):
        written += write_handout(
            bank, out / "quiz", shuffle=shuffle, seed=SHUFFLED_SEED if shuffle else 0, pdf=True
        )
    return written


def _files(folder: Path) -> list[Path]:
    """Every file under ``folder``, sorted, as paths relative to it."""
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _zip(folder: Path, top: str, target: Path, date: tuple[int, ...]) -> None:
    """Write ``folder`` into ``target`` under ``top/``, the same bytes for the same files."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel in _files(folder):
            info = zipfile.ZipInfo(f"{top}/{rel.as_posix()}", date_time=date)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, (folder / rel).read_bytes())


def build_archive(
    site: Path,
    out_dir: Path,
    *,
    printables: Iterable[Path] = (),
    printables_root: Path | None = None,
    edition: Edition | None = None,
) -> Path:
    """Assemble site, printables, README and checksums into ``out_dir/<name>.zip``.

    ``printables`` are files under ``printables_root``; they keep their paths below it.
    Returns the archive's path. Raises CommandError when the site was not built.
    """
    edition = edition or current()
    site = Path(site)
    if not (site / "index.html").is_file():
        raise CommandError(f"no built site at {site}", hint="Run 'make book' first")
    name = archive_name(edition)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="storecrm-dist-") as tmp:
        stage = Path(tmp) / name
        shutil.copytree(site, stage / "site", ignore=shutil.ignore_patterns(".buildinfo"))
        for path in printables:
            rel = Path(path).relative_to(printables_root) if printables_root else Path(path).name
            dest = stage / "printables" / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
        (stage / "README.txt").write_text(
            _README.format(label=edition.label, seed=SHUFFLED_SEED), "utf-8"
        )
        sums = [f"{_sha256(stage / rel)}  {rel.as_posix()}" for rel in _files(stage)]
        (stage / "SHA256SUMS").write_text("\n".join(sums) + "\n", "utf-8")
        target = out_dir / f"{name}.zip"
        year, month, day = (int(x) for x in edition.date.split("-"))
        _zip(stage, name, target, (year, month, day, 0, 0, 0))
    return target


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``storecrm dist`` to the command line."""
    p = subparsers.add_parser(
        "dist",
        help="write the release archive: built site, Playbook PDF, quiz handouts, checksums",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    p.add_argument("--site", type=Path, default=Path("_build/html"), help="the built site")
    p.add_argument(
        "--playbook",
        type=Path,
        default=None,
        help="the Playbook PDF to include (make playbook-pdf writes _build/playbook.pdf)",
    )
    p.add_argument("--out", type=Path, default=Path("_build/dist"), help="output folder")
    p.add_argument("--root", type=Path, default=None, help="course root folder")
    p.set_defaults(handler=_dist)


def _dist(args: argparse.Namespace) -> int:
    if not (args.site / "index.html").is_file():
        raise CommandError(f"no built site at {args.site}", hint="Run 'make book' first")
    with tempfile.TemporaryDirectory(prefix="storecrm-printables-") as tmp:
        root = Path(tmp)
        try:
            files = write_printables(root, playbook=args.playbook, root=args.root)
        except RuntimeError as exc:  # Chromium missing or failing
            raise CommandError(str(exc)) from None
        target = build_archive(args.site, args.out, printables=files, printables_root=root)
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB, {current().label})")
    return 0
