"""Exercise 2's checks, on the hand-made data: each right answer and typical wrong ones."""

from __future__ import annotations

import pandas as pd
import pytest

from storecrm.exercises import Status, ____
from storecrm.exercises.members import build, spend_cases
from storecrm.exercises.testing import assert_says as _says


@pytest.fixture(scope="module")
def qs(toy):
    return build(toy)


def test_solutions_chain_to_correct(toy, qs) -> None:
    ns = {"receipts": toy.receipts, "customers": toy.customers}
    for key in ["q1", "q2", "q3", "q4", "q5"]:
        exec(qs[key].solution_code, ns)
        fb = qs[key].assess(namespace=ns)
        assert fb.status is Status.CORRECT, f"{key}: {fb}"


def test_q1_signups(qs, toy) -> None:
    q = qs["q1"]
    c = toy.customers
    right = c.groupby("signup_channel", observed=False).size()
    _says(q.assess(right), Status.CORRECT, "joined through")
    _says(q.assess(c["signup_channel"].value_counts(normalize=True)), Status.INCORRECT, "shares")
    _says(q.assess(toy.receipts["channel"].value_counts()), Status.INCORRECT, "`signup_channel`")
    _says(q.assess(right.to_frame("n").assign(x=1)), Status.INCORRECT, "should be a Series")
    _says(q.assess(right + 1), Status.INCORRECT, "too high")


def test_q2_tier_mix(qs, toy) -> None:
    q = qs["q2"]
    counts = toy.customers.groupby("tier", observed=False).size()
    _says(q.assess(counts / counts.sum()), Status.CORRECT, "broad base")
    _says(q.assess(counts), Status.INCORRECT, "numbers of members")
    _says(
        q.assess(counts / counts.sum() * 100),
        Status.INCORRECT,
        "looks like a percent; give a fraction 0–1",
    )
    _says(q.assess(counts.iloc[:3] / counts.sum()), Status.INCORRECT, "one per tier")
    _says(q.assess(dict(counts / counts.sum())), Status.INCORRECT, "a dict with 4 items")
    all_members = counts / len(toy.customers)  # lapsed members (no tier) in the denominator
    _says(q.assess(all_members), Status.INCORRECT, "membership lapsed")


def test_q3_member_sales_share(qs, toy) -> None:
    q = qs["q3"]
    r = toy.receipts
    member_money = r.loc[r["customer_id"].notna(), "net_cny"].sum()
    right = member_money / r["net_cny"].sum()
    _says(q.assess(right), Status.CORRECT, "of the money")
    _says(q.assess(r["is_member"].mean()), Status.INCORRECT, "share of receipts (visits)")
    gross = r.loc[r["is_member"], "gross_cny"].sum() / r["gross_cny"].sum()
    _says(q.assess(gross), Status.INCORRECT, "`gross_cny`")
    _says(q.assess(right * 100), Status.INCORRECT, "looks like a percent; give a fraction 0–1")
    _says(q.assess(member_money), Status.INCORRECT, "too high")


def test_q4_member_spend_function(qs, toy) -> None:
    q = qs["q4"]
    r = toy.receipts
    cases = spend_cases(toy.customers, r)
    assert any(right == 0 for _, right in cases), "the cases include a member who never bought"
    assert len(cases) >= 3

    def right(customer_id):
        return float(r["net_cny"][r["customer_id"] == customer_id].sum())

    def counts_visits(customer_id):
        return int((r["customer_id"] == customer_id).sum())

    def gross(customer_id):
        return r.loc[r["customer_id"] == customer_id, "gross_cny"].sum()

    def lookup(customer_id):
        return r.groupby("customer_id")["net_cny"].sum()[customer_id]  # KeyError for non-buyers

    def starter(customer_id):
        return ____

    _says(q.assess(right), Status.CORRECT, "never came back")
    _says(q.assess(counts_visits), Status.INCORRECT, "too low")
    _says(q.assess(gross), Status.INCORRECT, "which is too high")
    _says(q.assess(lookup), Status.ERROR, "raised KeyError", "on the line `return r.groupby")
    _says(q.assess(starter), Status.NOT_ATTEMPTED, "blank")
    _says(q.assess(right(cases[0][0][0])), Status.INCORRECT, "should be a function")


def test_q5_spend_by_tier(qs, toy) -> None:
    q = qs["q5"]
    r = toy.receipts
    per_member = r.dropna(subset=["customer_id"]).groupby("customer_id")["net_cny"].sum()
    tiers = toy.customers.set_index("customer_id")["tier"]
    joined = per_member.to_frame("spend").join(tiers, how="inner")
    right = joined.groupby("tier", observed=True)["spend"].mean()
    _says(q.assess(right), Status.CORRECT, "Higher tiers")
    per_receipt = (
        r.merge(toy.customers, on="customer_id").groupby("tier", observed=True)["net_cny"].mean()
    )
    _says(q.assess(per_receipt), Status.INCORRECT, "average receipt (one visit)")
    total = r.merge(toy.customers, on="customer_id").groupby("tier", observed=True)["net_cny"].sum()
    _says(q.assess(total), Status.INCORRECT, "each tier's total")
    _says(q.assess(right.reset_index()), Status.INCORRECT, "should be a Series")
    _says(q.assess(pd.Series(right.to_numpy())), Status.INCORRECT, "numbered 0, 1, 2")


def test_q6_reflection(qs) -> None:
    q = qs["q6"]
    _says(q.assess(____), Status.NOT_ATTEMPTED)
    _says(q.assess("members"), Status.INCORRECT, "Write at least")
    _says(q.assess(3.5), Status.INCORRECT, "text in quotes")
    text = (
        "Members bring 60% of the money, more than their visits: ask every customer to join "
        "at the till."
    )
    _says(q.assess(text), Status.REFLECTION, "model answer", "Members made")
    assert "%" in q.model_answer  # the model answer quotes numbers computed from the data
