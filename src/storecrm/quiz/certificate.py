"""The completion certificate a trainer fills in and prints from the site.

Why here and not on a server: the course has no login and keeps learners' data on their own
device. The trainer types the learner's name, the part (or the whole course), the date and
their own name into a form; ``book/_static/certificate.js`` writes them into the certificate
as text (never as HTML, so a name such as ``<b>Li</b>`` prints as typed) and the browser
prints it on one A4 sheet. Nothing leaves the browser.

The parts offered come from ``_toc.yml`` (:func:`storecrm.quiz.assessment.course_parts`) and
the pass mark from the store rules, so the form never lists a part the course does not have.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from storecrm.format import percent
from storecrm.quiz.assessment import Part, course_parts, pass_share

__all__ = ["CERTIFICATE_CSS", "WHOLE_COURSE", "certificate_form_html"]

#: The choice for a learner who has passed every part.
WHOLE_COURSE = "the whole course (every part)"

#: On screen the certificate is a framed preview; in print it is the only thing on the sheet.
#: ``:has()`` keeps the certificate's ancestors and hides everything else in the article, so
#: the theme's layout cannot push it onto a second page.
CERTIFICATE_CSS = """<style>
.sq-cert-form { display: grid; grid-template-columns: max-content minmax(0, 24em);
  gap: 0.4em 0.8em; align-items: center; margin: 1em 0; }
.sq-cert-form input, .sq-cert-form select { width: 100%; }
.sq-cert-buttons { grid-column: 1 / -1; }
.sq-cert-message { color: #b00020; font-weight: 600; min-height: 1.4em; }
.sq-certificate { border: 6px double #1d3f6e; padding: 2.5em 2em; margin: 1em 0;
  text-align: center; background: #fff; color: #000; max-width: 40em; }
.sq-certificate .sq-cert-store { font-size: 1.1em; letter-spacing: 0.05em; margin: 0; }
.sq-certificate h2 { font-size: 2em; margin: 0.4em 0 0.1em; border: none; }
.sq-certificate .sq-cert-zh { font-size: 1.3em; margin: 0 0 1.2em; }
.sq-certificate .sq-cert-name { font-size: 1.8em; font-weight: 700; margin: 0.3em 0;
  overflow-wrap: anywhere; }
.sq-certificate .sq-cert-signs { display: flex; justify-content: space-between; gap: 2em;
  margin-top: 3em; text-align: left; }
.sq-certificate .sq-cert-signs p { border-top: 1px solid #000; padding-top: 0.3em;
  flex: 1; margin: 0; }
@media print {
  @page { size: A4 portrait; margin: 15mm; }
  article.bd-article *:not(:has(.sq-certificate)):not(.sq-certificate):not(.sq-certificate *) {
    display: none !important; }
  article.bd-article, article.bd-article * { margin-top: 0; padding-top: 0; }
  .sq-certificate { display: block !important; max-width: none; margin: 0;
    padding: 25mm 15mm; break-inside: avoid; }
  .sq-certificate[hidden] { display: none !important; }
}
</style>"""


def _options(parts: Sequence[Part]) -> str:
    options = [
        f'<option value="{html.escape(f"{p.label}: {p.title}")}">'
        f"{html.escape(f'{p.label}: {p.title}')}</option>"
        for p in parts
    ]
    options.append(f'<option value="{html.escape(WHOLE_COURSE)}">The whole course</option>')
    return "".join(options)


def certificate_form_html(parts: Sequence[Part] | None = None, *, script_src: str) -> str:
    """The form, the (hidden until filled) certificate and the script that joins them.

    Parameters
    ----------
    parts
        The parts to offer (default: the course's, from ``_toc.yml``).
    script_src
        The URL of ``certificate.js`` relative to the page (it depends on the page's folder).
    """
    parts = course_parts() if parts is None else parts
    mark = percent(pass_share(), 0)
    return f"""{CERTIFICATE_CSS}
<form class="sq-cert-form" novalidate>
<label for="sq-cert-name">Learner's name</label>
<input id="sq-cert-name" type="text" autocomplete="off" maxlength="60" required>
<label for="sq-cert-part">Completed</label>
<select id="sq-cert-part">{_options(parts)}</select>
<label for="sq-cert-date">Date</label>
<input id="sq-cert-date" type="date">
<label for="sq-cert-trainer">Trainer</label>
<input id="sq-cert-trainer" type="text" autocomplete="off" maxlength="60">
<p class="sq-cert-buttons"><button type="button" class="sq-cert-show">Show the certificate</button>
<button type="button" class="sq-cert-print">Print the certificate</button></p>
<p class="sq-cert-message" role="alert"></p>
</form>
<section class="sq-certificate" hidden aria-label="Certificate preview">
<p class="sq-cert-store">Maple Street Mart CRM Academy · 枫街便利 CRM 学院</p>
<h2>Certificate of completion</h2>
<p class="sq-cert-zh">结业证书</p>
<p>This certifies that</p>
<p class="sq-cert-name"></p>
<p>has completed <span class="sq-cert-part"></span>
and passed the assessment with at least {mark} of the questions right.</p>
<div class="sq-cert-signs">
<p>Trainer (培训师): <span class="sq-cert-trainer"></span></p>
<p>Date (日期): <span class="sq-cert-date"></span></p>
</div>
</section>
<script src="{html.escape(script_src)}"></script>"""
