"""The one place that says what every table and column is.

The generator writes these columns in this order, :func:`storecrm.data.load` reads them
with these types, :mod:`storecrm.data.validate` checks them, and the book's data
dictionary is printed from them. Keeping all four on one list means they cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CATEGORY_VALUES",
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "TABLES",
    "Column",
    "Table",
    "dictionary_frame",
    "pandera_schema",
]

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"

#: Allowed values of every categorical column, in display order.
CATEGORY_VALUES: dict[str, list[str]] = {
    "format": ["convenience", "supermarket"],
    "signup_channel": ["in_store", "app", "mini_program", "referral"],
    "tier": ["standard", "silver", "gold", "diamond"],
    "age_band": ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"],
    "gender": ["female", "male", "undisclosed"],
    "receipt_channel": ["in_store", "app_pickup", "delivery"],
    "payment_method": ["wechat_pay", "alipay", "bank_card", "cash", "member_card"],
    "ledger_kind": ["earn", "redeem", "expire"],
    "tier_change": ["join", "upgrade", "downgrade", "exit"],
    "offer_type": ["spend_threshold", "win_back"],
    "group": ["treatment", "control"],
    "complaint_channel": ["in_store", "phone", "app", "social_media"],
    "complaint_category": [
        "expired_product",
        "product_quality",
        "out_of_stock",
        "price_dispute",
        "queue_wait",
        "staff_attitude",
        "cleanliness",
        "other",
    ],
    "outcome": ["refund", "replacement", "voucher", "apology", "explanation", "unresolved"],
    "district": ["Eastgate", "Tech Park", "University Town", "Old Town", "Riverside"],
    "survey_type": ["visit", "exit"],
    "leave_reason": [
        "drifted_away",
        "moved_away",
        "competitor",
        "complaint",
        "graduated",
        "one_off",
    ],
}


@dataclass(frozen=True)
class Column:
    """One column: its name, kind, unit and meaning, plus what values are allowed.

    ``kind`` is one of ``id``, ``text``, ``int``, ``money``, ``points``, ``date``,
    ``datetime``, ``bool`` or ``category``. ``values`` names a list in
    :data:`CATEGORY_VALUES`; ``ref`` is ``"table.column"`` for a foreign key.
    """

    name: str
    kind: str
    unit: str
    meaning: str
    nullable: bool = False
    values: str | None = None
    ordered: bool = False
    ref: str | None = None
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Table:
    """One table (one CSV file): its name, what a row is, and its columns in file order."""

    name: str
    row: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def file(self) -> str:
        """The file name inside a data set directory."""
        return f"{self.name}.csv"

    @property
    def names(self) -> list[str]:
        """Column names in file order."""
        return [c.name for c in self.columns]


C = Column
TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "stores",
            "one store of the chain",
            (
                C("store_id", "id", "-", "Store code, S01 to S05.", unique=True),
                C("store_name", "text", "-", "Store name in English."),
                C("store_name_zh", "text", "-", "Store name in Chinese as on the sign."),
                C("format", "category", "-", "Convenience store or supermarket.", values="format"),
                C("district", "category", "-", "City district the store is in.",
                  values="district"),
                C("opened_on", "date", "date", "Day the store opened."),
                C("tills", "int", "count", "Number of checkout tills.", minimum=1),
            ),
            ("store_id",),
        ),
        Table(
            "products",
            "one product on the price list",
            (
                C("product_id", "id", "-", "Product code, P0001 upwards.", unique=True),
                C("product_name", "text", "-", "Product name in English."),
                C("product_name_zh", "text", "-", "Product name in Chinese as on the shelf label."),
                C("category", "category", "-", "Product category (English key)."),
                C("category_zh", "text", "-", "Product category in Chinese."),
                C("subcategory", "text", "-",
                  "Subcategory within the category (English key), e.g. tea_drinks."),
                C("subcategory_zh", "text", "-", "Subcategory in Chinese."),
                C("brand", "text", "-", "Brand; Maple Street Mart for the chain's own lines."),
                C("pack_size", "text", "-", "Pack size as on the label, e.g. 500 ml, 6 x 330 ml."),
                C("unit_price_cny", "money", "yuan", "Shelf price of one unit.", minimum=0),
                C("unit_cost_cny", "money", "yuan", "What one unit costs the store to buy.",
                  minimum=0),
            ),
            ("product_id",),
        ),
        Table(
            "customers",
            "one loyalty-programme member (walk-in shoppers are not listed)",
            (
                C("customer_id", "id", "-", "Member number, M00001 upwards.", unique=True),
                C("name", "text", "-", "Invented name (made by faker, zh_CN)."),
                C("phone_masked", "text", "-",
                  "Invented mobile number with the middle four digits masked."),
                C("signup_date", "date", "date", "Day the customer joined the programme."),
                C("signup_channel", "category", "-", "Where they joined.",
                  values="signup_channel"),
                C("signup_store_id", "id", "-", "Store where they joined or that they chose.",
                  ref="stores.store_id"),
                C("tier", "category", "-",
                  "Membership tier on 2025-12-31; empty if the membership lapsed (exit).",
                  nullable=True, values="tier", ordered=True),
                C("age_band", "category", "years", "Age group given at sign-up.",
                  values="age_band"),
                C("gender", "category", "-", "Gender given at sign-up.", values="gender"),
                C("district", "category", "-", "Home district given at sign-up.",
                  values="district"),
                C("marketing_consent", "bool", "-",
                  "True if the member agreed to receive offers (only they get coupons)."),
            ),
            ("customer_id",),
        ),
        Table(
            "receipts",
            "one checkout (one basket paid for)",
            (
                C("receipt_id", "id", "-", "Receipt number, in time order.", unique=True),
                C("store_id", "id", "-", "Store of the sale.", ref="stores.store_id"),
                C("purchased_at", "datetime", "local time", "Date and time of payment."),
                C("customer_id", "id", "-", "Member number; empty for walk-in shoppers.",
                  nullable=True, ref="customers.customer_id"),
                C("is_member", "bool", "-", "True if a member card or code was scanned."),
                C("channel", "category", "-", "In store, app order collected in store, or "
                  "delivery.", values="receipt_channel"),
                C("payment_method", "category", "-", "How the customer paid.",
                  values="payment_method"),
                C("items", "int", "units", "Number of units bought (sum of line quantities).",
                  minimum=1),
                C("gross_cny", "money", "yuan", "Value at shelf prices before any discount.",
                  minimum=0),
                C("discount_cny", "money", "yuan", "All discounts: line promotions + coupon + "
                  "points redeemed.", minimum=0),
                C("net_cny", "money", "yuan", "Amount paid: gross_cny - discount_cny.",
                  minimum=0),
                C("staff_id", "id", "-", "Cashier who served the sale (store code and person, "
                  "e.g. S01-04); empty if not recorded.", nullable=True),
            ),
            ("receipt_id",),
        ),
        Table(
            "receipt_lines",
            "one product line on a receipt",
            (
                C("receipt_id", "id", "-", "Receipt the line belongs to.",
                  ref="receipts.receipt_id"),
                C("line_no", "int", "-", "Line number on the receipt, from 1.", minimum=1),
                C("product_id", "id", "-", "Product bought.", ref="products.product_id"),
                C("quantity", "int", "units", "Units bought.", minimum=1),
                C("unit_price_cny", "money", "yuan", "Shelf price of one unit.", minimum=0),
                C("discount_cny", "money", "yuan", "Promotion or markdown on this line.",
                  minimum=0),
                C("line_total_cny", "money", "yuan",
                  "quantity x unit_price_cny - discount_cny.", minimum=0),
            ),
            ("receipt_id", "line_no"),
        ),
        Table(
            "points_ledger",
            "one movement of loyalty points",
            (
                C("entry_id", "id", "-", "Ledger entry number, in time order.", unique=True),
                C("customer_id", "id", "-", "Member whose points moved.",
                  ref="customers.customer_id"),
                C("occurred_at", "datetime", "local time", "When the points moved."),
                C("kind", "category", "-", "earn, redeem or expire.", values="ledger_kind"),
                C("points", "points", "points",
                  "Points added (positive) or taken away (negative)."),
                C("receipt_id", "id", "-", "Receipt that earned or used the points; empty for "
                  "expiry.", nullable=True, ref="receipts.receipt_id"),
            ),
            ("entry_id",),
        ),
        Table(
            "tier_changes",
            "one change of a member's tier (including joining and leaving)",
            (
                C("customer_id", "id", "-", "Member.", ref="customers.customer_id"),
                C("changed_on", "date", "date", "Day the change took effect."),
                C("from_tier", "category", "-", "Tier before; empty when joining.",
                  nullable=True, values="tier", ordered=True),
                C("to_tier", "category", "-", "Tier after; empty on exit.", nullable=True,
                  values="tier", ordered=True),
                C("change", "category", "-", "join, upgrade, downgrade or exit.",
                  values="tier_change"),
            ),
            ("customer_id", "changed_on", "change"),
        ),
        Table(
            "campaigns",
            "one marketing campaign",
            (
                C("campaign_id", "id", "-", "Campaign code, C01 upwards.", unique=True),
                C("campaign_name", "text", "-", "Campaign name."),
                C("offer_type", "category", "-", "Kind of offer.", values="offer_type"),
                C("target", "text", "-", "Who was chosen to receive it (in words)."),
                C("starts_on", "date", "date", "First day the coupon can be used."),
                C("ends_on", "date", "date", "Last day the coupon can be used."),
                C("coupon_value_cny", "money", "yuan", "Money off when the coupon is used.",
                  minimum=0),
                C("min_spend_cny", "money", "yuan", "Smallest basket (after line promotions) "
                  "the coupon can be used on.", minimum=0),
            ),
            ("campaign_id",),
        ),
        Table(
            "coupon_sends",
            "one targeted member in one campaign (the control group is listed but gets "
            "nothing)",
            (
                C("send_id", "id", "-", "Send number.", unique=True),
                C("campaign_id", "id", "-", "Campaign.", ref="campaigns.campaign_id"),
                C("customer_id", "id", "-", "Targeted member.", ref="customers.customer_id"),
                C("group", "category", "-", "treatment (coupon sent) or control (randomly held "
                  "out, nothing sent).", values="group"),
                C("assigned_at", "datetime", "local time",
                  "When the member was put in a group (and the coupon sent)."),
                C("redeemed_at", "datetime", "local time",
                  "When the coupon was used; empty if never used or control.", nullable=True),
                C("redeemed_receipt_id", "id", "-", "Receipt the coupon was used on.",
                  nullable=True, ref="receipts.receipt_id"),
            ),
            ("send_id",),
        ),
        Table(
            "complaints",
            "one complaint ticket",
            (
                C("ticket_id", "id", "-", "Ticket number.", unique=True),
                C("customer_id", "id", "-", "Member who complained.",
                  ref="customers.customer_id"),
                C("store_id", "id", "-", "Store concerned.", ref="stores.store_id"),
                C("channel", "category", "-", "How the complaint arrived.",
                  values="complaint_channel"),
                C("category", "category", "-", "What it was about.",
                  values="complaint_category"),
                C("opened_at", "datetime", "local time", "When the ticket was opened."),
                C("first_response_at", "datetime", "local time",
                  "When staff first replied to the customer."),
                C("resolved_at", "datetime", "local time", "When the ticket was closed."),
                C("outcome", "category", "-", "What the customer got.", values="outcome"),
                C("satisfaction_after", "int", "score 1-5",
                  "Customer's rating of the handling, asked after closing (5 = very "
                  "satisfied).", minimum=1, maximum=5),
                C("staff_id", "id", "-", "Manager or shift lead who handled the ticket "
                  "(e.g. S04-02); empty if not recorded.", nullable=True),
            ),
            ("ticket_id",),
        ),
        Table(
            "survey_responses",
            "one answered survey (after a visit, or an exit call to a member who stopped)",
            (
                C("response_id", "id", "-", "Response number.", unique=True),
                C("customer_id", "id", "-", "Member who answered.",
                  ref="customers.customer_id"),
                C("store_id", "id", "-", "Store the survey asked about.",
                  ref="stores.store_id"),
                C("responded_on", "date", "date", "Day of the answer."),
                C("recommend_0_10", "int", "score 0-10",
                  "How likely to recommend the store to a friend (for NPS).",
                  minimum=0, maximum=10),
                C("sat_checkout_speed", "int", "score 1-5", "Satisfaction with checkout speed.",
                  minimum=1, maximum=5),
                C("sat_staff_friendliness", "int", "score 1-5",
                  "Satisfaction with staff friendliness.", minimum=1, maximum=5),
                C("sat_product_range", "int", "score 1-5", "Satisfaction with product range.",
                  minimum=1, maximum=5),
                C("sat_freshness", "int", "score 1-5", "Satisfaction with freshness.",
                  minimum=1, maximum=5),
                C("sat_cleanliness", "int", "score 1-5", "Satisfaction with cleanliness.",
                  minimum=1, maximum=5),
                C("sat_value_for_money", "int", "score 1-5", "Satisfaction with value for money.",
                  minimum=1, maximum=5),
                C("comment", "text", "-", "Optional short comment; often empty.",
                  nullable=True),
                C("survey_type", "category", "-", "visit (asked after a purchase) or exit "
                  "(a phone call to a member who has stopped coming).", values="survey_type"),
                C("leave_reason", "category", "-", "Exit survey only: the main reason the "
                  "member gives for no longer shopping here.", nullable=True,
                  values="leave_reason"),
            ),
            ("response_id",),
        ),
        Table(
            "marketing_spend",
            "one marketing cost: a campaign's running cost or a month's recruitment in one "
            "sign-up channel",
            (
                C("spend_id", "id", "-", "Spend line number.", unique=True),
                C("month", "date", "date", "First day of the month the money was spent."),
                C("campaign_id", "id", "-", "Campaign the money ran; empty for recruitment.",
                  nullable=True, ref="campaigns.campaign_id"),
                C("signup_channel", "category", "-", "Sign-up channel the money recruited "
                  "through; empty for a campaign.", nullable=True, values="signup_channel"),
                C("item", "text", "-", "What the money bought, in words."),
                C("spend_cny", "money", "yuan", "Amount spent (coupon values are not included: "
                  "they show as discounts on the receipts that used them).", minimum=0),
            ),
            ("spend_id",),
        ),
    ]
}  # fmt: skip
# The product category list comes from the generator's catalogue; it is open-ended for
# user data, so `category` in products is checked as non-empty text only.


def dictionary_frame(table: str):  # -> pandas.DataFrame (pandas imported lazily)
    """Return one table's columns as a small DataFrame for the book's data dictionary."""
    import pandas as pd

    rows = []
    for c in TABLES[table].columns:
        allowed = ", ".join(CATEGORY_VALUES[c.values]) if c.values else ""
        rows.append(
            {
                "column": c.name,
                "type": c.kind + (" (may be empty)" if c.nullable else ""),
                "unit": c.unit,
                "meaning": c.meaning + (f" Values: {allowed}." if allowed else ""),
            }
        )
    return pd.DataFrame(rows)


def pandera_schema(table: str, now: object | None = None):  # -> pandera DataFrameSchema
    """A pandera schema for one table, for frames whose columns already have their dtypes.

    Checks: no empty cells where a value is required, allowed values of categorical
    columns, ranges (prices and quantities not negative, scores in range), unique keys and
    no dates after ``now`` (default: the moment of checking). Conversion from text and
    cross-table checks (unknown product ids ...) are done by :mod:`storecrm.data.validate`,
    because they need the file's raw text and the other tables.
    """
    import pandas as pd
    import pandera.pandas as pa

    limit = pd.Timestamp.now() if now is None else pd.Timestamp(now)
    columns = {}
    for c in TABLES[table].columns:
        checks = []
        if c.values:
            allowed = CATEGORY_VALUES[c.values]
            checks.append(pa.Check.isin(allowed, error="is not one of: " + ", ".join(allowed)))
        if c.minimum is not None:
            word = "negative" if c.minimum == 0 else f"below {c.minimum:g}"
            checks.append(pa.Check.ge(c.minimum, error=f"must not be {word}"))
        if c.maximum is not None:
            checks.append(pa.Check.le(c.maximum, error=f"must not be above {c.maximum:g}"))
        if c.kind in ("date", "datetime"):
            checks.append(pa.Check.le(limit, error="is in the future"))
        if c.kind in ("int", "points"):
            checks.append(pa.Check(lambda s: s == s.round(), error="must be a whole number"))
        dtype = {"date": "datetime64[ns]", "datetime": "datetime64[ns]", "money": float,
                 "int": float, "points": float, "bool": bool}.get(c.kind, object)  # fmt: skip
        columns[c.name] = pa.Column(
            dtype, checks=checks, nullable=c.nullable, unique=c.unique, required=False
        )
    return pa.DataFrameSchema(columns, name=table)
