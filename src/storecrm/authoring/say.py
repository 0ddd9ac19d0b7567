"""The ``{say}`` role: one markup for every line a member of staff says to a customer.

Staff at a till in mainland China need the words in Chinese first; a reader who is still
learning Chinese needs the English beside them. Writing both halves in one role, rather
than as free text, lets a test check every script line in the course for both languages
and lets the site style them the same way on every page (and in tables, where a block
directive cannot go)::

    {say}`我带您过去。 / I'll show you the way.`

The first `` / `` (space, slash, space) separates the halves: Chinese text uses full-width
punctuation, so it never contains that sequence, and the English half may contain slashes.
The Chinese half is marked ``lang="zh-CN"`` so screen readers pronounce it in Chinese.

A store rule may appear in a line as ``{{ second_till_queue }}``, as anywhere else in a page:
MyST does not substitute inside a role's text, so the role fills placeholders itself from
``myst_substitutions`` (where :mod:`storecrm.rules.sphinx_ext` puts the rules), and reports
an unknown name as a build error.

Enable with ``sphinx: extra_extensions: [storecrm.authoring.say]`` in ``_config.yml``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from docutils import nodes

__all__ = [
    "SEPARATOR",
    "ScriptLine",
    "find_script_lines",
    "html_with_script_lines",
    "script_line_problems",
    "setup",
    "split_line",
]

SEPARATOR = " / "
_ROLE_RE = re.compile(r"\{say\}`([^`]*)`")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# ASCII punctuation that Chinese text writes full-width (，。？！：；); a period between digits
# (¥12.50) or inside a brand name is not punctuation, so only a mark after a CJK character counts.
_ASCII_AFTER_CJK_RE = re.compile(r"[\u3400-\u9fff][,.?!:;]")


@dataclass(frozen=True)
class ScriptLine:
    """One ``{say}`` line as written in a source file."""

    zh: str
    en: str
    line: int


def split_line(text: str) -> tuple[str, str]:
    """Split a role's text into its Chinese and English halves (either may come back empty)."""
    zh, _sep, en = text.partition(SEPARATOR)
    return zh.strip(), en.strip()


def script_line_problems(zh: str, en: str) -> list[str]:
    """What is wrong with one script line, in words an author can act on (empty if nothing)."""
    problems = []
    if not zh or not _CJK_RE.search(zh):
        problems.append(
            "the Chinese half is missing: write it first, then"
            f" '{SEPARATOR.strip()}', then the English"
        )
    elif _ASCII_AFTER_CJK_RE.search(zh):
        problems.append("the Chinese half uses ASCII punctuation: write ，。？！：； instead")
    if not en:
        problems.append(
            f"the English half is missing: add '{SEPARATOR}' and the English after the Chinese"
        )
    elif _CJK_RE.search(en):
        problems.append(
            "the English half contains Chinese characters: keep Chinese in the first half"
        )
    return problems


def find_script_lines(source: str) -> list[ScriptLine]:
    """Every ``{say}`` line in a Markdown source, with its 1-based line number."""
    found = []
    for match in _ROLE_RE.finditer(source):
        zh, en = split_line(match.group(1))
        found.append(ScriptLine(zh, en, source.count("\n", 0, match.start()) + 1))
    return found


def _fill_placeholders(text: str, inliner: Any) -> tuple[str, list[str]]:
    """``text`` with each ``{{ name }}`` replaced from ``myst_substitutions``; unknown names."""
    if "{{" not in text:
        return text, []
    env = getattr(inliner.document.settings, "env", None)
    values = getattr(getattr(env, "config", None), "myst_substitutions", None) or {}
    unknown: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            unknown.append(name)
            return match.group(0)
        return str(values[name])

    return _PLACEHOLDER_RE.sub(fill, text), unknown


def html_with_script_lines(text: str) -> str:
    """``text`` HTML-escaped, with each ``{say}`` line drawn as the book draws it.

    For views that are not built by Sphinx (the quiz widget, the role-play tool in
    JupyterLab): the same ``say`` / ``say-zh`` (``lang="zh-CN"``) / ``say-en`` markup, so a
    line looks and reads the same everywhere. Escaping comes first, so a line cannot inject
    markup.
    """

    def line(match: re.Match[str]) -> str:
        zh, en = split_line(match.group(1))
        return (
            f'<span class="say"><span class="say-zh" lang="zh-CN">{zh}</span> '
            f'<span class="say-en">\u201c{en}\u201d</span></span>'
        )

    return _ROLE_RE.sub(line, html.escape(text, quote=True))


class say_zh(nodes.inline):
    """The Chinese half; its own node so the HTML writer can add ``lang``.

    Lower-case like docutils' own node classes (Sphinx looks visitors up by class name).
    """


def _visit_say_zh(self: Any, node: say_zh) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="say-zh", lang="zh-CN"))


def _depart_say_zh(self: Any, node: say_zh) -> None:
    self.body.append("</span>")


def say_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """Render ``{say}`中文 / English``` as a Chinese line with its English beside it.

    A line missing either language, or with ASCII punctuation in the Chinese, is reported as
    a build error (the book builds with warnings as errors), naming the problem.
    """
    text, unknown = _fill_placeholders(text, inliner)
    zh, en = split_line(text)
    problems = script_line_problems(zh, en)
    if unknown:
        problems.append(
            f"unknown placeholder {', '.join(unknown)}: use a name from"
            " src/storecrm/rules/store_rules.yml (see storecrm.rules.placeholders)"
        )
    if problems:
        msg = inliner.reporter.error(f"{{say}} line {text!r}: " + "; ".join(problems), line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    line = nodes.inline(classes=["say"])
    line += say_zh(zh, zh)
    line += nodes.Text(" ")
    line += nodes.inline(en, f"\u201c{en}\u201d", classes=["say-en"])
    return [line], []


def setup(app: Any) -> dict[str, Any]:
    """Register the role and its node."""
    app.add_node(say_zh, html=(_visit_say_zh, _depart_say_zh))
    app.add_role("say", say_role)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
