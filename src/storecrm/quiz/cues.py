"""Test-wise guessing: how far a learner gets in a bank without reading the questions.

A self-check only measures understanding if the answer cannot be spotted from the options'
form. Test-wise learners use a few well-known cues: pick the longest option, always pick the
same letter, pick the option that sounds most specific (numbers, quoted words), pick the one
that echoes the question. Each strategy here is a function from a one-answer question to the
chance of picking each option (ties are broken at random, so tied options share the pick),
and :func:`strategy_score` gives the share of a bank's one-answer questions it gets right.
Tests compare each score with :func:`chance_score`, the mean of ``1 / number of options``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from storecrm.quiz.model import Bank, Option, Question

__all__ = [
    "ONE_ANSWER_TYPES",
    "STRATEGIES",
    "chance_score",
    "content_words",
    "fixed_key",
    "longest_right_share",
    "one_answer_questions",
    "right_key_counts",
    "specificity",
    "strategy_score",
]

#: Question types with exactly one right option.
ONE_ANSWER_TYPES: tuple[str, ...] = ("single", "scenario")

#: A strategy maps a question to the probability of picking each option key.
Strategy = Callable[[Question], dict[str, float]]

_NUMBER_RE = re.compile(r"\d+(?:[.,:]\d+)*")
_QUOTE_RE = re.compile(r"\"[^\"]+\"|“[^”]+”|「[^」]+」|(?<!\w)'[^']+'(?!\w)")
_WORD_RE = re.compile(r"[a-z]+")
#: Words too common to count as echoing the stem.
_STOPWORDS = frozenset(
    {
        "about",
        "after",
        "again",
        "also",
        "because",
        "been",
        "before",
        "being",
        "both",
        "could",
        "does",
        "each",
        "from",
        "have",
        "into",
        "just",
        "like",
        "more",
        "most",
        "much",
        "only",
        "other",
        "over",
        "same",
        "should",
        "some",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "very",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "would",
        "your",
        "you",
        "yours",
        "shop",
        "store",
        "customer",
        "customers",
        "staff",
    }
)


def one_answer_questions(bank: Bank) -> list[Question]:
    """The bank's single-choice and scenario questions (the ones a guesser can play)."""
    return [q for q in bank.questions if q.type in ONE_ANSWER_TYPES and len(q.answer_keys) == 1]


def _pick_max(options: Sequence[Option], score: Callable[[Option], tuple]) -> dict[str, float]:
    """Pick the option(s) with the highest score; tied options share the probability."""
    scores = [score(o) for o in options]
    best = max(scores)
    winners = [o.key for o, s in zip(options, scores, strict=True) if s == best]
    return {key: 1 / len(winners) for key in winners}


def _length(option: Option) -> int:
    return len(option.text.strip())


def specificity(text: str) -> int:
    """How specific an option sounds: its numbers plus its quoted phrases.

    Options with figures ("within 2 hours", "¥50") or quoted words ("'Sold out.'") look
    concrete and careful, which test-wise learners take as a sign of the right answer.
    """
    return len(_NUMBER_RE.findall(text)) + len(_QUOTE_RE.findall(text))


def content_words(text: str) -> set[str]:
    """Lower-case words of four or more letters, without common function words."""
    return {w for w in _WORD_RE.findall(text.lower()) if len(w) >= 4 and w not in _STOPWORDS}


def _longest(q: Question) -> dict[str, float]:
    return _pick_max(q.options, lambda o: (_length(o),))


def _shortest(q: Question) -> dict[str, float]:
    return _pick_max(q.options, lambda o: (-_length(o),))


def _most_specific(q: Question) -> dict[str, float]:
    return _pick_max(q.options, lambda o: (specificity(o.text), _length(o)))


def _echoes_stem(q: Question) -> dict[str, float]:
    asked = content_words(f"{q.situation or ''} {q.stem}")
    return _pick_max(q.options, lambda o: (len(content_words(o.text) & asked),))


def fixed_key(key: str) -> Strategy:
    """The strategy "always pick option ``key``"; a question without that key is a wild guess."""

    def pick(q: Question) -> dict[str, float]:
        keys = [o.key for o in q.options]
        return {key: 1.0} if key in keys else {k: 1 / len(keys) for k in keys}

    pick.__name__ = f"always_{key}"
    return pick


#: The test-wise strategies every bank must defeat, by name.
STRATEGIES: dict[str, Strategy] = {
    "longest option": _longest,
    "shortest option": _shortest,
    "most specific wording": _most_specific,
    "most words shared with the question": _echoes_stem,
    **{f"always {key}": fixed_key(key) for key in "abcd"},
}


def strategy_score(questions: Iterable[Question], strategy: Strategy) -> float:
    """Expected share of ``questions`` a strategy answers right (0-1)."""
    questions = list(questions)
    if not questions:
        return 0.0
    total = sum(strategy(q).get(q.answer_keys[0], 0.0) for q in questions)
    return total / len(questions)


def chance_score(questions: Iterable[Question]) -> float:
    """Expected share right by blind guessing: the mean of ``1 / number of options``."""
    questions = list(questions)
    if not questions:
        return 0.0
    return sum(1 / len(q.options) for q in questions) / len(questions)


def longest_right_share(questions: Iterable[Question]) -> float:
    """Share of ``questions`` whose right option is strictly longer than every other option."""
    questions = list(questions)
    if not questions:
        return 0.0
    hits = 0
    for q in questions:
        right = q.answer_keys[0]
        length = {o.key: _length(o) for o in q.options}
        if all(length[right] > n for k, n in length.items() if k != right):
            hits += 1
    return hits / len(questions)


def right_key_counts(questions: Iterable[Question]) -> Counter[str]:
    """How often each option key is the right answer."""
    return Counter(q.answer_keys[0] for q in questions)
