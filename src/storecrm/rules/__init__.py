"""Maple Street Mart's rules as data: tills, complaint times, refund limits, returns, tiers.

Decision record
---------------
The book used to type the rules into each page, and the pages disagreed. Where they did,
we kept the value that most pages and the most careful text used, and every page now reads
it from ``store_rules.yml``:

* **Second till**: open it when **3** shoppers are waiting (service-flow page and card,
  returns checklist, store-and-till page, trainer notes); the survey page and two quizzes
  said "four" / "more than four".
* **Social-media complaints**: first reply **within 2 hours** (complaint process, Playbook
  complaint steps, formula sheet); the word-of-mouth page said "within one working day".
  A public post is seen by everyone, so the shorter limit is also the careful one.
* **Phone complaints**: first reply **in the same call** (complaint process, Playbook); one
  quiz said "within 2 hours" for app *and* phone.
* **Long-queue role-play**: the supermarket (S05) has **6** tills; the scenario and card
  now agree with themselves ("two of six tills are open", "why are only two tills open?").
* **Refund limits**: counter staff refund faulty goods with proof of purchase up to ¥200
  (the pages gave no amount; large refunds need a second person), goodwill up to ¥10; shift
  leader ¥1,000 with proof, ¥100 without, goodwill ¥50; store manager anything larger.
* **Returns**: change of mind within 7 days, unopened, with receipt, e-receipt or member
  record; quality problems money back within 7 days, then exchange or repair, following the
  Consumer Rights Protection Law of the PRC (2013), Article 24. Refunds go back the way
  they were paid (原路退回).
* **Returns in full** (issue 20): each exclusion says why; the shift leader decides a
  return outside the policy; a refund whose original route is closed is also theirs.
* **Money at the till** (issue 20): the shift leader reverses a double charge and decides a
  suspected counterfeit note; refund arrival times are words, not numbers (the bank decides);
  an electronic fapiao is requested by the receipt's QR code within 30 days, later through the
  store manager, who still issues it.
* **Age checks** (issue 20): no tobacco or alcohol under 18 (Law on the Protection of
  Minors, Articles 2 and 59); the store asks for ID when the buyer looks under 25.
* **Tiers and points**: the values the generator always used (data card,
  ``datasets/README.md``), now read by the generator from here.

Dependencies point one way: ``rules`` ← ``data`` ← ``analysis``; this package imports
nothing from the rest of the course except :mod:`storecrm.errors`.
"""

from storecrm.rules.loader import (
    CHANNELS,
    ROLES,
    RulesError,
    default_rules_path,
    load_rules,
    store_rules,
)
from storecrm.rules.model import (
    AgeCheckRules,
    Authority,
    ChannelRule,
    ComplaintRules,
    Exclusion,
    FapiaoRules,
    MembershipRules,
    PaymentRules,
    Phrase,
    PointsRules,
    ReturnPolicy,
    StoreRules,
    Tier,
    TillRules,
    TimeLimit,
    WorkshopRules,
)
from storecrm.rules.placeholders import (
    PLACEHOLDER_RE,
    UnknownPlaceholder,
    number_word,
    render,
    substitutions,
    yuan,
)

__all__ = [
    "CHANNELS",
    "PLACEHOLDER_RE",
    "ROLES",
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
    "RulesError",
    "StoreRules",
    "Tier",
    "TillRules",
    "TimeLimit",
    "UnknownPlaceholder",
    "WorkshopRules",
    "age_check_rules",
    "authority",
    "complaint_rules",
    "default_rules_path",
    "load_rules",
    "membership_rules",
    "number_word",
    "payment_rules",
    "render",
    "return_policy",
    "store_rules",
    "substitutions",
    "till_rules",
    "yuan",
]


def till_rules() -> TillRules:
    """When a second till opens and how many tills each store has."""
    return store_rules().tills


def complaint_rules() -> ComplaintRules:
    """First-reply and resolution standards per complaint channel, and the follow-up."""
    return store_rules().complaints


def authority() -> tuple[Authority, ...]:
    """Refund and goodwill limits per role, lowest role first."""
    return store_rules().authority


def return_policy() -> ReturnPolicy:
    """The return, exchange and refund policy."""
    return store_rules().returns


def membership_rules() -> MembershipRules:
    """Tiers (lowest first), the review window, the exit rule and the points rules."""
    return store_rules().membership


def payment_rules() -> PaymentRules:
    """Money at the till: reversals, refund times, stored-value cards, electronic fapiao."""
    return store_rules().payments


def age_check_rules() -> AgeCheckRules:
    """Who may buy tobacco and alcohol, when to ask for ID, and which IDs are accepted."""
    return store_rules().age_checks
