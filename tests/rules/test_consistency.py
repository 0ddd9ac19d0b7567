"""The book agrees with the rules, and the checker catches the contradictions it once had.

The snippets below are the contradictions found in the course before the rules became data
(issue 11), each with the corrected wording next to it: the checker must flag the first and
pass the second, or it cannot be trusted to guard the pages.
"""

from __future__ import annotations

import pytest

from storecrm.rules import load_rules
from storecrm.rules.consistency import check_text, course_files, scan_course

from .conftest import REPO_ROOT


def test_every_course_file_agrees_with_the_rules():
    findings = scan_course(REPO_ROOT)
    assert not findings, "\n".join(map(str, findings))


def test_the_scan_covers_pages_quizzes_job_aids_cards_and_scenarios():
    names = {p.relative_to(REPO_ROOT).as_posix() for p in course_files(REPO_ROOT)}
    for expected in (
        "chapters/02_service_standards/service-flow.md",
        "chapters/03_complaints/quiz.yml",
        "book/playbook/complaint-steps.md",
        "book/trainers/roleplay-cards.md",
        "src/storecrm/widgets/scenarios/complaints.yml",
        "datasets/README.md",
    ):
        assert expected in names


CHANNEL_TABLE = "| Channel | How it arrives | First reply | Watch out |\n|---|---|---|---|\n"
STEPS_TABLE = "| Step | What to do | Time |\n|---|---|---|\n"

# (label, kind, contradicting text, rule it breaks, corrected text)
CASES = [
    (
        "survey page: second till at more than four",
        "md",
        "| What will we change? | A second till opens when more than four people queue. |",
        "second till",
        "| What will we change? | A second till opens when 3 people are waiting. |",
    ),
    (
        "survey poster: four waiting",
        "md",
        'We now open a second till when four people are waiting."',
        "second till",
        "We now open a second till when {{ second_till_queue_word }} people are waiting.",
    ),
    (
        "Module 2 quiz option: four waiting",
        "yml",
        "options:\n  - key: d\n    text: Opening a second till when four shoppers are waiting.\n",
        "second till",
        "options:\n  - key: d\n    text: Opening a second till when three shoppers are waiting.\n",
    ),
    (
        "service-flow card",
        "md",
        "- [ ] 5 shoppers waiting? Call for another till",
        "second till",
        "- [ ] 3 shoppers waiting? Call for another till",
    ),
    (
        "word of mouth: reply in public within one working day",
        "md",
        STEPS_TABLE + "| 3. Reply in public | Thank, apologise | Within one working day |",
        "first reply (social_media)",
        STEPS_TABLE + "| 3. Reply in public | Thank, apologise | Within 2 hours |",
    ),
    (
        "word of mouth key point",
        "md",
        "- Negative post: record, check facts, reply in public within a working day, solve.",
        "first reply (social_media)",
        "- Negative post: record, check facts, reply in public within 2 hours, solve.",
    ),
    (
        "channel table: social media",
        "md",
        CHANNEL_TABLE + "| Social media | A post | Within one working day | Be polite. |",
        "first reply (social_media)",
        CHANNEL_TABLE + "| Social media | A post | Within 2 hours; the manager answers | Ok |",
    ),
    (
        "Module 3 quiz: phone within 2 hours",
        "yml",
        "feedback: >-\n  Right. App and phone complaints get a first reply within 2 hours of"
        " opening time, even if the full fix takes longer.\n",
        "first reply (phone)",
        "feedback: >-\n  Right. App complaints get a first reply within 2 hours of opening time,"
        " even if the full fix takes longer.\n",
    ),
    (
        "channel table: phone",
        "md",
        CHANNEL_TABLE + "| Phone | The store phone | Within 2 hours | Write it down. |",
        "first reply (phone)",
        CHANNEL_TABLE + "| Phone | The store phone | In the same call | Write it down. |",
    ),
    (
        "resolution: other channels",
        "md",
        STEPS_TABLE + "| 3. Resolve | Offer a fix | In store: same visit. Other channels: within"
        " 48 hours. |",
        "resolution",
        STEPS_TABLE + "| 3. Resolve | Offer a fix | In store: same visit. Other channels: within"
        " 24 hours. |",
    ),
    (
        "role-play card: two of six open, only one open",
        "md",
        "## 4. The long queue\n\n- **What happened:** Only two of six tills are open.\n"
        '- **First line:** "Why is only one till open? I\'ve waited ten minutes!"\n',
        "tills open",
        "## 4. The long queue\n\n- **What happened:** Only two of six tills are open.\n"
        '- **First line:** "Why are only two tills open? I\'ve waited ten minutes!"\n',
    ),
    (
        "scenario: supermarket tills",
        "yml",
        "situation: >-\n  At the supermarket, two of eight tills are open.\n",
        "tills at S05",
        "situation: >-\n  At the supermarket, two of six tills are open.\n",
    ),
    (
        "limits: staff goodwill",
        "md",
        "| Counter staff | Refund faulty goods; goodwill gesture up to ¥20. |",
        "goodwill",
        "| Counter staff | Refund faulty goods; goodwill gesture up to ¥10. |",
    ),
    (
        "limits: shift leader without proof",
        "md",
        "| Shift leader | Refunds without proof up to ¥200; goodwill up to ¥50. |",
        "refund without proof",
        "| Shift leader | Refunds without proof up to ¥100; goodwill up to ¥50. |",
    ),
    (
        "returns window",
        "md",
        "You can return unopened goods within 30 days with the receipt.",
        "return window",
        "You can return unopened goods within 7 days with the receipt.",
    ),
    (
        "tier keep amount",
        "yml",
        "text: >-\n  Gold needs ¥300 in 90 days to keep it.\n",
        "gold keep amount",
        "text: >-\n  Gold needs ¥350 in 90 days to keep it.\n",
    ),
    (
        "tier multiplier",
        "md",
        "The till counts 57 whole yuan, times gold's 2 points per yuan.",
        "gold points per yuan",
        "The till counts 57 whole yuan, times gold's 1.5 points per yuan.",
    ),
    (
        "points value",
        "md",
        '"You get 1 point for every yuan, and 500 points take ¥10 off a shop of ¥20 or more."',
        "points value",
        '"You get 1 point for every yuan, and 500 points take ¥5 off a shop of ¥20 or more."',
    ),
    (
        "smallest receipt for points",
        "md",
        "Points: 500 points can be used on a receipt of at least ¥30.",
        "smallest receipt for points",
        "Points: 500 points can be used on a receipt of at least ¥20.",
    ),
    (
        "exit after",
        "md",
        "A member with no purchase in the 90 days before a review leaves the programme.",
        "exit after",
        "A member with no purchase in the 180 days before a review leaves the programme.",
    ),
    (
        "follow-up",
        "md",
        "Record a ticket and call him within five days.",
        "follow-up",
        "Record a ticket and call him within three days.",
    ),
]


