"""The rules as ``{{ placeholders }}`` for pages, quiz banks, role-play scenarios and cards.

Book pages use MyST substitutions (``{{ second_till_queue }}``), filled from
:func:`substitutions` by :mod:`storecrm.rules.sphinx_ext`. Quiz banks and scenario files are
YAML read by the package, so :func:`render` fills the same placeholders there when they are
loaded. One vocabulary everywhere: an author writes ``{{ goodwill_staff }}`` in a page, a quiz
option or a role-play card alike.

Only plain names are supported (``{{ name }}``), the common part of MyST's Jinja syntax and
this small renderer; an unknown name is an error, never an empty gap on the shop floor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from storecrm.errors import CourseError
from storecrm.format import percent
from storecrm.rules.loader import store_rules
from storecrm.rules.model import Phrase, StoreRules

__all__ = [
    "PLACEHOLDER_RE",
    "UnknownPlaceholder",
    "not_returnable_table",
    "number_word",
    "render",
    "substitutions",
    "yuan",
]

#: A placeholder: ``{{ name }}`` with optional spaces inside the braces.
PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve")  # fmt: skip


class UnknownPlaceholder(CourseError):
    """A ``{{ name }}`` that no rule provides; ``name`` says which."""

    def __init__(self, name: str, known: Mapping[str, str]) -> None:
        self.name = name
        close = [k for k in known if k.split("_")[0] == name.split("_")[0]][:6]
        hint = f"Did you mean one of: {', '.join(close)}?" if close else None
        super().__init__(f"unknown placeholder {{{{ {name} }}}}", hint=hint)


def number_word(n: int) -> str:
    """``3`` as ``three`` (up to twelve; larger numbers stay digits), for running text."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"


def yuan(amount: float | None, none: str = "no limit") -> str:
    """Money as the book writes it: ``¥1,200`` or ``¥12.50``; ``None`` as ``none``."""
    if amount is None:
        return none
    return f"¥{amount:,.0f}" if float(amount).is_integer() else f"¥{amount:,.2f}"


def _hours(h: float) -> str:
    return f"{h:g}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def substitutions(rules: StoreRules | None = None) -> dict[str, str]:
    """Every placeholder name and the text it stands for, from ``rules`` (default: the store's).

    Names are grouped by rule: ``second_till_queue``, ``tills_s05``; ``first_reply_phone``,
    ``resolution_app``, ``follow_up_days``; ``goodwill_staff``, ``refund_no_proof_shift_leader``;
    ``return_days``; ``tier_gold_entry``, ``points_block`` ... and two tables,
    ``authority_table`` and ``return_policy_table``. Roles that decide something come as
    ``reversal_role`` (shift leader), ``reversal_role_cap`` and ``reversal_role_zh``; lists of
    phrases as Markdown bullets (``stored_value_list``) or a series (``accepted_id``).
    A ``_word`` name gives a number as a word (``three``), a ``_cap`` name a phrase with a
    capital first letter.
    """
    r = store_rules() if rules is None else rules
    s: dict[str, str] = {}
    q = r.tills.second_till_queue
    s["second_till_queue"] = str(q)
    s["second_till_queue_word"] = number_word(q)
    for store_id, n in r.tills.per_store:
        s[f"tills_{store_id.lower()}"] = str(n)
        s[f"tills_{store_id.lower()}_word"] = number_word(n)

    c = r.complaints
    s["follow_up_days"] = str(c.follow_up_days)
    s["follow_up_days_word"] = number_word(c.follow_up_days)
    s["first_reply_standard_h"] = _hours(c.first_reply_standard_hours)
    s["resolution_standard_h"] = _hours(c.resolution_standard_hours)
    for ch in c.channels:
        for kind, limit in (("first_reply", ch.first_reply), ("resolution", ch.resolution)):
            s[f"{kind}_{ch.channel}"] = limit.words
            s[f"{kind}_{ch.channel}_cap"] = _cap(limit.words)
            s[f"{kind}_{ch.channel}_h"] = _hours(limit.hours)

    for a in r.authority:
        s[f"refund_proof_{a.role}"] = yuan(a.refund_with_proof_cny)
        s[f"refund_no_proof_{a.role}"] = yuan(a.refund_without_proof_cny)
        s[f"goodwill_{a.role}"] = yuan(a.goodwill_cny)
    s["authority_table"] = authority_table(r)

    p = r.returns
    s["return_days"] = str(p.change_of_mind_days)
    s["quality_refund_days"] = str(p.quality_refund_days)
    s["not_returnable"] = _series([x.en for x in p.not_returnable])
    s["return_policy_table"] = return_policy_table(r)
    s["not_returnable_table"] = not_returnable_table(r)
    s["refund_route"] = p.refund_route.en
    s["no_route"] = p.no_route.en
    _role_names(s, "return_exception_role", r, p.exception_role)

    pay = r.payments
    _role_names(s, "reversal_role", r, pay.reversal_role)
    s["refund_arrival_list"] = _bullets(pay.refund_arrival)
    s["stored_value_list"] = _bullets(pay.stored_value)
    s["fapiao_days"] = str(pay.fapiao.request_within_days)
    _role_names(s, "fapiao_late_role", r, pay.fapiao.late_request_role)
    s["fapiao_company_needs"] = _series([x.en for x in pay.fapiao.company_needs], "; ")
    s["fapiao_person_needs"] = _series([x.en for x in pay.fapiao.person_needs], "; ")

    age = r.age_checks
    s["legal_age"] = str(age.legal_age)
    s["id_check_age"] = str(age.ask_if_looks_under)
    s["restricted_goods"] = _series([f"{x.en} ({x.zh})" for x in age.restricted])
    s["accepted_id"] = _series([f"{x.en} ({x.zh})" for x in age.accepted_id], ", ", " or ")
    _role_names(s, "age_decision_role", r, age.decision_role)

    m = r.membership
    s["review_window_days"] = str(m.review_window_days)
    s["exit_after_days"] = str(m.exit_after_days)
    for t in m.tiers:
        s[f"tier_{t.id}_entry"] = yuan(t.entry_cny)
        s[f"tier_{t.id}_keep"] = yuan(t.keep_cny)
        s[f"tier_{t.id}_points"] = f"{t.points_per_yuan:g}"
        s[f"tier_{t.id}_zh"] = t.zh
    s["points_block"] = f"{m.points.block_points:,}"
    s["points_block_value"] = yuan(m.points.block_cny)
    s["points_min_receipt"] = yuan(m.points.min_receipt_cny)
    s["points_per_yuan_redeemed"] = str(m.points.points_per_yuan_redeemed)

    w = r.workshop
    s["roleplay_round_minutes"] = str(w.roleplay_round_minutes)
    s["roleplay_feedback_minutes"] = str(w.roleplay_feedback_minutes)
    s["roleplay_slot_minutes"] = str(w.roleplay_slot_minutes)
    s["assessment_pass_mark"] = percent(w.assessment_pass_share, 0)
    s["assessment_retake_days"] = str(w.assessment_retake_after_days)
    days = w.assessment_retake_after_days
    s["assessment_retake_wait"] = f"{days} day" if days == 1 else f"{days} days"
    return s


