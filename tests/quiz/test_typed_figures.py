"""No typed figure where a computed one belongs: pages, quiz banks and trainer pages.

A figure that states a fact about Maple Street Mart's data (the chain's margin, how many
product pairs were planted, which store ranks where, the tier carry-over day) goes stale the
moment the data is regenerated if someone typed it. Pages glue such figures from a code cell,
quiz banks fill them from ``values:`` / ``compute:``, trainer pages glue them too. This test
reads the text a reader sees (code cells removed) and fails on each typed one, naming the file
and the sentence. Every rule is also run against a sentence that breaks it, so the scan
cannot silently stop matching.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storecrm.analysis.membership import CARRY_OVER_DAY
from storecrm.data.simulation.params import PAIRS
from storecrm.format import day_month

ROOT = Path(__file__).resolve().parents[2]
SCANNED = sorted(
    [
        *ROOT.glob("chapters/*/*.md"),
        *ROOT.glob("chapters/*/quiz.yml"),
        *ROOT.glob("book/*.md"),
        *ROOT.glob("book/playbook/*.md"),
        *ROOT.glob("book/trainers/*.md"),
    ]
)

_CODE_CELL = re.compile(r"```\{code-cell\}.*?```", re.DOTALL)
_PERCENT = r"\d+(?:\.\d+)?\s?%"
_STORES = r"(?:Station Square|Tech Park|University Town|Old Town|Riverside|Eastgate)"
_NUMBER_WORDS = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

#: name -> (pattern a sentence must not match, what to do instead).
RULES: dict[str, tuple[re.Pattern[str], str]] = {
    "store margin": (
        re.compile(
            rf"\b(?:our|the chain's|the store's|whole chain's)\b[^.]*\bmargin rate\b[^.]*?"
            rf"{_PERCENT}",
            re.IGNORECASE,
        ),
        "glue the rate (storecrm.quiz.answers.value.store_margin_rate / snack_margin_rate)",
    ),
    "planted pairs": (
        re.compile(rf"\b{_NUMBER_WORDS}\s+(?:planted\s+)?pairs\s+(?:with|have)\s+lift", re.I),
        "glue storecrm.quiz.answers.baskets.planted_pair_count()",
    ),
    "till ranking": (
        re.compile(
            rf"{_STORES}[^.]*\b(?:fewest|most|least|lowest|highest)\b[^.]*shoppers per till"
            rf"|\b(?:fewest|most)\s+shoppers per till[^.]*{_STORES}",
            re.I,
        ),
        "name the store through values: / glue (storecrm.quiz.answers.service)",
    ),
    "worked pair": (
        re.compile(r"\b(?:confidence|lift)\s+\d+(?:\.\d+)?\b(?!\s*(?:or|to|and|[÷/×*]))", re.I),
        "glue storecrm.quiz.answers.baskets.example_confidence / example_lift",
    ),
    "campaign effect": (
        re.compile(rf"\bvisit\w*\s+(?:about\s+)?{_PERCENT}\s+more\b", re.I),
        "glue storecrm.quiz.answers.promotions.visit_uplift_share",
    ),
    "carry-over day": (
        re.compile(
            rf"(?:{CARRY_OVER_DAY:%Y-%m-%d}|\b{re.escape(day_month(CARRY_OVER_DAY))}\b)"
            r"(?=[^.]*\b(?:carr|old programme|review|upgrade))"
            r"|\b(?:carr\w*|old programme)\b[^.]*"
            rf"(?:{CARRY_OVER_DAY:%Y-%m-%d}|\b{re.escape(day_month(CARRY_OVER_DAY))}\b)",
            re.I,
        ),
        "glue day_month(CARRY_OVER_DAY) or use {carry_over} from values:",
    ),
}

#: One sentence per rule that a careless author could write: each must be caught.
BAD_EXAMPLES = {
    "store margin": "Our gross margin rate is 24 %.",
    "planted pairs": "The data hides ten pairs with lift far above 1.",
    "till ranking": "University Town has the fewest shoppers per till in its busiest hour.",
    "carry-over day": "Tiers carried over on 1 January are left out.",
    "worked pair": 'Say "half" before saying "confidence 48%".',
    "campaign effect": "Coupon holders visit about 15 % more than the control group.",
}


def reader_text(path: Path) -> str:
    """What a reader sees of ``path``: code cells removed, lines joined into sentences."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = _CODE_CELL.sub(" ", text)
    return re.sub(r"\s+", " ", text)


def typed_figures(text: str) -> list[tuple[str, str]]:
    """``(rule, sentence)`` for every sentence of ``text`` that types a computed figure."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for name, (pattern, _) in RULES.items():
            if pattern.search(sentence):
                found.append((name, sentence.strip()[:160]))
    return found


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_rule_catches_a_typed_figure(name: str) -> None:
    assert [rule for rule, _ in typed_figures(BAD_EXAMPLES[name])] == [name]


def test_computed_mentions_pass_the_scan() -> None:
    ok = (
        "Our gross margin rate is {margin:percent}. {worst} has the lowest score. "
        "Tiers carried over on {glue:text}`carry_over` are left out. "
        "{glue:text}`planted_pairs` pairs with lift far above 1."
    )
    assert typed_figures(ok) == []


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_typed_store_figures(path: Path) -> None:
    problems = typed_figures(reader_text(path))
    assert not problems, "\n".join(
        f"{path.relative_to(ROOT)}: {rule}: {sentence!r} -> {RULES[rule][1]}"
        for rule, sentence in problems
    )


def test_the_data_card_states_the_planted_pair_count() -> None:
    """The data card is prose outside the build's code; its count must match the generator."""
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    words += ["ten", "eleven", "twelve"]
    card = (ROOT / "datasets" / "README.md").read_text(encoding="utf-8")
    match = re.search(r"\b(\w+) planted pairs\b", card, re.I)
    assert match, "datasets/README.md no longer says how many pairs are planted"
    stated = match.group(1).lower()
    count = int(stated) if stated.isdigit() else words.index(stated)
    assert count == len(PAIRS)