@pytest.mark.parametrize(
    ("kind", "wrong", "rule", "right"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_contradiction_is_found_and_the_correction_passes(kind, wrong, rule, right):
    found = check_text(wrong, "snippet", kind=kind)
    assert found, f"not caught: {wrong!r}"
    assert any(f.rule.startswith(rule) for f in found), [str(f) for f in found]
    assert str(found[0]).startswith("snippet:")
    assert check_text(right, "snippet", kind=kind) == [], [
        str(f) for f in check_text(right, "snippet", kind=kind)
    ]


def test_placeholders_are_never_flagged():
    text = (
        "Call for another till when **{{ second_till_queue }}** shoppers are waiting. "
        "Social media: reply in public {{ first_reply_social_media }}."
    )
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "6. **Exit survey.** 40 % of leavers answer a phone call 30 to 60 days after they stop.",
        "An exit call 45 days after the last visit asks why they left.",
        "**six-month non-return**: members who made no second purchase within 183 days.",
    ],
)
def test_leaving_and_coming_back_are_not_store_rules(text):
    """Exit surveys and members not returning are about people, not the exit or return rules."""
    assert check_text(text) == [], [str(f) for f in check_text(text)]


def test_code_cells_are_not_read():
    text = "```{code-cell} ipython3\n# open a second till when 9 are waiting\n```\n"
    assert check_text(text) == []


def test_the_checker_follows_the_rules_file(write_rules):
    # With the rule changed to 4, the course's own "3 waiting" pages would be wrong.
    rules = load_rules(write_rules(lambda d: d["tills"].update(second_till_queue=4)))
    found = check_text("Call for another till when 3 shoppers are waiting.", rules=rules)
    assert [f.rule for f in found] == ["second till"]
    assert "says 3 waiting, the rules say 4 waiting" in str(found[0])
