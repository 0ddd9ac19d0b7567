"""Read ``store_rules.yml`` once, check every value, and build :class:`StoreRules`.

A wrong rules file would make the book teach, and the generator simulate, a rule the store
never meant, so the loader refuses anything it does not understand: an unknown key, a missing
key, a negative amount, tiers out of order, a shift leader allowed less than counter staff.
The first problem found raises :class:`RulesError` naming the file and the key path
(``authority.shift_leader.goodwill_cny``), which is what the person fixing it needs.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from storecrm.errors import CourseError
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

__all__ = ["CHANNELS", "ROLES", "RulesError", "default_rules_path", "load_rules", "store_rules"]

#: Complaint channels, as named in the ``complaints`` table of the store data.
CHANNELS: tuple[str, ...] = ("in_store", "phone", "app", "social_media")
#: Roles with refund and goodwill limits, from the least to the most authority.
ROLES: tuple[str, ...] = ("staff", "shift_leader", "store_manager")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LIMITS = ("refund_with_proof_cny", "refund_without_proof_cny", "goodwill_cny")


class RulesError(CourseError):
    """The rules file is broken; the message starts with the file and the key path."""

    def __init__(self, path: Path | str, key: str | None, problem: str) -> None:
        self.path = Path(path)
        self.key = key
        text = f"{key}: {problem}" if key else problem
        super().__init__(
            text,
            table=_display(self.path),
            hint="Fix the rules file; every page, quiz and the data generator read it",
        )


def _display(path: Path) -> str:
    """The path relative to the repository when the file is inside it (shorter messages)."""
    for folder in path.resolve().parents:
        if (folder / "pyproject.toml").is_file():
            return path.resolve().relative_to(folder).as_posix()
    return str(path)


def default_rules_path() -> Path:
    """The course's rules file, packaged next to this module."""
    return Path(str(resources.files("storecrm.rules").joinpath("store_rules.yml")))


@cache
def store_rules() -> StoreRules:
    """The course's rules, read and checked once per process, then shared (they are frozen).

    Modules whose constants are rules (the generator's tier thresholds, the analysis
    standards) call this when they are imported: the one exception to "nothing is read from
    disk at import time", because the file ships inside the package like code, is a few
    kilobytes, and is parsed once per process.
    """
    return load_rules(default_rules_path())


