"""``storecrm playbook pdf``: print every Playbook job aid from the built site into one PDF.

Trainers pin the job aids by the till, so they want one file with one job aid per A4 sheet.
The pages already exist in the built site (``book/playbook/*.html``), with print styles in
``_static/playbook-print.css``; this module takes the article of each job aid page, puts them
one after another in a temporary HTML file that links the site's own style sheets, and prints
that file with the system Chromium (:func:`storecrm.printing.html_to_pdf`). Printing the
built pages rather than re-rendering the Markdown means the PDF shows exactly what the site
shows, computed tables included.

Problems a user can fix (site not built, Chromium missing, output folder not writable) raise
:class:`PlaybookError` with one sentence; the command turns it into one line on stderr.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from storecrm.edition import edition_label
from storecrm.errors import CourseError

__all__ = [
    "PLAYBOOK_DIR",
    "PlaybookError",
    "count_pdf_pages",
    "extract_article",
    "find_job_aids",
    "playbook_html",
    "register",
    "write_playbook_pdf",
]

#: Where the job aid pages are, inside the built site.
PLAYBOOK_DIR = "book/playbook"

_ARTICLE = re.compile(
    r"<article\b[^>]*\bclass=\"[^\"]*\bbd-article\b[^\"]*\"[^>]*>(?P<body>.*?)</article>",
    re.DOTALL | re.IGNORECASE,
)
_MAIN = re.compile(r"<main\b[^>]*>(?P<body>.*?)</main>", re.DOTALL | re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.DOTALL | re.IGNORECASE)
_STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"href=\"(?P<href>[^\"#?]+)(?:[?#][^\"]*)?\"")
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")

# Page breaks for the assembled file. The site's playbook-print.css has the same rules; they
# are repeated here so a site built before that style sheet existed still gets one aid a page.
_EXTRA_CSS = """
@media print {
  .pb-print-page { break-after: page; page-break-after: always; }
  .pb-print-page:last-child { break-after: auto; page-break-after: auto; }
}
.pb-edition { font-size: 7pt; color: #444; margin: 2mm 0 0; }
"""


class PlaybookError(CourseError):
    """A problem the user can fix (site not built, no Chromium, folder not writable)."""


def count_pdf_pages(pdf: bytes) -> int:
    """Count the pages of a PDF from its bytes (``/Type /Page`` objects, not ``/Pages``).

    Good enough for the single-file PDFs Chromium writes; it lets the command and the tests
    check "one job aid, one sheet" without a PDF library.
    """
    return len(_PDF_PAGE.findall(pdf))


def find_job_aids(site: Path) -> list[Path]:
    """The built job aid pages, in the order the Playbook index links them.

    Every ``book/playbook/*.html`` except the index is a job aid. Ordering by the index's
    links (not by file name) keeps the PDF in the order trainers see on the site; a page the
    index does not link comes last, by name.

    Raises
    ------
    PlaybookError
        If ``site`` is not a built site or has no Playbook pages.
    """
    site = Path(site)
    if not (site / "index.html").is_file():
        raise PlaybookError(
            f"no built site in '{site}' (index.html is missing): build the book first with "
            "'make book', or pass --site"
        )
    folder = site / PLAYBOOK_DIR
    index = folder / "index.html"
    pages = sorted(p for p in folder.glob("*.html") if p.name != "index.html")
    if not index.is_file() or not pages:
        raise PlaybookError(
            f"'{site}' has no Playbook pages ({PLAYBOOK_DIR}/*.html): rebuild the book with "
            "'make book'"
        )
    order: dict[str, int] = {}
    for match in _HREF.finditer(index.read_text("utf-8")):
        order.setdefault(Path(match["href"]).name, len(order))
    return sorted(pages, key=lambda p: (order.get(p.name, len(order)), p.name))


def extract_article(page_html: str, *, source: str = "page") -> str:
    """Return the article of a built page: the content, without menus, buttons or scripts.

    Uses the theme's ``<article class="bd-article">``, falling back to ``<main>``. Scripts
    are dropped because a printed sheet cannot run them and the temporary file must not try
    to load anything from the internet.

    Raises
    ------
    PlaybookError
        If the page has neither an article nor a main element (not a page of this site).
    """
    match = _ARTICLE.search(page_html) or _MAIN.search(page_html)
    if match is None:
        raise PlaybookError(f"{source} has no <article> or <main> content; rebuild the book")
    return _SCRIPT.sub("", match["body"]).strip()


def _stylesheets(page_html: str) -> list[str]:
    return _STYLESHEET.findall(page_html)


def playbook_html(site: Path, pages: Sequence[Path] | None = None) -> str:
    """Build one HTML document with every job aid, each in its own ``div.pb-print-page``.

    Relative links in the pages (style sheets, images) keep working because the document's
    ``<base>`` points at the Playbook folder of the built site. The site's style sheets are
    linked from the first page, so the PDF looks like the site's own print-out.
    """
    site = Path(site).resolve()
    pages = list(pages) if pages is not None else find_job_aids(site)
    if not pages:
        raise PlaybookError("there are no job aid pages to print")
    texts = [(page, Path(page).read_text("utf-8")) for page in pages]
    base = (site / PLAYBOOK_DIR).as_uri() + "/"
    # Every sheet says its edition, so a trainer can tell which printout is current.
    edition = (
        f'<p class="pb-edition">Maple Street Mart Playbook · {html.escape(edition_label())}</p>'
    )
    head = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<base href="{html.escape(base, quote=True)}">',
        "<title>Maple Street Mart Playbook</title>",
        *_stylesheets(texts[0][1]),
        f"<style>{_EXTRA_CSS}</style>",
        '</head><body class="pb-print-body"><main class="pb-print">',
    ]
    body = [
        f'<div class="pb-print-page" data-page="{html.escape(Path(page).stem)}">'
        f"{extract_article(text, source=Path(page).name)}{edition}</div>"
        for page, text in texts
    ]
    return "\n".join([*head, *body, "</main></body></html>"]) + "\n"


def _check_writable(out: Path) -> None:
    folder = out.parent
    if out.is_dir():
        raise PlaybookError(f"'{out}' is a folder; give a file name such as playbook.pdf")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlaybookError(
            f"cannot create the output folder '{folder}': {exc.strerror or exc}"
        ) from None
    if not os.access(folder, os.W_OK):
        raise PlaybookError(f"cannot write to the output folder '{folder}' (permission denied)")


def write_playbook_pdf(site: Path, out: Path, *, timeout: float = 120) -> tuple[Path, int]:
    """Print every job aid of the built ``site`` into ``out``; return the path and page count.

    Raises
    ------
    PlaybookError
        If the site is not built, the output folder is not writable, or Chromium is missing
        or fails.
    """
    from storecrm.printing import find_chromium, html_to_pdf

    site, out = Path(site), Path(out)
    pages = find_job_aids(site)
    if find_chromium() is None:
        raise PlaybookError(
            "Chromium is not installed (looked for /usr/bin/chromium); run 'make system-deps', "
            "or print each job aid from its page in a browser"
        )
    _check_writable(out)
    document = playbook_html(site, pages)
    with tempfile.TemporaryDirectory(prefix="storecrm-playbook-") as tmp:
        source = Path(tmp) / "playbook.html"
        source.write_text(document, "utf-8")
        try:
            html_to_pdf(source, out, timeout=timeout)
        except RuntimeError as exc:
            raise PlaybookError(str(exc)) from None
    return out, count_pdf_pages(out.read_bytes())


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``storecrm playbook pdf`` (called by :mod:`storecrm.authoring.cli`)."""
    parser = subparsers.add_parser(
        "playbook",
        help="print the Playbook job aids from the built site",
        description="Tools for the Playbook: one-page job aids for the shop floor.",
    )
    sub = parser.add_subparsers(dest="playbook_command", metavar="ACTION")
    sub.required = True
    pdf = sub.add_parser(
        "pdf",
        help="print every job aid into one PDF, one A4 page each",
        description="Print every job aid page of the built site (book/playbook/) into one PDF "
        "with Chromium, one job aid per A4 page. Build the book first ('make book').",
    )
    pdf.add_argument(
        "--site",
        type=Path,
        default=Path("_build/html"),
        metavar="DIR",
        help="the built HTML site (default: _build/html)",
    )
    pdf.add_argument(
        "--out",
        type=Path,
        default=Path("_build/playbook.pdf"),
        metavar="FILE",
        help="the PDF to write (default: _build/playbook.pdf)",
    )
    pdf.set_defaults(handler=_pdf)


def _pdf(args: argparse.Namespace) -> int:
    from storecrm.errors import CommandError

    try:
        aids = len(find_job_aids(args.site))
        out, pages = write_playbook_pdf(args.site, args.out)
    except PlaybookError as exc:
        raise CommandError(str(exc)) from None
    size_kb = out.stat().st_size / 1024
    print(f"wrote {out} ({pages} pages for {aids} job aids, {size_kb:,.0f} KB)")
    if pages != aids:
        print(
            f"storecrm: warning: {pages} pages for {aids} job aids; "
            "a job aid no longer fits on one A4 page",
            file=sys.stderr,
        )
    return 0
