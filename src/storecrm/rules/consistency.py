"""Find pages, quizzes, cards and scenarios that *type* a rule value the rules disagree with.

Pages should write rules as ``{{ placeholders }}``; this checker catches the ones that still
type a value ("open a second till when four are waiting") and the value is not the rule's.
It reads the raw text, so a placeholder is never flagged: it is right by construction.

The checks are deliberately narrow regular expressions over one *statement* at a time (a
sentence, a list item, or a table cell read together with its row's first cell and its
column header). Each knows the phrasings the course uses; a statement it cannot attribute to
one rule (no channel named, no role named where the values differ) is left alone rather
than guessed at, so a finding is always worth reading.

Checks: second-till queue length; complaint first-reply and resolution times per channel
and the follow-up days; refund and goodwill limits; the return window; tier entry and keep
amounts, points multipliers, the points block, the smallest receipt for points; the review
window and the exit rule; and, inside one section, "N of M tills are open" against "only K
till(s) open" and M against the store's tills.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from storecrm.rules.loader import store_rules
from storecrm.rules.model import StoreRules

__all__ = ["Finding", "Statement", "check_file", "check_text", "course_files", "scan_course"]

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()  # noqa: SIM905
    )
}
_NUM = r"(?:\d[\d,]*(?:\.\d+)?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_FLAGS = re.IGNORECASE


def _num(text: str) -> float:
    t = text.lower().replace(",", "")
    return float(_NUMBER_WORDS[t]) if t in _NUMBER_WORDS else float(t)


@dataclass(frozen=True)
class Statement:
    """One piece of text to check, with the table context it came from (if any)."""

    source: str
    line: int
    text: str
    row_head: str = ""
    column: str = ""
    section: int = 0


@dataclass(frozen=True)
class Finding:
    """A typed value that differs from the rules."""

    source: str
    line: int
    rule: str
    stated: str
    expected: str
    text: str

    def __str__(self) -> str:
        snippet = self.text if len(self.text) < 110 else self.text[:107] + "..."
        return (
            f"{self.source}:{self.line}: {self.rule}: says {self.stated}, the rules say "
            f"{self.expected} ({snippet!r}). Write the placeholder instead (see "
            "storecrm.rules.substitutions())."
        )


# ----------------------------------------------------------------------------- reading


_FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*(\S*)")
_SKIP_FENCES = ("{code-cell}", "python", "bash", "yaml", "text", "console", "")
_LIST_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
# Sentences end at . ! ; but not at ?: "3 waiting? Call for another till" is one rule.
_SPLIT_RE = re.compile(r"(?<=[.!;])\s+(?=\S)|(?<=[。！；])")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SPLIT_RE.split(text) if s.strip()]


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def markdown_statements(text: str, source: str) -> Iterator[Statement]:
    """Sentences of paragraphs and list items, and table cells with their row and header.

    Code cells and code blocks are skipped (they compute, they do not state rules); MyST
    directives such as ``{glossary}`` or ``{dropdown}`` are read, because their text is
    what the reader sees.
    """
    lines = text.splitlines()
    section = 0
    fence: str | None = None
    para: list[str] = []
    para_line = 0
    header: list[str] = []

    def flush() -> Iterator[Statement]:
        if para:
            for sentence in _sentences(" ".join(para)):
                yield Statement(source, para_line, sentence, section=section)
        para.clear()

    for number, line in enumerate(lines, start=1):
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        m = _FENCE_RE.match(line)
        if m:
            yield from flush()
            if m.group(3) in _SKIP_FENCES or not m.group(3).startswith("{"):
                fence = m.group(2)
            continue
        stripped = line.strip()
        if stripped.startswith("#"):
            yield from flush()
            section += 1
            continue
        if stripped.startswith("|"):
            yield from flush()
            cells = _cells(stripped)
            following = lines[number] if number < len(lines) else ""
            if re.fullmatch(r"\|?[\s:|-]+\|?", following.strip() or "x"):
                header = cells
                continue
            if re.fullmatch(r"[\s:|-]+", stripped):
                continue
            for i, cell in enumerate(cells):
                for sentence in _sentences(cell):
                    yield Statement(
                        source,
                        number,
                        sentence,
                        row_head=cells[0] if i else "",
                        column=header[i] if i < len(header) else "",
                        section=section,
                    )
            continue
        if not stripped or stripped.startswith(":::") or _LIST_RE.match(line):
            yield from flush()
            if not stripped or stripped.startswith(":::"):
                continue
            line = _LIST_RE.sub("", line, count=1)
        if not para:
            para_line = number
        para.append(line.strip())
    yield from flush()


_QUIZ_SKIP_KEYS = {"id", "objective", "type", "compute", "key", "answer", "unit", "module"}


def yaml_statements(text: str, source: str) -> Iterator[Statement]:
    """Sentences of every text in a quiz bank or scenario file, with its line number.

    Wrong options are read too: "open a second till when four are waiting" as a distractor
    about *service stages* still teaches a wrong rule to everyone who reads it. A distractor
    that is about the rule itself is written with a placeholder-free wording the checks do not
    attribute ("later", "by the end of the day").
    """
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return
    section = 0

    def walk(node: yaml.Node) -> Iterator[Statement]:
        nonlocal section
        if isinstance(node, yaml.ScalarNode):
            if isinstance(node.value, str):
                for sentence in _sentences(" ".join(node.value.split())):
                    yield Statement(source, node.start_mark.line + 1, sentence, section=section)
            return
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from walk(item)
            return
        if isinstance(node, yaml.MappingNode):
            section += 1
            for key_node, value in node.value:
                if getattr(key_node, "value", None) not in _QUIZ_SKIP_KEYS:
                    yield from walk(value)

    if root is not None:
        yield from walk(root)


# ----------------------------------------------------------------------------- checks


_TILL_QUEUE = [
    re.compile(
        rf"\b(?:when|with|at|once|if)\s+(?P<more>more than\s+)?(?P<n>{_NUM})\s+(?:or more\s+)?"
        r"(?:shoppers?\s+|people\s+|customers?\s+)?(?:are\s+|is\s+)?"
        r"(?:waiting|queu\w*|in (?:the )?(?:queue|line))",
        _FLAGS,
    ),
    re.compile(
        rf"^\W*(?P<more>more than\s+)?(?P<n>{_NUM})\s+(?:or more\s+)?"
        r"(?:shoppers?\s+|people\s+)?(?:are\s+)?waiting\b",
        _FLAGS,
    ),
]
_CHANNELS = {
    "in_store": re.compile(r"\bin[- ]store\b|\bat the counter\b|\bcounter complaint", _FLAGS),
    "phone": re.compile(r"\bphone\b|\btelephone\b|service line", _FLAGS),
    "app": re.compile(r"\bapps?\b|mini-program|小程序", _FLAGS),
    "social_media": re.compile(
        r"social|\bpublic\b|\bposts?\b|\breviews?\b|dianping|weibo|点评|差评", _FLAGS
    ),
}
_OTHER_CHANNELS = re.compile(r"\bother channels\b", _FLAGS)
_FOLLOW_UP = re.compile(
    r"follow[- ]?up|回访|call (?:him|her|them|the (?:member|customer)) (?:back )?(?:within|in)",
    _FLAGS,
)
_FIRST_REPLY = re.compile(r"first (?:repl|answer|respon)", _FLAGS)
_RESOLVE = re.compile(r"resol\w*|\bsolve[sd]?\b|\bfix(?:ed)?\b|解决", _FLAGS)
_REPLY = re.compile(r"repl\w*|\banswer\w*|respon\w*|\breceive\b|hear back|受理", _FLAGS)
_ESCALATE = re.compile(r"escalat\w*|升级|report it|tell the (?:shift leader|store manager)", _FLAGS)
_TIME = re.compile(
    rf"(?P<now>at once|immediately|in the same call|during the same visit|same visit)"
    rf"|within (?:the |a |one )?(?:(?P<n>{_NUM})[- ])?(?P<unit>minutes?|hours?|working days?|"
    r"days?|weeks?)\b",
    _FLAGS,
)
_UNIT_HOURS = {"minute": 1 / 60, "hour": 1, "working day": 24, "day": 24, "week": 168}


_EXIT_WORDS = re.compile(
    # "exit survey" / "exit call" ask a leaver why; they are not the membership exit rule.
    r"without (?:a )?(?:purchase|shopping)|no purchase|bought nothing|not shopped"
    r"|\bexits?\b(?! (?:survey|call|conversation|interview))",
    _FLAGS,
)
_REVIEW_WORDS = re.compile(r"qualifying spend|\bspend\b|\breview\b", _FLAGS)


def _nearest(pattern: re.Pattern[str], text: str, at: int) -> int | None:
    """Distance from ``at`` to the closest match of ``pattern`` in ``text`` (None: no match)."""
    gaps = [min(abs(m.start() - at), abs(m.end() - at)) for m in pattern.finditer(text)]
    return min(gaps) if gaps else None


def _time_kind(text: str, at: int | None) -> str | None:
    """``first_reply`` or ``resolution``: the kind word nearest to position ``at`` in ``text``.

    "Reply in public within a working day, solve in private": the time belongs to the reply,
    the nearer word. ``at=None`` reads a header or row label, where "first reply" wins.
    """
    found: list[tuple[int, int, str]] = []
    for rank, (pattern, kind) in enumerate(
        ((_FIRST_REPLY, "first_reply"), (_RESOLVE, "resolution"), (_REPLY, "first_reply"))
    ):
        for m in pattern.finditer(text):
            distance = 0 if at is None else min(abs(m.start() - at), abs(m.end() - at))
            found.append((distance, rank, kind))
    return min(found)[2] if found else None


def _hours_stated(m: re.Match[str]) -> float:
    if m.group("now"):
        return 0.0
    n = _num(m.group("n")) if m.group("n") else 1.0
    unit = m.group("unit").lower().rstrip("s")
    return n * _UNIT_HOURS[unit]


def _same_limit(stated: float, rule: float) -> bool:
    if rule <= 1 / 60 or stated <= 1 / 60:  # "at once" and "within 1 minute" are one limit
        return stated <= 1 / 60 and rule <= 1 / 60
    return abs(stated - rule) < 1e-9


def _fmt_h(h: float) -> str:
    if h <= 1 / 60:
        return "at once"
    return f"{h:g} hours"


class _Checker:
    def __init__(self, rules: StoreRules) -> None:
        self.r = rules
        self.findings: list[Finding] = []

    def add(self, st: Statement, rule: str, stated: str, expected: str) -> None:
        self.findings.append(Finding(st.source, st.line, rule, stated, expected, st.text))

    # -- tills
    def second_till(self, st: Statement) -> None:
        if not re.search(r"\btills?\b", st.text, _FLAGS):
            return
        want = self.r.tills.second_till_queue
        for pattern in _TILL_QUEUE:
            for m in pattern.finditer(st.text):
                n = int(_num(m.group("n"))) + (1 if m.group("more") else 0)
                if n != want:
                    self.add(st, "second till", f"{n} waiting", f"{want} waiting")

    # -- complaint times
    def complaint_times(self, st: Statement) -> None:
        times = list(_TIME.finditer(st.text))
        if not times:
            return
        c = self.r.complaints
        context = [st.text, st.column, st.row_head]
        if any(_FOLLOW_UP.search(t) for t in (st.text, st.row_head)):
            for m in times:
                if m.group("unit") and m.group("unit").lower().startswith("day"):
                    days = _hours_stated(m) / 24
                    if days != c.follow_up_days:
                        self.add(st, "follow-up", f"{days:g} days", f"{c.follow_up_days} days")
            return
        if _ESCALATE.search(st.text):  # how fast staff tell a manager, not the customer
            return
        channels = self._channels(st.text) or self._channels(st.row_head)
        if not channels:
            return
        for m in times:
            kind = _time_kind(st.text, m.start()) or next(
                (k for k in map(lambda t: _time_kind(t, None), context[1:]) if k), None
            )
            if kind is None:
                continue
            stated = _hours_stated(m)
            for ch in channels:
                limit = getattr(c.channel(ch), kind)
                if not _same_limit(stated, limit.hours):
                    label = "first reply" if kind == "first_reply" else "resolution"
                    self.add(st, f"{label} ({ch})", m.group(0), limit.words)

    def _channels(self, text: str) -> list[str]:
        if _OTHER_CHANNELS.search(text):
            return [ch for ch in _CHANNELS if ch != "in_store"]
        return [ch for ch, pattern in _CHANNELS.items() if pattern.search(text)]

    # -- refund authority
    def authority(self, st: Statement) -> None:
        text = st.text
        checks = (
            ("goodwill", r"goodwill|致歉补偿", "goodwill_cny"),
            ("refund without proof", r"refunds? without (?:proof|a receipt)", None),
        )
        for label, trigger, field in checks:
            m = re.search(rf"(?:{trigger})[^.;|]*?up to ¥(?P<n>[\d,]+(?:\.\d+)?)", text, _FLAGS)
            if not m:
                continue
            field = field or "refund_without_proof_cny"
            stated = _num(m.group("n"))
            roles = self._roles(text) or self._roles(st.row_head)
            allowed = [getattr(a, field) for a in self.r.authority if not roles or a.role in roles]
            if stated not in allowed:
                shown = ", ".join(f"¥{v:g}" for v in allowed if v is not None) or "no limit"
                self.add(st, label, f"¥{stated:g}", shown)

    def _roles(self, text: str) -> list[str]:
        found = []
        if re.search(r"shift leader", text, _FLAGS):
            found.append("shift_leader")
        if re.search(r"store manager", text, _FLAGS):
            found.append("store_manager")
        if re.search(r"counter staff|\bstaff card\b", text, _FLAGS):
            found.append("staff")
        return found

    # -- returns
    def returns(self, st: Statement) -> None:
        p = self.r.returns
        pattern = re.compile(
            # "non-return" is a member not coming back, not a product going back
            rf"(?:(?<!non-)\breturn\w*|\bexchang\w*|\bbring\w* [^.;|]*back)[^.;|]*?"
            rf"within (?P<n>{_NUM}) days"
            rf"|(?P<m>{_NUM})[- ]day (?:return|exchange)",
            _FLAGS,
        )
        for m in pattern.finditer(st.text):
            days = int(_num(m.group("n") or m.group("m")))
            if days not in {p.change_of_mind_days, p.quality_refund_days}:
                self.add(st, "return window", f"{days} days", f"{p.change_of_mind_days} days")

    # -- membership
    def tiers(self, st: Statement) -> None:
        m_rules = self.r.membership
        names = "|".join(t.id for t in m_rules.tiers)
        text = st.text
        if not re.search(rf"\b(?:{names})\b", text, _FLAGS):
            return
        for m in re.finditer(r"¥(?P<n>[\d,]+(?:\.\d+)?)", text):
            before = text[max(0, m.start() - 60) : m.start()]
            tier_m = list(re.finditer(rf"\b(?P<t>{names})\b", before, _FLAGS))
            if not tier_m:
                continue
            tier = m_rules.tier(tier_m[-1].group("t").lower())
            window = before[tier_m[-1].end() :] + text[m.end() : m.end() + 25]
            kind = self._tier_kind(window) or self._tier_kind(text)
            if kind is None:
                continue
            want = tier.keep_cny if kind == "keep" else tier.entry_cny
            stated = _num(m.group("n"))
            if stated != want:
                self.add(st, f"{tier.id} {kind} amount", f"¥{stated:g}", f"¥{want:g}")
        for m in re.finditer(rf"\b(?P<t>{names})(?:'s)?\s+(?P<x>\d(?:\.\d+)?)(?![.\d%]|,\d)", text):
            if re.match(r"\s*(?:x|×|points?|per)", text[m.end() : m.end() + 8]) or re.search(
                r"points|multiplier|earn", text, _FLAGS
            ):
                tier = m_rules.tier(m.group("t").lower())
                if float(m.group("x")) != tier.points_per_yuan:
                    self.add(
                        st, f"{tier.id} points per yuan", m.group("x"), f"{tier.points_per_yuan:g}"
                    )

    @staticmethod
    def _tier_kind(text: str) -> str | None:
        keep = re.search(r"\bkeep\w*|\bstay\w*|\bdrop\w*", text, _FLAGS)
        entry = re.search(r"\bentry\b|\bmove\w*[- ]up\b|\breach\w*|\bget\b", text, _FLAGS)
        if keep and not entry:
            return "keep"
        if entry and not keep:
            return "entry"
        if not keep and not entry and re.search(r"\bneeds?\b", text, _FLAGS):
            return "entry"  # "gold needs ¥700": the amount to reach the tier
        return None

    def points(self, st: Statement) -> None:
        pts = self.r.membership.points
        for m in re.finditer(
            r"(?P<p>[\d,]+) points (?:take|for|=|are worth|is|make|\()\s*¥(?P<y>[\d,]+(?:\.\d+)?)",
            st.text,
            _FLAGS,
        ):
            ratio = _num(m.group("p")) / _num(m.group("y"))
            if ratio != pts.points_per_yuan_redeemed:
                self.add(
                    st,
                    "points value",
                    f"{m.group('p')} points = ¥{m.group('y')}",
                    f"{pts.points_per_yuan_redeemed} points = ¥1",
                )
        if re.search(r"\bpoints?\b|\bblocks?\b", st.text, _FLAGS):
            for m in re.finditer(
                r"(?:shop|receipt|bill)\w* (?:(?:of|over|above|at least)\s+)+"
                r"¥(?P<y>[\d,]+(?:\.\d+)?)",
                st.text,
                _FLAGS,
            ):
                stated = _num(m.group("y"))
                if stated != pts.min_receipt_cny:
                    self.add(
                        st,
                        "smallest receipt for points",
                        f"¥{stated:g}",
                        f"¥{pts.min_receipt_cny:g}",
                    )

    def membership_days(self, st: Statement) -> None:
        m_rules = self.r.membership
        text = st.text
        for m in re.finditer(rf"(?P<n>{_NUM}) days(?! of history)", text, _FLAGS):
            around = text[max(0, m.start() - 80) : m.end() + 60]
            mid = m.start() - max(0, m.start() - 80)
            exit_at = _nearest(_EXIT_WORDS, around, mid)
            review_at = _nearest(_REVIEW_WORDS, around, mid)
            if exit_at is None and review_at is None:
                continue
            if review_at is None or (exit_at is not None and exit_at < review_at):
                want, rule = m_rules.exit_after_days, "exit after"
            else:
                want, rule = m_rules.review_window_days, "review window"
            n = int(_num(m.group("n")))
            if n != want:
                self.add(st, rule, f"{n} days", f"{want} days")

    # -- sections: open tills
    def open_tills(self, statements: list[Statement]) -> None:
        by_section: dict[int, list[tuple[Statement, str, int, int | None]]] = {}
        for st in statements:
            for m in re.finditer(
                rf"(?P<n>{_NUM}) of (?P<m>{_NUM}) tills (?:are |is )?open", st.text, _FLAGS
            ):
                by_section.setdefault(st.section, []).append(
                    (st, "n_of_m", int(_num(m.group("n"))), int(_num(m.group("m"))))
                )
            for m in re.finditer(rf"only (?P<n>{_NUM}) tills? (?:are |is )?open", st.text, _FLAGS):
                by_section.setdefault(st.section, []).append(
                    (st, "only", int(_num(m.group("n"))), None)
                )
        tills_s05 = self.r.tills.tills("S05") if "S05" in dict(self.r.tills.per_store) else None
        for items in by_section.values():
            stated = {n for _, kind, n, _ in items if kind == "n_of_m"}
            for st, kind, n, total in items:
                if kind == "only" and stated and n not in stated:
                    self.add(st, "tills open", f"{n} open", f"{min(stated)} open, as stated above")
                at_s05 = re.search(r"supermarket|S05|Riverside", st.text)
                if kind == "n_of_m" and at_s05 and tills_s05 is not None and total != tills_s05:
                    self.add(st, "tills at S05", f"{total} tills", f"{tills_s05} tills")

    def run(self, statements: list[Statement]) -> list[Finding]:
        for st in statements:
            self.second_till(st)
            self.complaint_times(st)
            self.authority(st)
            self.returns(st)
            self.tiers(st)
            self.points(st)
            self.membership_days(st)
        self.open_tills(statements)
        return self.findings


# ----------------------------------------------------------------------------- entry points


def check_text(
    text: str, source: str = "<text>", *, kind: str = "md", rules: StoreRules | None = None
) -> list[Finding]:
    """Every typed rule value in ``text`` that differs from ``rules`` (default: the store's).

    ``kind`` is ``"md"`` for a page or card, ``"yml"`` for a quiz bank or scenario file.
    """
    reader = markdown_statements if kind == "md" else yaml_statements
    statements = list(reader(text, source))
    return _Checker(store_rules() if rules is None else rules).run(statements)


def check_file(
    path: Path, root: Path | None = None, rules: StoreRules | None = None
) -> list[Finding]:
    """Check one ``.md`` or ``.yml`` file; the source is shown relative to ``root``."""
    path = Path(path)
    source = path.relative_to(root).as_posix() if root else str(path)
    kind = "yml" if path.suffix in {".yml", ".yaml"} else "md"
    return check_text(path.read_text(encoding="utf-8"), source, kind=kind, rules=rules)


def course_files(root: Path) -> list[Path]:
    """Every file that states rules: pages, quiz banks, job aids, trainer pages, cards,
    role-play scenarios and the data card."""
    root = Path(root)
    files = [
        *root.glob("chapters/**/*.md"),
        *root.glob("chapters/*/quiz.yml"),
        *root.glob("book/**/*.md"),
        *root.glob("src/storecrm/widgets/scenarios/*.yml"),
        root / "datasets" / "README.md",
    ]
    return sorted(p for p in files if p.is_file() and "_build" not in p.parts)


def scan_course(root: Path, rules: StoreRules | None = None) -> list[Finding]:
    """Check every course file under ``root``; an empty list means the book agrees."""
    out: list[Finding] = []
    for path in course_files(root):
        out.extend(check_file(path, root, rules))
    return out
