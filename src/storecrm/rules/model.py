"""The store's rules as frozen dataclasses: what :mod:`storecrm.rules.loader` builds.

Frozen because the rules are read by many parts of the course at once (the generator, the
analysis helpers, the book build); nobody may change them in memory and so make one part
disagree with another. Change ``store_rules.yml`` instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "AgeCheckRules",
    "Authority",
    "ChannelRule",
    "ComplaintRules",
    "Exclusion",
    "FapiaoRules",
    "MembershipRules",
    "PaymentRules",
    "Phrase",
    "PointsRules",
    "ReturnPolicy",
    "StoreRules",
    "Tier",
    "TillRules",
    "TimeLimit",
    "WorkshopRules",
]


@dataclass(frozen=True)
class TimeLimit:
    """The longest a customer may wait: ``hours`` for measuring, ``words`` for saying it."""

    hours: float
    words: str


@dataclass(frozen=True)
class ChannelRule:
    """Time standards for one complaint channel (``in_store``, ``phone``, ``app`` ...)."""

    channel: str
    name: str
    first_reply: TimeLimit
    resolution: TimeLimit


@dataclass(frozen=True)
class ComplaintRules:
    """First-reply and resolution standards per channel, and the follow-up delay."""

    follow_up_days: int
    channels: tuple[ChannelRule, ...]

    def channel(self, channel: str) -> ChannelRule:
        """The rule for one channel; a :class:`KeyError` names the valid channels."""
        for rule in self.channels:
            if rule.channel == channel:
                return rule
        valid = ", ".join(r.channel for r in self.channels)
        raise KeyError(f"no complaint channel {channel!r}; valid channels: {valid}")

    @property
    def first_reply_standard_hours(self) -> float:
        """The one first-reply limit the complaint data is measured against: the longest.

        The data has no opening-hours calendar, so every ticket is measured against the
        longest channel limit; for counter and phone complaints it is an outer limit.
        """
        return max(r.first_reply.hours for r in self.channels)

    @property
    def resolution_standard_hours(self) -> float:
        """The one resolution limit the complaint data is measured against: the longest."""
        return max(r.resolution.hours for r in self.channels)


@dataclass(frozen=True)
class Authority:
    """What one role may give without asking anyone, in yuan; ``None`` means no limit."""

    role: str
    name: str
    name_zh: str
    refund_with_proof_cny: float | None
    refund_without_proof_cny: float | None
    goodwill_cny: float | None


@dataclass(frozen=True)
class Phrase:
    """A policy phrase in English with its Chinese wording."""

    en: str
    zh: str


@dataclass(frozen=True)
class Exclusion:
    """Goods that cannot be returned for a change of mind, and why (staff must say why)."""

    en: str
    zh: str
    why: str


@dataclass(frozen=True)
class ReturnPolicy:
    """The return and exchange policy: windows, proof, conditions, exclusions, refund route.

    ``exception_role`` is the role (``shift_leader`` ...) that decides a return outside the
    policy (late, opened, no route back); ``no_route`` says what happens when the original
    payment route is closed.
    """

    change_of_mind_days: int
    quality_refund_days: int
    proof: tuple[Phrase, ...]
    conditions: tuple[Phrase, ...]
    not_returnable: tuple[Exclusion, ...]
    refund_route: Phrase
    no_route: Phrase
    exception_role: str


@dataclass(frozen=True)
class FapiaoRules:
    """Electronic fapiao (电子发票): how long a shopper may request one at the till's QR code,
    who issues it after that, and what a company or a person must give."""

    request_within_days: int
    late_request_role: str
    company_needs: tuple[Phrase, ...]
    person_needs: tuple[Phrase, ...]


@dataclass(frozen=True)
class PaymentRules:
    """Money at the till: who reverses a wrong charge, how long refunds take, stored-value
    cards (预付卡) and electronic fapiao.

    ``reversal_role`` reverses a double charge or a failed payment that took money, and
    decides a suspected counterfeit note; ``refund_arrival`` says in words how long a refund
    takes to reach each payment route (the bank decides, so there is no one number).
    """

    reversal_role: str
    refund_arrival: tuple[Phrase, ...]
    stored_value: tuple[Phrase, ...]
    fapiao: FapiaoRules


@dataclass(frozen=True)
class AgeCheckRules:
    """Age checks for tobacco and alcohol.

    ``legal_age``: no sale to anyone younger (Law of the PRC on the Protection of Minors,
    Articles 2 and 59). ``ask_if_looks_under``: the store's way of making "when in doubt"
    concrete: ask for ID when the buyer looks younger than this. ``decision_role`` backs a
    refusal and takes over when the buyer argues.
    """

    legal_age: int
    ask_if_looks_under: int
    restricted: tuple[Phrase, ...]
    accepted_id: tuple[Phrase, ...]
    decision_role: str


@dataclass(frozen=True)
class Tier:
    """One membership tier: 90-day spend to enter and to keep it, and its points rate."""

    id: str
    zh: str
    entry_cny: float
    keep_cny: float
    points_per_yuan: float


@dataclass(frozen=True)
class PointsRules:
    """How points are used: ``block_points`` take ``block_cny`` off a big enough receipt.

    ``expire_after_months``: on 31 December, unused points earned more than this many whole
    months before the year end expire (6: January to June go, July to December stay).
    """

    block_points: int
    block_cny: float
    min_receipt_cny: float
    expire_after_months: int

    @property
    def points_per_yuan_redeemed(self) -> int:
        """Points a member gives up for one yuan off (500 points for ¥5 gives 100)."""
        return round(self.block_points / self.block_cny)


@dataclass(frozen=True)
class MembershipRules:
    """Tier review window, exit rule, the tiers (lowest first) and the points rules."""

    review_window_days: int
    exit_after_days: int
    tiers: tuple[Tier, ...]
    points: PointsRules

    @property
    def tier_ids(self) -> tuple[str, ...]:
        """Tier ids, lowest first (``standard``, ``silver``, ``gold``, ``diamond``)."""
        return tuple(t.id for t in self.tiers)

    def tier(self, tier_id: str) -> Tier:
        """One tier by id; a :class:`KeyError` names the valid tiers."""
        for tier in self.tiers:
            if tier.id == tier_id:
                return tier
        raise KeyError(f"no tier {tier_id!r}; valid tiers: {', '.join(self.tier_ids)}")


@dataclass(frozen=True)
class TillRules:
    """When a second till opens, and how many tills each store has."""

    second_till_queue: int
    per_store: tuple[tuple[str, int], ...]

    def tills(self, store_id: str) -> int:
        """How many tills a store has; a :class:`KeyError` names the valid store ids."""
        found = dict(self.per_store)
        if store_id not in found:
            raise KeyError(f"no store {store_id!r}; valid stores: {', '.join(found)}")
        return found[store_id]


@dataclass(frozen=True)
class WorkshopRules:
    """How long a role-play round lasts: the trainer's plans and the printed cards both say it.

    ``round_minutes`` is reading the cards and playing; ``feedback_minutes`` is the observer's,
    customer's and staff member's feedback after each round.
    """

    roleplay_round_minutes: int
    roleplay_feedback_minutes: int
    #: The end-of-part assessment: the share (0-1) of questions right at the first try that
    #: passes a part, and the days a learner waits before sitting a part again.
    assessment_pass_share: float
    assessment_retake_after_days: int

    @property
    def roleplay_slot_minutes(self) -> int:
        """One round with its feedback: what a plan books for each situation."""
        return self.roleplay_round_minutes + self.roleplay_feedback_minutes


@dataclass(frozen=True)
class StoreRules:
    """Every rule of the store, as read from one rules file."""

    path: Path
    tills: TillRules
    complaints: ComplaintRules
    authority: tuple[Authority, ...]
    returns: ReturnPolicy
    payments: PaymentRules
    age_checks: AgeCheckRules
    membership: MembershipRules
    workshop: WorkshopRules

    def role(self, role: str) -> Authority:
        """The limits of one role (``staff``, ``shift_leader``, ``store_manager``)."""
        for entry in self.authority:
            if entry.role == role:
                return entry
        valid = ", ".join(a.role for a in self.authority)
        raise KeyError(f"no role {role!r}; valid roles: {valid}")