def load_rules(path: Path | str) -> StoreRules:
    """Read and check a rules file.

    Parameters
    ----------
    path
        A YAML file laid out like ``storecrm/rules/store_rules.yml``.

    Raises
    ------
    RulesError
        When the file cannot be read, is not YAML, or a value is missing, unknown or out of
        range; the message names the file and the key.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(path, None, f"cannot read the rules file ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise RulesError(path, None, f"is not UTF-8 text (byte {exc.start})") from None
    try:
        data = yaml.load(text, Loader=_LOADER)  # a safe loader (the C one when available)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise RulesError(path, None, f"is not valid YAML{where}") from None
    return _Reader(path).rules(data)


class _Reader:
    """Checks one file's data; every method gets the key path it is reading."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str | None, problem: str) -> RulesError:
        return RulesError(self.path, key, problem)

    def mapping(self, value: Any, key: str, keys: set[str] | None) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(key or None, "must be a mapping of keys to values")
        if keys is not None:
            for extra in sorted(set(value) - keys, key=str):
                raise self.fail(_join(key, str(extra)), "unknown key")
            for missing in sorted(keys - set(value)):
                raise self.fail(_join(key, missing), "is missing")
        return value

    def number(
        self, value: Any, key: str, *, whole: bool = False, minimum: float = 0, none: bool = False
    ) -> Any:
        if value is None and none:
            return None
        kind = "a whole number" if whole else "a number"
        if (
            isinstance(value, bool)
            or not isinstance(value, numbers.Real)
            or (whole and not float(value).is_integer())
        ):
            raise self.fail(key, f"must be {kind}, not {value!r}")
        if value < minimum:
            raise self.fail(key, f"must be at least {minimum:g}, not {value!r}")
        return int(value) if whole else float(value)

    def text(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be non-empty text, not {value!r}")
        return " ".join(value.split())

    def phrase(self, value: Any, key: str) -> Phrase:
        raw = self.mapping(value, key, {"en", "zh"})
        return Phrase(en=self.text(raw["en"], f"{key}.en"), zh=self.text(raw["zh"], f"{key}.zh"))

    def phrases(self, value: Any, key: str) -> tuple[Phrase, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(key, "must be a non-empty list of {en, zh} phrases")
        return tuple(self.phrase(v, f"{key}[{i}]") for i, v in enumerate(value))

    # ------------------------------------------------------------------ sections
    def rules(self, data: Any) -> StoreRules:
        top = {
            "version",
            "tills",
            "complaints",
            "authority",
            "returns",
            "payments",
            "age_checks",
            "membership",
            "workshop",
        }
        raw = self.mapping(data, "", top)
        if raw["version"] != 1:
            raise self.fail("version", f"must be 1, not {raw['version']!r}")
        return StoreRules(
            path=self.path,
            tills=self.tills(raw["tills"]),
            complaints=self.complaints(raw["complaints"]),
            authority=self.authority(raw["authority"]),
            returns=self.returns(raw["returns"]),
            payments=self.payments(raw["payments"]),
            age_checks=self.age_checks(raw["age_checks"]),
            membership=self.membership(raw["membership"]),
            workshop=self.workshop(raw["workshop"]),
        )

    def workshop(self, value: Any) -> WorkshopRules:
        raw = self.mapping(value, "workshop", {"roleplay", "assessment"})
        rp = self.mapping(
            raw["roleplay"], "workshop.roleplay", {"round_minutes", "feedback_minutes"}
        )
        test = self.mapping(
            raw["assessment"], "workshop.assessment", {"pass_share", "retake_after_days"}
        )
        pass_share = self.number(test["pass_share"], "workshop.assessment.pass_share")
        if not 0 < pass_share <= 1:
            raise self.fail(
                "workshop.assessment.pass_share",
                f"must be a share above 0 and at most 1 (0.8 for 80 %), not {pass_share:g}",
            )
        return WorkshopRules(
            roleplay_round_minutes=self.number(
                rp["round_minutes"], "workshop.roleplay.round_minutes", whole=True, minimum=1
            ),
            roleplay_feedback_minutes=self.number(
                rp["feedback_minutes"], "workshop.roleplay.feedback_minutes", whole=True, minimum=1
            ),
            assessment_pass_share=pass_share,
            assessment_retake_after_days=self.number(
                test["retake_after_days"], "workshop.assessment.retake_after_days", whole=True
            ),
        )

    def tills(self, value: Any) -> TillRules:
        raw = self.mapping(value, "tills", {"second_till_queue", "per_store"})
        queue = self.number(raw["second_till_queue"], "tills.second_till_queue", whole=True)
        if queue < 1:
            raise self.fail("tills.second_till_queue", "must be at least 1 shopper")
        stores = self.mapping(raw["per_store"], "tills.per_store", None)
        if not stores:
            raise self.fail("tills.per_store", "must list at least one store")
        per_store = tuple(
            (str(sid), self.number(n, f"tills.per_store.{sid}", whole=True, minimum=1))
            for sid, n in stores.items()
        )
        return TillRules(second_till_queue=queue, per_store=per_store)

    def time_limit(self, value: Any, key: str) -> TimeLimit:
        raw = self.mapping(value, key, {"hours", "words"})
        return TimeLimit(
            hours=self.number(raw["hours"], f"{key}.hours"),
            words=self.text(raw["words"], f"{key}.words"),
        )

    def complaints(self, value: Any) -> ComplaintRules:
        raw = self.mapping(value, "complaints", {"follow_up_days", "channels"})
        follow = self.number(raw["follow_up_days"], "complaints.follow_up_days", whole=True)
        chans = self.mapping(raw["channels"], "complaints.channels", set(CHANNELS))
        rules = []
        for channel in CHANNELS:
            key = f"complaints.channels.{channel}"
            entry = self.mapping(chans[channel], key, {"name", "first_reply", "resolution"})
            first = self.time_limit(entry["first_reply"], f"{key}.first_reply")
            resolution = self.time_limit(entry["resolution"], f"{key}.resolution")
            if resolution.hours < first.hours:
                raise self.fail(f"{key}.resolution.hours", "must not be shorter than first_reply")
            name = self.text(entry["name"], f"{key}.name")
            rules.append(ChannelRule(channel, name, first, resolution))
        return ComplaintRules(follow_up_days=follow, channels=tuple(rules))

    def authority(self, value: Any) -> tuple[Authority, ...]:
        raw = self.mapping(value, "authority", set(ROLES))
        out: list[Authority] = []
        for role in ROLES:
            key = f"authority.{role}"
            entry = self.mapping(raw[role], key, {"name", "name_zh", *_LIMITS})
            limits = {
                name: self.number(entry[name], f"{key}.{name}", none=True) for name in _LIMITS
            }
            if out:
                below = out[-1]
                for name, amount in limits.items():
                    lower = getattr(below, name)
                    if amount is not None and (lower is None or amount < lower):
                        raise self.fail(
                            f"{key}.{name}", f"must be at least the {below.role} limit ({lower})"
                        )
            name_en = self.text(entry["name"], f"{key}.name")
            name_zh = self.text(entry["name_zh"], f"{key}.name_zh")
            out.append(Authority(role, name_en, name_zh, **limits))
        return tuple(out)

    def role_id(self, value: Any, key: str) -> str:
        """A role that decides something: one of :data:`ROLES` above counter staff."""
        if value not in ROLES[1:]:
            raise self.fail(key, f"must be one of {', '.join(ROLES[1:])}, not {value!r}")
        return str(value)

    def exclusions(self, value: Any, key: str) -> tuple[Exclusion, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail(key, "must be a non-empty list of {en, zh, why} entries")
        out = []
        for i, item in enumerate(value):
            k = f"{key}[{i}]"
            raw = self.mapping(item, k, {"en", "zh", "why"})
            out.append(
                Exclusion(
                    en=self.text(raw["en"], f"{k}.en"),
                    zh=self.text(raw["zh"], f"{k}.zh"),
                    why=self.text(raw["why"], f"{k}.why"),
                )
            )
        return tuple(out)

    def returns(self, value: Any) -> ReturnPolicy:
        keys = {
            "change_of_mind_days",
            "quality_refund_days",
            "proof",
            "conditions",
            "not_returnable",
            "refund_route",
            "no_route",
            "exception_role",
        }
        raw = self.mapping(value, "returns", keys)
        return ReturnPolicy(
            change_of_mind_days=self.number(
                raw["change_of_mind_days"], "returns.change_of_mind_days", whole=True, minimum=1
            ),
            quality_refund_days=self.number(
                raw["quality_refund_days"], "returns.quality_refund_days", whole=True, minimum=1
            ),
            proof=self.phrases(raw["proof"], "returns.proof"),
            conditions=self.phrases(raw["conditions"], "returns.conditions"),
            not_returnable=self.exclusions(raw["not_returnable"], "returns.not_returnable"),
            refund_route=self.phrase(raw["refund_route"], "returns.refund_route"),
            no_route=self.phrase(raw["no_route"], "returns.no_route"),
            exception_role=self.role_id(raw["exception_role"], "returns.exception_role"),
        )

    def payments(self, value: Any) -> PaymentRules:
        keys = {"reversal_role", "refund_arrival", "stored_value", "fapiao"}
        raw = self.mapping(value, "payments", keys)
        fk = "payments.fapiao"
        fp = self.mapping(
            raw["fapiao"],
            fk,
            {"request_within_days", "late_request_role", "company_needs", "person_needs"},
        )
        fapiao = FapiaoRules(
            request_within_days=self.number(
                fp["request_within_days"], f"{fk}.request_within_days", whole=True, minimum=1
            ),
            late_request_role=self.role_id(fp["late_request_role"], f"{fk}.late_request_role"),
            company_needs=self.phrases(fp["company_needs"], f"{fk}.company_needs"),
            person_needs=self.phrases(fp["person_needs"], f"{fk}.person_needs"),
        )
        return PaymentRules(
            reversal_role=self.role_id(raw["reversal_role"], "payments.reversal_role"),
            refund_arrival=self.phrases(raw["refund_arrival"], "payments.refund_arrival"),
            stored_value=self.phrases(raw["stored_value"], "payments.stored_value"),
            fapiao=fapiao,
        )

    def age_checks(self, value: Any) -> AgeCheckRules:
        keys = {"legal_age", "ask_if_looks_under", "restricted", "accepted_id", "decision_role"}
        raw = self.mapping(value, "age_checks", keys)
        legal = self.number(raw["legal_age"], "age_checks.legal_age", whole=True, minimum=1)
        ask = self.number(
            raw["ask_if_looks_under"], "age_checks.ask_if_looks_under", whole=True, minimum=1
        )
        if ask < legal:
            raise self.fail(
                "age_checks.ask_if_looks_under", f"must be at least legal_age ({legal}), not {ask}"
            )
        return AgeCheckRules(
            legal_age=legal,
            ask_if_looks_under=ask,
            restricted=self.phrases(raw["restricted"], "age_checks.restricted"),
            accepted_id=self.phrases(raw["accepted_id"], "age_checks.accepted_id"),
            decision_role=self.role_id(raw["decision_role"], "age_checks.decision_role"),
        )

    def membership(self, value: Any) -> MembershipRules:
        keys = {"review_window_days", "exit_after_days", "tiers", "points"}
        raw = self.mapping(value, "membership", keys)
        window = self.number(
            raw["review_window_days"], "membership.review_window_days", whole=True, minimum=1
        )
        exit_days = self.number(
            raw["exit_after_days"], "membership.exit_after_days", whole=True, minimum=1
        )
        tiers = self.tiers(raw["tiers"])
        pts = self.mapping(
            raw["points"],
            "membership.points",
            {"block_points", "block_cny", "min_receipt_cny", "expire_after_months"},
        )
        points = PointsRules(
            block_points=self.number(
                pts["block_points"], "membership.points.block_points", whole=True, minimum=1
            ),
            block_cny=self.number(pts["block_cny"], "membership.points.block_cny", minimum=0.01),
            min_receipt_cny=self.number(
                pts["min_receipt_cny"], "membership.points.min_receipt_cny"
            ),
            expire_after_months=self.number(
                pts["expire_after_months"],
                "membership.points.expire_after_months",
                whole=True,
                minimum=0,
            ),
        )
        if points.expire_after_months > 12:
            raise self.fail(
                "membership.points.expire_after_months",
                f"must be at most 12 (a year), not {points.expire_after_months}",
            )
        if points.block_points * 100 % round(points.block_cny * 100):
            raise self.fail(
                "membership.points.block_points",
                "must be a whole number of points per fen of block_cny",
            )
        return MembershipRules(window, exit_days, tiers, points)

    def tiers(self, value: Any) -> tuple[Tier, ...]:
        key = "membership.tiers"
        if not isinstance(value, list) or len(value) < 2:
            raise self.fail(key, "must list at least two tiers, lowest first")
        out: list[Tier] = []
        fields = {"id", "zh", "entry_cny", "keep_cny", "points_per_yuan"}
        for i, item in enumerate(value):
            k = f"{key}[{i}]"
            raw = self.mapping(item, k, fields)
            tier = Tier(
                id=self.text(raw["id"], f"{k}.id"),
                zh=self.text(raw["zh"], f"{k}.zh"),
                entry_cny=self.number(raw["entry_cny"], f"{k}.entry_cny"),
                keep_cny=self.number(raw["keep_cny"], f"{k}.keep_cny"),
                points_per_yuan=self.number(raw["points_per_yuan"], f"{k}.points_per_yuan"),
            )
            if not float(tier.points_per_yuan * 10).is_integer():
                raise self.fail(f"{k}.points_per_yuan", "must have at most one decimal (1.2)")
            if not out and (tier.entry_cny or tier.keep_cny):
                raise self.fail(f"{k}.entry_cny", "the first tier is where everyone joins: use 0")
            if out:
                if tier.entry_cny <= out[-1].entry_cny:
                    raise self.fail(f"{k}.entry_cny", "must be above the tier below")
                if not 0 < tier.keep_cny < tier.entry_cny:
                    raise self.fail(f"{k}.keep_cny", "must be above 0 and below entry_cny")
                if tier.points_per_yuan < out[-1].points_per_yuan:
                    raise self.fail(f"{k}.points_per_yuan", "must not be below the tier below")
            if tier.id in {t.id for t in out}:
                raise self.fail(f"{k}.id", f"tier {tier.id!r} is listed twice")
            out.append(tier)
        return tuple(out)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key