def _role_names(s: dict[str, str], name: str, rules: StoreRules, role: str) -> None:
    """``name`` as "shift leader" (mid-sentence), ``name_cap`` and ``name_zh`` (值班主管)."""
    a = rules.role(role)
    s[name] = a.name[:1].lower() + a.name[1:]
    s[f"{name}_cap"] = _cap(a.name)
    s[f"{name}_zh"] = a.name_zh


def _bullets(phrases: tuple[Phrase, ...]) -> str:
    """Phrases as a Markdown list, the Chinese beside each, first letter capitalised."""
    return "\n".join(f"- {_cap(x.en)} ({x.zh})." for x in phrases)


def _series(items: list[str], sep: str = "; ", last: str = "; and ") -> str:
    return items[0] if len(items) == 1 else f"{sep.join(items[:-1])}{last}{items[-1]}"


def authority_table(rules: StoreRules) -> str:
    """Who may refund or give what without asking, as a Markdown table (lowest role first)."""
    rows = [
        "| Who | Refund with proof of purchase | Refund without proof "
        "| Goodwill gesture (致歉补偿) |",
        "|---|---|---|---|",
    ]
    for a in rules.authority:
        cells = [
            yuan(a.refund_with_proof_cny, "any amount"),
            "not allowed"
            if a.refund_without_proof_cny == 0
            else yuan(a.refund_without_proof_cny, "any amount"),
            yuan(a.goodwill_cny, "any amount"),
        ]
        cells = [f"up to {c}" if c.startswith("¥") else c for c in cells]
        rows.append(f"| {a.name} ({a.name_zh}) | {' | '.join(cells)} |")
    return "\n".join(rows)


def return_policy_table(rules: StoreRules) -> str:
    """The return, exchange and refund policy as a two-column Markdown table."""
    p = rules.returns
    proof = _series([f"{x.en} ({x.zh})" for x in p.proof], ", ", " or ")
    conditions = "; ".join(f"{x.en} ({x.zh})" for x in p.conditions)
    excluded = "; ".join(f"{x.en} ({x.zh})" for x in p.not_returnable)
    rows = [
        "| Case | Policy |",
        "|---|---|",
        f"| Changed their mind (无理由退换) | Return or exchange within {p.change_of_mind_days} "
        f"days of purchase. Conditions: {conditions}. |",
        f"| Quality problem (质量问题), expired or unsafe goods | Always: money back within "
        f"{p.quality_refund_days} days of purchase; after that, an exchange or a repair. "
        "Food-safety problems: always money back, and call the shift leader. |",
        f"| Proof of purchase | {_cap(proof)}. One of them is enough. |",
        f"| Cannot be returned for a change of mind | {_cap(excluded)}. "
        "With a quality problem they can. |",
        f"| How the money goes back | {p.refund_route.en} |",
        f"| Anything outside this policy | The {rules.role(p.exception_role).name.lower()} "
        f"({rules.role(p.exception_role).name_zh}) decides: late, opened, no proof, or the "
        "original route is closed. |",
    ]
    return "\n".join(rows)


def not_returnable_table(rules: StoreRules) -> str:
    """What cannot be returned for a change of mind, and the reason to give the shopper."""
    rows = ["| Cannot be returned for a change of mind | Why (tell the shopper) |", "|---|---|"]
    rows += [f"| {_cap(x.en)} ({x.zh}) | {_cap(x.why)}. |" for x in rules.returns.not_returnable]
    return "\n".join(rows)


def render(text: str, values: Mapping[str, str] | None = None) -> str:
    """Fill every ``{{ name }}`` in ``text``; raise :class:`UnknownPlaceholder` for a bad name.

    Text without ``{{`` is returned unchanged (and fast), so callers may render every string
    they load.
    """
    if "{{" not in text:
        return text
    known = substitutions() if values is None else values

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in known:
            raise UnknownPlaceholder(name, known)
        return known[name]

    return PLACEHOLDER_RE.sub(fill, text)
