"""Printable handouts: the questions on paper, then an answer key page with explanations.

Trainers print these for workshops. The HTML is self-contained (no scripts, no web fonts) and
identical for identical inputs, so two runs with the same seed give the same file; a PDF is
printed from it with the system Chromium (JB1's own PDF builder needs a download).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from storecrm.edition import edition_label
from storecrm.errors import CourseError
from storecrm.printing import CHROMIUM_CANDIDATES, find_chromium, html_to_pdf
from storecrm.quiz.model import Bank, Question
from storecrm.quiz.selection import select_questions
from storecrm.quiz.text import LETTERS, format_number, strip_verdict, to_html

__all__ = [
    "CHROMIUM_CANDIDATES",
    "PARTS",
    "find_chromium",
    "handout_html",
    "html_to_pdf",
    "write_handout",
]

_CSS = """
@page { size: A4; margin: 15mm 16mm; }
body { font-family: "Noto Sans", "Noto Sans CJK SC", "DejaVu Sans", sans-serif;
       font-size: 11pt; line-height: 1.35; color: #000; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 14pt; margin: 0 0 8pt; }
.meta { display: flex; gap: 24pt; margin: 6pt 0 10pt; }
.meta span { flex: 1; border-bottom: 1px solid #000; padding-bottom: 2pt; }
.meta span.version { flex: 0 0 auto; border: none; }
.instructions { font-size: 10pt; margin-bottom: 12pt; }
ol.questions > li { break-inside: avoid; margin-bottom: 12pt; }
.situation { font-style: italic; margin: 0 0 3pt; }
.stem { margin: 0 0 4pt; font-weight: 600; }
.how { font-size: 9.5pt; font-weight: normal; font-style: italic; }
ul.options { list-style: none; padding-left: 0; margin: 0; }
ul.options li { margin: 3pt 0; display: flex; gap: 6pt; align-items: baseline; }
.box { flex: 0 0 auto; display: inline-block; width: 10pt; height: 10pt;
       border: 1.2px solid #000; position: relative; top: 1pt; }
.letter { font-weight: 700; min-width: 12pt; }
.answer-line { margin-top: 8pt; }
.answer-line .line { display: inline-block; width: 120pt; border-bottom: 1px solid #000; }
section.key { break-before: page; page-break-before: always; }
section.key.alone { break-before: auto; page-break-before: auto; }
.key ol > li { break-inside: avoid; margin-bottom: 9pt; }
.key .right-answer { font-weight: 700; }
.key ul { margin: 2pt 0 0; padding-left: 14pt; }
.key .mark { font-weight: 700; }
.small { font-size: 9pt; color: #333; }
"""


def _version_label(shuffle: bool, seed: int) -> str:
    return f"Version {seed}" if shuffle else "Standard version"


def _how_to_answer(q: Question) -> str:
    return {
        "single": "Tick one box.",
        "scenario": "Tick one box.",
        "multiple": "Tick all that apply.",
        "numeric": "Write a number.",
    }[q.type]


def _question_block(q: Question) -> str:
    parts = ["<li>"]
    if q.situation:
        parts.append(f'<p class="situation">{to_html(q.situation)}</p>')
    parts.append(
        f'<p class="stem">{to_html(q.stem)} <span class="how">{_how_to_answer(q)}</span></p>'
    )
    if q.is_choice:
        parts.append('<ul class="options">')
        for i, o in enumerate(q.options):
            parts.append(
                f'<li><span class="box"></span><span class="letter">{LETTERS[i]}</span>'
                f"<span>{to_html(o.text)}</span></li>"
            )
        parts.append("</ul>")
    else:
        unit = f" {to_html(q.unit)}" if q.unit else ""
        parts.append(f'<p class="answer-line">Answer: <span class="line"></span>{unit}</p>')
    parts.append("</li>")
    return "".join(parts)


def _key_block(q: Question) -> str:
    parts = ["<li>"]
    if q.is_choice:
        letters = [LETTERS[i] for i, o in enumerate(q.options) if o.key in q.answer_keys]
        parts.append(
            f'<p><span class="right-answer">Answer: {", ".join(letters)}</span> '
            f'<span class="small">({q.id}, objective {q.objective})</span></p><ul>'
        )
        for i, o in enumerate(q.options):
            mark = "Right" if o.key in q.answer_keys else "Wrong"
            parts.append(
                f'<li><span class="mark">{LETTERS[i]} - {mark}:</span> {to_html(o.text)}<br>'
                f"<em>{to_html(strip_verdict(o.feedback))}</em></li>"
            )
        parts.append("</ul>")
    else:
        assert q.value is not None
        unit = f" {to_html(q.unit)}" if q.unit else ""
        accept = (
            f" (accept {format_number(q.value - q.tolerance, q.tolerance)} to "
            f"{format_number(q.value + q.tolerance, q.tolerance)})"
            if q.tolerance > 0
            else ""
        )
        answer = format_number(q.value, q.tolerance)
        parts.append(
            f'<p><span class="right-answer">Answer: {answer}{unit}</span>'
            f'{accept} <span class="small">({q.id}, objective {q.objective})</span></p>'
            f"<ul><li><em>{to_html(q.feedback_correct or '')}</em></li>"
            f"<li>If wrong: <em>{to_html(q.feedback_incorrect or '')}</em></li></ul>"
        )
    parts.append("</li>")
    return "".join(parts)


#: What :func:`handout_html` prints: both parts, the learners' questions only, or the key only.
PARTS = ("both", "questions", "key")


def handout_html(
    bank: Bank | None,
    questions: Sequence[Question],
    *,
    shuffle: bool,
    seed: int,
    part: str = "both",
    title: str | None = None,
    key_heading: str | None = None,
    instructions: str | None = None,
) -> str:
    """Build the handout page: questions, a page break, then the answer key.

    The version label (seed) is printed on both parts so a trainer can match a learner's
    sheet to the right key when two groups get different versions. ``part="questions"`` or
    ``"key"`` gives one part alone: the site offers them as separate downloads, so a trainer
    can print 12 question sheets and one key.
    """
    if part not in PARTS:
        raise CourseError(f"part must be one of {', '.join(PARTS)}, not {part!r}")
    if bank is None and (title is None or key_heading is None):
        raise CourseError("a handout without a bank needs a title and a key heading")
    version = _version_label(shuffle, seed)
    # Without a bank (the end-of-part assessment draws from several), the caller names it.
    if bank is not None:
        title = title or f"Module {bank.module} self-check: {bank.title}"
        key_heading = key_heading or f"Answer key - module {bank.module}"
    title = to_html(title or "")
    instructions = to_html(
        instructions or "Answer on your own first, then compare with a colleague."
    )
    head = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{title}{' - answer key' if part == 'key' else ''}</title>"
        f"<style>{_CSS}</style></head><body>",
    ]
    questions_part = [
        '<section class="questions-part">',
        f"<h1>{title}</h1>",
        '<div class="meta"><span>Name:</span><span>Date:</span>'
        f'<span class="version">{version}</span></div>',
        f'<p class="instructions">{instructions} '
        f"{len(questions)} questions. Maple Street Mart CRM Academy, "
        f"{edition_label().lower()}.</p>",
        '<ol class="questions">',
        *(_question_block(q) for q in questions),
        "</ol></section>",
    ]
    key_part = [
        f'<section class="{"key" if part == "both" else "key alone"}">',
        f"<h2>{to_html(key_heading or '')}, {version.lower()}</h2>",
        '<p class="small">For the trainer. Each option says why it is right or wrong; read the '
        "explanation aloud when you go through the answers. "
        f"{edition_label()}.</p>",
        "<ol>",
        *(_key_block(q) for q in questions),
        "</ol></section>",
    ]
    body = [
        *head,
        *(questions_part if part != "key" else []),
        *(key_part if part != "questions" else []),
        "</body></html>",
    ]
    return "\n".join(body) + "\n"


def write_handout(
    bank: Bank,
    out_dir: Path,
    *,
    shuffle: bool = False,
    seed: int = 0,
    pdf: bool = False,
    ids: Sequence[str] | None = None,
    sample: int | None = None,
) -> list[Path]:
    """Write ``module-NN-quiz[-seed-S].html`` (and ``.pdf``) into ``out_dir``; return paths."""
    questions = select_questions(bank, ids=ids, sample=sample, seed=seed, shuffle=shuffle)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"module-{bank.module:02d}-quiz" + (f"-seed-{seed}" if shuffle else "")
    html_path = out_dir / f"{stem}.html"
    html_path.write_text(handout_html(bank, questions, shuffle=shuffle, seed=seed), "utf-8")
    written = [html_path]
    if pdf:
        written.append(html_to_pdf(html_path, out_dir / f"{stem}.pdf"))
    return written
