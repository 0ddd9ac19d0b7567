"""Every printable of the course, written by the same build that writes the site.

Trainers need paper: the quiz handout and its answer key (standard order and a shuffled
version), each workshop plan on one A4 sheet, the role-play cards, a blank complaint ticket
(投诉登记单), the five complaint steps with blanks for the store's own owners and phone
numbers, and the one-page agenda of each training programme (one per day of the induction
week; :mod:`storecrm.trainers`). This module knows that list (:func:`catalogue`), renders each
item as a small self-contained HTML file and, when Chromium is installed, prints it to PDF
(:func:`write_printables`). It is a Sphinx extension too: after the HTML build it writes
everything into ``_build/html/_downloads/printables/module-NN/``, and the ``printables``
directive puts a table of links on the trainer's pages. So the site, ``make book``, the strict
build and the publishing workflow all carry the same files, and a link can never point at a
file the build did not write.

Plans, cards and the steps table are cut from the built pages, not re-rendered from Markdown:
the printout shows what the site shows, rules placeholders filled in.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from storecrm.edition import edition_label
from storecrm.errors import CourseError

__all__ = [
    "PRINTABLES_DIR",
    "Printable",
    "PrintablesError",
    "assessment_catalogue",
    "catalogue",
    "programme_printables",
    "render",
    "setup",
    "write_printables",
]

#: Where the printables go, inside the built site.
PRINTABLES_DIR = "_downloads/printables"
#: The seed of the shuffled version (the same as the release archive's).
SHUFFLED_SEED = 1
TRAINERS = "book/trainers"

_CSS = """
@page { size: A4 %(orientation)s; margin: 11mm 12mm; }
body { font-family: "Noto Sans", "Noto Sans CJK SC", "DejaVu Sans", sans-serif;
       font-size: %(size)s; line-height: 1.3; color: #000; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 4pt; }
h2 { font-size: 12.5pt; margin: 8pt 0 4pt; }
h3 { font-size: 11pt; margin: 6pt 0 3pt; }
p { margin: 2pt 0 4pt; }
table { border-collapse: collapse; width: 100%%; margin: 4pt 0 6pt; }
th, td { border: 1px solid #000; padding: 2.5pt 4pt; vertical-align: top; text-align: left; }
th { background: #eee; }
ul { margin: 2pt 0 4pt; padding-left: 14pt; }
li { margin: 1pt 0; }
.edition { font-size: 7pt; color: #444; margin-top: 4pt; }
.blank { min-width: 32mm; }
.write { height: %(write)s; }
td.blank { height: 7mm; }
.opt { white-space: nowrap; margin-right: 4pt; }
.box { display: inline-block; width: 9pt; height: 9pt; border: 1.2px solid #000;
       margin: 0 3pt 0 8pt; position: relative; top: 1pt; }
section.situation { break-inside: avoid; }
input[type=checkbox] { margin: 0 4pt 0 0; }
"""


class PrintablesError(CourseError):
    """A printable cannot be made: a page is missing from the build, or a sheet overflowed."""


@dataclass(frozen=True)
class Printable:
    """One downloadable file (HTML always, PDF when Chromium is installed).

    ``pages`` is the number of A4 sheets it must print on, or ``None`` when that depends on
    its content (a quiz with more questions takes more sheets). A part's assessment sheets
    belong to a ``part`` instead of a module, and a programme's agenda names its
    ``programme`` and ``day``; ``module`` is then ``None``.
    """

    module: int | None
    name: str
    title: str
    kind: str
    pages: int | None = None
    part: int | None = None
    programme: str | None = None
    day: str | None = None

    @property
    def folder(self) -> str:
        """The module's (or part's, or the programmes') folder under :data:`PRINTABLES_DIR`."""
        if self.module is None:
            if self.part is not None:
                return f"{PRINTABLES_DIR}/part-{self.part}"
            return f"{PRINTABLES_DIR}/programmes"
        return f"{PRINTABLES_DIR}/module-{self.module:02d}"

    @property
    def label(self) -> str:
        """The link text: ``Module 3 answer key, ...``, or the sheet's or agenda's own title."""
        if self.module is None:
            return self.title
        return f"Module {self.module} {self.title.lower()}"

    def path(self, suffix: str) -> str:
        """Where the file lives in the built site, e.g. ``path(".pdf")``."""
        return f"{self.folder}/{self.name}{suffix}"


def _has_roleplay_section(source: Path) -> bool:
    return bool(re.search(r"^## Role-play", source.read_text("utf-8"), re.MULTILINE))


def programme_printables(root: Path, programme: str | None = None) -> list[Printable]:
    """The one-page agenda of each programme (of each day, when it has several days).

    Parameters
    ----------
    root
        The course folder: the programmes are checked against it.
    programme
        Only this programme's agendas; default: every programme.
    """
    from storecrm.trainers.programmes import ProgrammeError, load_programmes

    programmes = load_programmes(Path(root))
    if programme is not None and programme not in {p.id for p in programmes}:
        raise ProgrammeError(f"no programme '{programme}'",
                             hint=f"Use one of: {', '.join(p.id for p in programmes)}")  # fmt: skip
    items = []
    for p in programmes:
        if programme is not None and p.id != programme:
            continue
        for day in p.days:
            several = len(p.days) > 1
            name = f"{p.id}-{day.name.lower()}-agenda" if several else f"{p.id}-agenda"
            title = f"{p.short}, {day.name}: one-page agenda" if several else (
                f"{p.short}: one-page agenda")  # fmt: skip
            items.append(Printable(None, name, title, "agenda", 1, programme=p.id, day=day.name))
    return items


def catalogue(root: Path, modules: Iterable[int] | None = None) -> list[Printable]:
    """Every printable, module by module, then the programmes' agendas.

    Parameters
    ----------
    root
        The course folder (holding ``_toc.yml``).
    modules
        Only these modules (and no agendas); default: every module with a quiz bank, and
        every programme's agendas (:func:`programme_printables`).
    """
    banks = _banks(Path(root).resolve())
    chosen = sorted(banks) if modules is None else sorted(modules)
    items: list[Printable] = []
    for m in chosen:
        if m not in banks:
            raise PrintablesError(
                f"module {m} has no quiz bank",
                hint="Use a module with a chapters/NN_*/quiz.yml",
            )
        stem = f"module-{m:02d}"
        for label, suffix in (("standard order", ""), ("shuffled version", "-shuffled")):
            items += [
                Printable(m, f"{stem}-quiz-handout{suffix}", f"Quiz handout, {label}", "handout"),
                Printable(m, f"{stem}-answer-key{suffix}", f"Answer key, {label}", "key"),
            ]
        for minutes in (60, 90):
            items.append(
                Printable(m, f"{stem}-plan-{minutes}", f"{minutes}-minute workshop plan", "plan", 1)
            )
        page = root / TRAINERS / f"{stem}.md"
        if m == 3 or (page.is_file() and _has_roleplay_section(page)):
            items.append(Printable(m, f"{stem}-roleplay-cards", "Role-play cards", "cards"))
        if m == 3:
            items += [
                Printable(
                    m, "complaint-ticket", "Blank complaint ticket (投诉登记单)", "ticket", 1
                ),
                Printable(
                    m,
                    "complaint-contacts",
                    "Five complaint steps with your store's owners and phone numbers",
                    "contacts",
                    1,
                ),
            ]
    if modules is None:
        items += programme_printables(root)
    return items


def assessment_catalogue(root: Path, parts: Iterable[int] | None = None) -> list[Printable]:
    """The end-of-part assessment's sheets: per part, the question sheet and its answer key.

    Parameters
    ----------
    root
        The course folder (holding ``_toc.yml``).
    parts
        Only these part numbers; default: every part of ``_toc.yml``.
    """
    from storecrm.quiz.assessment import course_parts, find_part

    root = Path(root).resolve()
    chosen = course_parts(root) if parts is None else [find_part(p, root) for p in parts]
    items: list[Printable] = []
    for part in chosen:
        stem = f"part-{part.number}-assessment"
        items += [
            Printable(
                None, f"{stem}-questions", f"{part.label} assessment, question sheet",
                "assessment", part=part.number,
            ),
            Printable(
                None, f"{stem}-answer-key", f"{part.label} assessment, answer key",
                "assessment-key", part=part.number,
            ),
        ]  # fmt: skip
    return items


# ---------------------------------------------------------------------------- rendering
def _document(title: str, body: str, *, landscape: bool = False, size: str = "10pt") -> str:
    css = _CSS % {
        "orientation": "landscape" if landscape else "portrait",
        "size": size,
        "write": "14mm",
    }
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{css}</style></head><body>\n{body}\n"
        f'<p class="edition">Maple Street Mart CRM Academy, {edition_label().lower()}.</p>'
        "\n</body></html>\n"
    )


def _built_page(site: Path, rel: str) -> Any:
    from bs4 import BeautifulSoup

    page = site / rel
    if not page.is_file():
        raise PrintablesError(
            f"{rel} is missing from the built site '{site}'", hint="Build the book first"
        )
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    article = soup.find("article", class_="bd-article") or soup.find("main")
    if article is None:
        raise PrintablesError(f"{rel} has no <article> content", hint="Rebuild the book")
    for junk in article.select("script, a.headerlink, .toggle-details, button"):
        junk.decompose()
    for link in article.find_all("a"):
        link.unwrap()  # on paper a link is its text; the hrefs are relative to the page
    return article


def _section(article: Any, heading: str, rel: str) -> Any:
    for h2 in article.find_all("h2"):
        if h2.get_text(" ", strip=True).startswith(heading):
            return h2.find_parent("section") or h2.parent
    raise PrintablesError(f"{rel} has no section '{heading}...'", hint="Check the page headings")


def _page_title(article: Any) -> str:
    h1 = article.find("h1")
    return h1.get_text(" ", strip=True) if h1 else ""


@cache
def _banks(root: Path) -> dict[int, Any]:
    from storecrm.quiz.bank import load_all_banks

    return {b.module: b for b in load_all_banks(root)}


def _quiz(item: Printable, root: Path) -> str:
    from storecrm.quiz.handout import handout_html
    from storecrm.quiz.selection import select_questions

    bank = _banks(root.resolve())[item.module]
    shuffle = item.name.endswith("-shuffled")
    seed = SHUFFLED_SEED if shuffle else 0
    questions = select_questions(bank, seed=seed, shuffle=shuffle)
    part = "questions" if item.kind == "handout" else "key"
    return handout_html(bank, questions, shuffle=shuffle, seed=seed, part=part)


@cache
def _drawn(root: Path, part: int) -> Any:
    from storecrm.quiz.assessment import draw_assessment

    return draw_assessment(part, root=root)


def _assessment(item: Printable, root: Path) -> str:
    from storecrm.quiz.assessment import assessment_handout_html

    assert item.part is not None
    sheet = "questions" if item.kind == "assessment" else "key"
    return assessment_handout_html(_drawn(root.resolve(), item.part), part=sheet)


def _plan(item: Printable, site: Path) -> str:
    rel = f"{TRAINERS}/module-{item.module:02d}.html"
    article = _built_page(site, rel)
    minutes = item.name.rsplit("-", 1)[1]
    section = _section(article, f"{minutes}-minute workshop", rel)
    section.find("h2").string = f"{_page_title(article)}: {minutes}-minute workshop"
    return _document(f"Module {item.module}: {item.title}", str(section), landscape=True,
                     size="8.5pt")  # fmt: skip


def _cards(item: Printable, site: Path) -> str:
    if item.module == 3:
        rel = f"{TRAINERS}/roleplay-cards.html"
        body = _built_page(site, rel)
        for situation in body.find_all("h2"):
            if situation.parent.name == "section":
                situation.parent["class"] = ["situation"]
    else:
        rel = f"{TRAINERS}/module-{item.module:02d}.html"
        article = _built_page(site, rel)
        body = _section(article, "Role-play", rel)
        body.find("h2").insert(0, f"Module {item.module}: ")
    return _document(f"Module {item.module}: role-play cards", "".join(map(str, body.contents)))


def _humane(value: str) -> str:
    return value.replace("_", " ").capitalize()


def _ticket(item: Printable) -> str:
    from storecrm.data.schema import CATEGORY_VALUES
    from storecrm.rules import store_rules

    rules = store_rules()
    channels = "".join(
        f'<span class="opt"><span class="box"></span>{html.escape(c.name)}</span> '
        for c in rules.complaints.channels
    )
    categories = "".join(
        f'<span class="opt"><span class="box"></span>{_humane(c)}</span> '
        for c in CATEGORY_VALUES["complaint_category"]
    )
    outcomes = "".join(
        f'<span class="opt"><span class="box"></span>{_humane(c)}</span> '
        for c in CATEGORY_VALUES["outcome"]
    )

    def row(*cells: tuple[str, str]) -> str:
        return "<tr>" + "".join(f'<th>{k}</th><td class="{c}"></td>' for k, c in cells) + "</tr>"

    days = rules.complaints.follow_up_days
    body = f"""
<h1>投诉登记单 Complaint ticket</h1>
<p>Fill it in while the customer is with you or on the phone (step 1, receive). The next shift
must be able to act on it without asking you.</p>
<table>
{row(("Ticket no. (编号)", "blank"), ("Store (门店)", "blank"))}
{row(("Received on, time (受理时间)", "blank"), ("Received by (受理人)", "blank"))}
<tr><th>Channel (投诉渠道)</th><td colspan="3">{channels}</td></tr>
{row(("Customer name (顾客姓名)", "blank"), ("Phone (联系电话)", "blank"))}
{row(("Member no. (会员号)", "blank"), ("Receipt no. (小票号)", "blank"))}
<tr><th>What happened (事情经过)</th><td colspan="3" class="write" style="height:40mm"></td></tr>
<tr><th>What the customer wants (顾客诉求)</th><td colspan="3" class="write"></td></tr>
<tr><th>Category (类别)</th><td colspan="3">{categories}</td></tr>
<tr><th>What was agreed (处理结果)</th><td colspan="3">{outcomes}<br>
Amount (金额): ¥ ________ &nbsp; Details: <div class="write"></div></td></tr>
{row(("Owner (负责人)", "blank"), ("Resolved on (解决时间)", "blank"))}
<tr><th>Follow-up by (回访日期)</th><td class="blank"></td>
<th>Within {days} days of resolving. Done on, by</th><td class="blank"></td></tr>
<tr><th>Customer's answer at follow-up (回访结果)</th><td colspan="3" class="write"></td></tr>
<tr><th>Root cause and what we changed (根本原因及改进)</th>
<td colspan="3" class="write" style="height:24mm"></td></tr>
</table>
<p>Shift leader's check (值班主管确认): ______________________ &nbsp; Date: ____________</p>
"""
    return _document(item.title, body, size="10.5pt")


def _contacts(item: Printable, site: Path) -> str:
    rel = "book/playbook/complaint-steps.html"
    article = _built_page(site, rel)
    steps = article.find("table")
    if steps is None:
        raise PrintablesError(f"{rel} has no five-step table", hint="Check the job aid page")
    for tr in steps.find_all("tr"):
        is_head = tr.find("th") is not None and tr.find("td") is None
        for label in ("Name at our store (姓名)", "Phone (电话)"):
            cell = article.new_tag("th" if is_head else "td")
            if is_head:
                cell.string = label
            else:
                cell["class"] = ["blank"]
            tr.append(cell)
    people = "".join(
        f'<tr><td>{who}</td><td class="blank"></td><td class="blank"></td></tr>'
        for who in (
            "Shift leader on duty (值班主管)",
            "Store manager (店长)",
            "Area manager (区域经理)",
            "Customer service hotline (客服热线)",
            "Food safety or first aid (食品安全/急救)",
        )
    )
    body = (
        f"<h1>{html.escape(_page_title(article))}: our store's owners and numbers</h1>"
        "<p>Store (门店): ____________________ &nbsp; Filled in by: ____________________ "
        "&nbsp; Date: ____________. Write the real names and phone numbers, pin it by the "
        "till.</p>"
        f"{steps}"
        "<table><tr><th>Who to call</th><th>Name (姓名)</th><th>Phone (电话)</th></tr>"
        f"{people}</table>"
    )
    return _document(item.title, body, landscape=True, size="8.5pt")


def _agenda(item: Printable, site: Path, root: Path) -> str:
    """A day's section of the programme page, with the programme's title and materials."""
    from storecrm.trainers.programmes import load_programmes

    programme = next(p for p in load_programmes(root) if p.id == item.programme)
    day = programme.day(str(item.day))
    rel = f"{TRAINERS}/programmes/{programme.id}.html"
    # By the day's name only: the rest of the heading may come out with typographic quotes.
    section = _section(_built_page(site, rel), f"{day.name}: ", rel)
    section.find("h2").string = f"{programme.title}: {day.heading}"
    for widths in section.find_all("colgroup"):  # equal columns waste the sheet: let it size
        widths.decompose()
    materials = "; ".join(html.escape(m.rstrip(".")) for m in programme.materials)
    tight = "<style>td p, th p { margin: 0; } li.task-list-item { list-style: none; }</style>"
    body = f"{tight}{section}<p><b>Materials:</b> {materials}.</p>"
    # A full day has a dozen rows: 8 pt keeps it on one landscape sheet.
    return _document(item.title, body, landscape=True, size="8pt")


def render(item: Printable, *, site: Path, root: Path) -> str:
    """The HTML of one printable: self-contained, no scripts, same bytes for the same inputs."""
    makers: dict[str, Callable[[], str]] = {
        "handout": lambda: _quiz(item, root),
        "key": lambda: _quiz(item, root),
        "plan": lambda: _plan(item, site),
        "cards": lambda: _cards(item, site),
        "ticket": lambda: _ticket(item),
        "contacts": lambda: _contacts(item, site),
        "assessment": lambda: _assessment(item, root),
        "assessment-key": lambda: _assessment(item, root),
        "agenda": lambda: _agenda(item, site, root),
    }
    return makers[item.kind]()


def write_printables(
    site: Path, root: Path, *, pdf: bool | None = None, progress: bool = True
) -> list[Path]:
    """Write every printable's HTML (and PDF) into ``site/_downloads/printables``.

    An HTML file is rewritten only when its content changed, and its PDF reprinted only when
    it is older than the HTML, so a cached ``make book`` does not spend a minute reprinting.
    ``pdf=None`` prints when Chromium is installed.

    Raises
    ------
    PrintablesError
        When a page is missing from the build, or a one-page sheet printed on more pages.
    """
    from tqdm import tqdm

    from storecrm.authoring.playbook import count_pdf_pages
    from storecrm.printing import find_chromium, html_to_pdf

    site, root = Path(site), Path(root)
    if pdf is None:
        pdf = find_chromium() is not None
    written: list[Path] = []
    items = catalogue(root) + assessment_catalogue(root)
    for item in tqdm(items, desc="Printables", unit="file", disable=not progress):
        html_file = site / item.path(".html")
        html_file.parent.mkdir(parents=True, exist_ok=True)
        text = render(item, site=site, root=root)
        if not html_file.is_file() or html_file.read_text("utf-8") != text:
            html_file.write_text(text, "utf-8")
        written.append(html_file)
        if not pdf:
            continue
        pdf_file = site / item.path(".pdf")
        if not pdf_file.is_file() or pdf_file.stat().st_mtime < html_file.stat().st_mtime:
            try:
                html_to_pdf(html_file, pdf_file)
            except RuntimeError as exc:
                raise PrintablesError(f"{item.path('.pdf')}: {exc}") from None
        pages = count_pdf_pages(pdf_file.read_bytes())
        if item.pages is not None and pages != item.pages:
            pdf_file.unlink()
            raise PrintablesError(
                f"{item.path('.pdf')} printed on {pages} pages, not {item.pages}",
                hint="Shorten the page or its table so it fits one A4 sheet",
            )
        written.append(pdf_file)
    return written


# ---------------------------------------------------------------------------- Sphinx
def _relative(docname: str, target: str) -> str:
    return "../" * docname.count("/") + target


def _table(docname: str, items: list[Printable], with_pdf: bool) -> Any:
    from docutils import nodes

    table = nodes.table(classes=["printables"])
    group = nodes.tgroup(cols=3)
    table += group
    for width in (50, 25, 25):
        group += nodes.colspec(colwidth=width)

    def row(cells: list[Any], head: bool = False) -> Any:
        tr = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += cell if isinstance(cell, nodes.Node) else nodes.paragraph(text=cell)
            tr += entry
        return tr

    def link(item: Printable, suffix: str, text: str) -> Any:
        para = nodes.paragraph()
        para += nodes.reference(text, text, refuri=_relative(docname, item.path(suffix)))
        return para

    thead = nodes.thead()
    thead += row(["Printable", "PDF (A4)", "HTML (print from a browser)"], head=True)
    group += thead
    body = nodes.tbody()
    for item in items:
        label = item.label
        sheets = f", {item.pages} page" if item.pages == 1 else ""
        pdf_cell = (
            link(item, ".pdf", f"{label} (PDF{sheets})")
            if with_pdf
            else "not printed: Chromium was missing when the site was built"
        )
        body += row([item.title, pdf_cell, link(item, ".html", f"{label} (HTML)")])
    group += body
    return table


def _directive() -> type:
    from docutils.parsers.rst import directives
    from sphinx.util.docutils import SphinxDirective

    class PrintablesDirective(SphinxDirective):
        """``{printables}`` with ``:module: 3``: a table of that module's printables;
        ``:part: 2`` lists a part's assessment sheets instead, ``:programmes:`` every
        programme's agendas and ``:programme: data-day`` one's."""

        option_spec = {  # noqa: RUF012
            "module": directives.positive_int,
            "part": directives.positive_int,
            "programmes": directives.flag,
            "programme": directives.unchanged_required,
        }

        def run(self) -> list[Any]:
            from storecrm.printing import find_chromium
            from storecrm.quiz.bank import find_project_root
            from storecrm.trainers.programmes import default_source

            root = find_project_root(Path(self.env.srcdir))
            module = self.options.get("module")
            part = self.options.get("part")
            try:
                if part is not None:
                    items = assessment_catalogue(root, [part])
                elif "programmes" in self.options or "programme" in self.options:
                    self.env.note_dependency(str(default_source()))
                    items = programme_printables(root, self.options.get("programme"))
                else:
                    items = catalogue(root, None if module is None else [module])
            except CourseError as exc:
                raise self.error(str(exc)) from None
            return [_table(self.env.docname, items, find_chromium() is not None)]

    return PrintablesDirective


def _on_build_finished(app: Any, exception: Exception | None) -> None:
    from sphinx.util import logging

    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    from storecrm.quiz.bank import find_project_root

    try:
        files = write_printables(Path(app.outdir), find_project_root(Path(app.srcdir)))
    except CourseError as exc:
        logging.getLogger(__name__).warning(
            f"printables: {exc}", type="storecrm", subtype="printables"
        )
        return
    logging.getLogger(__name__).info(f"printables: {len(files)} files in {PRINTABLES_DIR}")


def setup(app: Any) -> dict[str, Any]:
    """Register the ``printables`` directive and the after-build printing step."""
    app.add_directive("printables", _directive())
    app.connect("build-finished", _on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
