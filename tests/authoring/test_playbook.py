"""``storecrm playbook pdf``: assembling the job aids from a built site, and its errors.

The HTML assembly is tested on a tiny fake site folder written by each test, so these tests
do not need a book build. One test prints that fake site with Chromium (skipped where there
is none) to check that each job aid starts a new sheet.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storecrm.authoring.playbook import (
    PLAYBOOK_DIR,
    PlaybookError,
    count_pdf_pages,
    extract_article,
    find_job_aids,
    playbook_html,
    write_playbook_pdf,
)
from storecrm.cli import main
from storecrm.printing import find_chromium

CHROME = """<header class="bd-header"><nav>Site menu</nav></header>
<div class="bd-sidebar-primary">Sidebar contents</div>
<main id="main-content" class="bd-main"><div class="bd-header-article"><button>Print</button></div>
<article class="bd-article">{body}</article>
<footer class="prev-next-footer">Previous page</footer></main>
<footer class="bd-footer">Site footer</footer>"""


def _page(title: str, body: str, *, css: str = "../../_static/site.css") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="stylesheet" type="text/css" href="{css}" />'
        '<script src="../../_static/site.js"></script></head><body>'
        + CHROME.format(body=body)
        + "</body></html>"
    )


def _aid(title: str, rows: int = 2) -> str:
    cells = "".join(f"<tr><td>{title} row {i}</td></tr>" for i in range(rows))
    return (
        f'<section><h1>{title}</h1><div class="pb-when"><p>Use it: now.</p></div>'
        f"<table><tbody>{cells}</tbody></table>"
        f'<script>console.log("{title}")</script></section>'
    )


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    """A fake built site: a home page, a Playbook index linking B then A, and C not linked."""
    root = tmp_path / "html"
    folder = root / PLAYBOOK_DIR
    folder.mkdir(parents=True)
    (root / "_static").mkdir()
    (root / "_static" / "site.css").write_text("body { font-size: 11pt; }\n", "utf-8")
    (root / "index.html").write_text(_page("Home", "<p>Welcome</p>"), "utf-8")
    index_body = (
        '<h1>Playbook</h1><p><a href="bravo.html">Bravo</a> '
        '<a href="alpha.html#top">Alpha</a> <a href="../../chapters/x.html">Chapter</a></p>'
    )
    (folder / "index.html").write_text(_page("Playbook", index_body), "utf-8")
    for name in ("alpha", "bravo", "charlie"):
        (folder / f"{name}.html").write_text(_page(name, _aid(name.capitalize())), "utf-8")
    return root


def test_job_aids_follow_the_order_of_the_index_links(site: Path) -> None:
    names = [p.name for p in find_job_aids(site)]
    # Linked pages first, in link order; a page the index does not link comes last.
    assert names == ["bravo.html", "alpha.html", "charlie.html"]


def test_missing_site_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PlaybookError, match=r"no built site in .*make book"):
        find_job_aids(tmp_path / "nothing-here")


def test_site_without_playbook_pages_is_a_clear_error(site: Path) -> None:
    for page in (site / PLAYBOOK_DIR).glob("*.html"):
        page.unlink()
    with pytest.raises(PlaybookError, match="no Playbook pages"):
        find_job_aids(site)


def test_extract_article_keeps_content_and_drops_chrome_and_scripts() -> None:
    text = extract_article(_page("Alpha", _aid("Alpha", rows=3)))
    assert "<h1>Alpha</h1>" in text
    assert text.count("<tr>") == 3
    assert "<script" not in text
    for chrome in ("Site menu", "Sidebar contents", "Previous page", "Site footer", "<button"):
        assert chrome not in text


def test_extract_article_falls_back_to_main_and_rejects_other_pages() -> None:
    assert extract_article("<main><p>Only main</p></main>") == "<p>Only main</p>"
    with pytest.raises(PlaybookError, match=r"odd\.html has no <article> or <main>"):
        extract_article("<html><body><p>Not ours</p></body></html>", source="odd.html")


def test_playbook_html_has_one_print_page_per_aid_in_order(site: Path) -> None:
    document = playbook_html(site)
    pages = re.findall(r'<div class="pb-print-page" data-page="([a-z]+)">', document)
    assert pages == ["bravo", "alpha", "charlie"]
    # Each page's own table is inside, the index page is not.
    for name in ("Alpha", "Bravo", "Charlie"):
        assert f"<h1>{name}</h1>" in document
        assert f"{name} row 1" in document
    assert "<h1>Playbook</h1>" not in document
    assert "<script" not in document
    assert "Site menu" not in document


def test_playbook_html_links_the_site_styles_from_the_playbook_folder(site: Path) -> None:
    document = playbook_html(site)
    base = re.search(r'<base href="([^"]+)">', document)
    assert base is not None
    assert base.group(1) == (site / PLAYBOOK_DIR).resolve().as_uri() + "/"
    assert 'href="../../_static/site.css"' in document
    # The stylesheet resolves from the base to the real file of the site.
    assert (site / PLAYBOOK_DIR / "../../_static/site.css").resolve().is_file()


def test_count_pdf_pages_counts_pages_not_the_page_tree() -> None:
    pdf = b"%PDF-1.4 << /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page /Parent 1 >>"
    assert count_pdf_pages(pdf) == 2
    assert count_pdf_pages(b"%PDF-1.4 << /Type /Pages /Count 0 >>") == 0


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_command_without_a_built_site_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["playbook", "pdf", "--site", str(tmp_path / "no-site")])
    assert status == 1
    line = _one_line_error(capsys)
    assert line.startswith("storecrm: error: no built site in")
    assert "make book" in line


def test_command_with_an_unwritable_output_folder_says_so_in_one_line(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    status = main(["playbook", "pdf", "--site", str(site), "--out", str(blocker / "pb.pdf")])
    assert status == 1
    assert "cannot create the output folder" in _one_line_error(capsys)


def test_command_without_chromium_says_so_in_one_line(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("STORECRM_CHROMIUM", "no-such-browser-here")
    status = main(["playbook", "pdf", "--site", str(site), "--out", str(tmp_path / "pb.pdf")])
    assert status == 1
    assert "Chromium is not installed" in _one_line_error(capsys)
    assert not (tmp_path / "pb.pdf").exists()


@pytest.mark.skipif(find_chromium() is None, reason="needs Chromium to print")
def test_each_job_aid_starts_a_new_sheet(site: Path, tmp_path: Path) -> None:
    # The fake site has no playbook-print.css: the break comes from the module's own CSS.
    out, pages = write_playbook_pdf(site, tmp_path / "out" / "playbook.pdf")
    assert out.read_bytes()[:4] == b"%PDF"
    assert pages == len(find_job_aids(site)) == 3
