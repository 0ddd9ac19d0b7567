"""Questions for exercise 7, "Is the member export fit to send?".

:func:`raw_export` makes a deterministic messy copy of some members (never touching the
committed data), as a store's till system exports it for head office: every cell text, phone
numbers in full and in several spellings, extra copies of two members, blank and invalid
fields and dates typed the wrong way. :func:`build` turns any data with a ``customers`` table
into the questions, so tests can use small hand-made members and the notebook the real ones
(see ``ex07``). Every right answer is computed here with the Module 6 helpers the cleaning
page uses: :func:`~storecrm.analysis.data_quality.completeness`,
:func:`~storecrm.analysis.data_quality.mask_phone` and
:func:`~storecrm.analysis.data_quality.find_duplicates`.

Whether the list may leave the store is the store's sharing rule (:data:`HOLD_LIMIT`): phone
numbers masked, extra copies removed, and at most one row in twenty still waiting for the
store to check it. The rule is the training store's own, set for the exercise.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from storecrm.analysis.data_quality import (
    EXPORT_DAY,
    MASKED_PHONE_PATTERN,
    completeness,
    find_duplicates,
    mask_phone,
    messy_member_export,
)
from storecrm.data.schema import CATEGORY_VALUES
from storecrm.errors import CourseError
from storecrm.exercises.compare import SHARE_TOLERANCE
from storecrm.exercises.questions import (
    ChoiceQuestion,
    Misconception,
    Option,
    Question,
    ReflectionQuestion,
    TableQuestion,
    ValueQuestion,
)
from storecrm.format import count, percent

__all__ = [
    "CHANNELS",
    "EXPORT_ROWS",
    "HOLD_LIMIT",
    "SEED",
    "build",
    "decide",
    "extra_copy_rows",
    "needs_store",
    "raw_export",
    "shared_phone",
]

#: How many members the practice export copies.
EXPORT_ROWS = 30
#: Seed of the practice export: the same seed gives the same export on any machine.
SEED = 707
#: The store's sharing rule: a list may leave only if at most this share of its rows still
#: needs the store to check something (one row in twenty).
HOLD_LIMIT = 0.05
#: The sign-up channels the store's systems know.
CHANNELS: list[str] = list(CATEGORY_VALUES["signup_channel"])


def _n(value: int, word: str, plural: str = "") -> str:
    """``3 numbers``, ``1 number``: a count with its noun."""
    return f"{count(value)} {word if value == 1 else plural or word + 's'}"


def _spell(full: str, style: int) -> str:
    """One 11-digit number the way people type it: plain, with spaces or with hyphens."""
    if style == 1:
        return f"{full[:3]} {full[3:7]} {full[7:]}"
    if style == 2:
        return f"{full[:3]}-{full[3:7]}-{full[7:]}"
    return full


def raw_export(customers: pd.DataFrame, n: int = EXPORT_ROWS, seed: int = SEED) -> pd.DataFrame:
    """A member export from a store's till system, with the mistakes a real one has.

    Starts from :func:`~storecrm.analysis.data_quality.messy_member_export` (``n`` members as
    text, the first typed twice as the last row, a blank channel in row 1, a day/month/year
    date in row 3, a year typed 2052 in row 4), then writes the phone numbers as the till
    system holds them, in a column ``phone``: in full (the middle four digits are invented
    with the seed), typed plain, with spaces or with hyphens; every fourth row already masked.
    The extra copy of the first member has the same number with hyphens. Row 5's number has
    lost a digit, row 8's is blank, row 7's channel is typed ``WeChat`` (not a channel code)
    and row 9's name is blank. Row 10's member is typed a second time as the very last row,
    under the next new member number, with a space after the name and the number typed
    with hyphens (row 10 has spaces).

    Parameters
    ----------
    customers
        The ``customers`` table (at least ``n`` rows).
    n
        How many members to copy (at least 11, so every planted mistake has its own row).
    seed
        Seed for the random picks and the invented digits.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 11:
        raise CourseError(
            f"n must be a whole number of at least 11, not {n!r}",
            table="customers",
            hint="The practice export needs one row for each planted mistake",
        )
    out = messy_member_export(customers, n=n, seed=seed)
    rng = np.random.default_rng(seed + 1)
    phones: list[str] = []
    for i, shown in enumerate(out["phone_masked"].iloc[:n]):
        if "*" not in shown:  # already written in full by messy_member_export
            full = shown
        else:
            full = shown[:3] + "".join(str(d) for d in rng.integers(0, 10, size=4)) + shown[-4:]
        phones.append(shown if i % 4 == 3 else _spell(full, i % 3))
    twin = phones[0].replace(" ", "").replace("-", "")
    phones.append(_spell(twin, 2))
    phones[5] = phones[5].replace(" ", "").replace("-", "")[:-1]
    phones[8] = ""
    out = out.drop(columns="phone_masked")
    out.insert(2, "phone", phones)
    out.loc[7, "signup_channel"] = "WeChat"
    out.loc[9, "name"] = ""
    again = out.loc[10].copy()
    again["name"] = f"{again['name']} "
    again["phone"] = _spell(again["phone"].replace(" ", "").replace("-", ""), 2)
    again["customer_id"] = f"M{int(str(out.iloc[-1]['customer_id'])[1:]) + 1:05d}"
    return pd.concat([out, again.to_frame().T], ignore_index=True)


def _safe_mask(phone: Any) -> str:
    try:
        return mask_phone(phone)
    except CourseError:
        return ""


def shared_phone(export: pd.DataFrame) -> pd.Series:
    """The ``phone`` column masked (``138****0427``); ``""`` where it cannot be masked."""
    return export["phone"].map(_safe_mask).rename("phone_masked")


def extra_copy_rows(clean: pd.DataFrame) -> pd.Index:
    """Row labels of the later copies of a member (the first copy of each is kept)."""
    dups = find_duplicates(clean)
    return dups.index[dups["match_key"].duplicated(keep="first").to_numpy()]


def needs_store(kept: pd.DataFrame, as_of: pd.Timestamp = EXPORT_DAY) -> pd.Series:
    """True for each row the desk cannot fix: only the store or the member can.

    A blank name, a phone that could not be masked, a sign-up channel that is blank or not
    a channel code, and a sign-up date that is not year-month-day or after ``as_of``. An
    empty tier is not a problem: members who left the programme have none, by design.
    """
    dates = pd.to_datetime(kept["signup_date"], format="%Y-%m-%d", errors="coerce")
    return (
        kept["name"].astype(str).str.strip().eq("")
        | kept["phone_masked"].eq("")
        | ~kept["signup_channel"].isin(CHANNELS)
        | dates.isna()
        | (dates > as_of)
    )


def decide(figures: dict[str, Any]) -> str:
    """The letter the figures support: ``a`` send as it is, ``b`` fix and send, ``c`` hold.

    ``a`` only if nothing needed fixing (no full phone number, no extra copy, no row for
    the store); ``b`` if the desk's fixes leave at most :data:`HOLD_LIMIT` of the rows for the
    store; else ``c``. ``d`` (full numbers for the partner) is never right.
    """
    if figures["full_numbers"] == 0 and figures["extra"] == 0 and figures["hold"] == 0:
        return "a"
    return "b" if figures["hold_share"] <= HOLD_LIMIT else "c"


def _figures(export: pd.DataFrame) -> dict[str, Any]:
    """Every figure the choice and its explanations quote, computed once."""
    masked = shared_phone(export)
    phone = export["phone"].astype(str).str.strip()
    full = ~phone.str.fullmatch(MASKED_PHONE_PATTERN) & masked.ne("")
    clean = export.drop(columns="phone").assign(phone_masked=masked)
    extra = extra_copy_rows(clean)
    kept = clean.drop(index=extra)
    hold = needs_store(kept)
    return {
        "rows": len(export),
        "full_numbers": int(full.sum()),
        "unusable": int(masked.eq("").sum()),
        "extra": len(extra),
        "kept": len(kept),
        "hold": int(hold.sum()),
        "hold_share": float(hold.mean()),
    }


def _why_as_is(f: dict[str, Any]) -> str:
    if decide(f) == "a":
        return (
            "Nothing needed fixing: every number is masked, no member is in twice, every row "
            "is complete."
        )
    return (
        f"The export has {count(f['full_numbers'])} phone numbers written in full and "
        f"{_n(f['extra'], 'extra copy', 'extra copies')} of members. A full number must never leave the "
        "store, and head office cannot tell which copy is right: fix them before it goes."
    )


def _why_send(f: dict[str, Any]) -> str:
    share = f"{count(f['hold'])} of the {count(f['kept'])} rows ({percent(f['hold_share'])})"
    if f["hold_share"] <= HOLD_LIMIT:
        return (
            f"After masking and removing the copies, {share} still need the store to check them: "
            f"within the rule of at most {percent(HOLD_LIMIT, 0)}. Send it, with those rows marked."
        )
    return (
        f"After masking and removing the copies, {share} still need the store to check them, "
        f"above the rule of at most {percent(HOLD_LIMIT, 0)}: sent now, the mailing would use "
        "names, numbers and dates that may be wrong."
    )


def _why_hold(f: dict[str, Any]) -> str:
    share = f"{count(f['hold'])} of the {count(f['kept'])} rows ({percent(f['hold_share'])})"
    if f["hold_share"] > HOLD_LIMIT:
        return (
            f"{share} still need the store after the desk's fixes, more than the "
            f"{percent(HOLD_LIMIT, 0)} the rule allows: the store checks them with the members "
            "first, then the list goes."
        )
    return (
        f"Only {share} still need the store, within the rule of {percent(HOLD_LIMIT, 0)}: "
        "holding the whole list for them delays every other member's mailing."
    )


WHY_FULL = (
    "The partner needs no full number: head office sends the messages from its own system. "
    "Sharing full numbers breaks the masking rule and the law's 'no more than needed' "
    "principle (PIPL, Article 6), whatever the partner asks."
)


def _model_answer(f: dict[str, Any]) -> str:
    verdict = (
        "so I masked the numbers, removed the copies and sent it with those rows marked."
        if decide(f) == "b"
        else "so I masked the numbers and removed the copies, but I am holding the list until "
        "the store has checked those rows with the members."
    )
    return (
        f"The export had {count(f['full_numbers'])} phone numbers in full, "
        f"{count(f['unusable'])} that cannot be masked and {_n(f['extra'], 'member')} typed "
        f"twice. After the fixes at the desk, {count(f['hold'])} of {count(f['kept'])} rows "
        f"({percent(f['hold_share'])}) still need the store, against our limit of "
        f"{percent(HOLD_LIMIT, 0)}, {verdict} Full numbers never go to a partner. At the till "
        "we read the number back to the member when we sign them up, so the gaps stop at "
        "the source."
    )


def build(data: Any, n: int = EXPORT_ROWS, seed: int = SEED) -> dict[str, Question]:
    """Build questions ``q1`` .. ``q7`` on :func:`raw_export` of ``data.customers``."""
    cache: dict[str, Any] = {}

    def export() -> pd.DataFrame:
        if "export" not in cache:
            cache["export"] = raw_export(data.customers, n=n, seed=seed)
        return cache["export"]

    def masked() -> pd.Series:
        return shared_phone(export())

    def clean() -> pd.DataFrame:
        return export().drop(columns="phone").assign(phone_masked=masked())

    def kept() -> pd.DataFrame:
        return clean().drop(index=extra_copy_rows(clean()))

    def figures() -> dict[str, Any]:
        if "figures" not in cache:
            cache["figures"] = _figures(export())
        return cache["figures"]

    def text(column: str) -> pd.Series:
        return export()[column].astype(str).str.strip()

    q1 = TableQuestion(
        number=1,
        title="how complete is the export?",
        variable="filled",
        expected=lambda: completeness(export()),
        what="the share of rows with a value in each column of `export`, as fractions 0-1 "
        "(a blank cell counts as missing)",
        row_word="column",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: export().notna().mean(),
                "`{name}` counts a blank cell as filled. In a text export an empty cell is "
                "`''`, not a missing value, so `notna()` sees nothing missing: use "
                "`completeness(export)`, which counts blanks as gaps.",
            ),
            Misconception.percent_not_fraction(plural=True),
        ],
        hints=[
            "Completeness (完整性) is the share of rows with a value in a column. The cleaning "
            "page of Module 6 measures it with one function.",
            "`completeness` from `storecrm.analysis.data_quality` takes the whole table and "
            "returns one share per column, lowest first.",
        ],
        solution="filled = completeness(export)",
        meaning=lambda s: (
            f"Right: the least complete column is `{s.index[0]}` ({percent(s.iloc[0])}). "
            "Read each gap before you fix it: an empty tier means the member left the "
            "programme, not a typing mistake."
        ),
    )
    q2 = ValueQuestion(
        number=2,
        title="phone numbers that cannot be masked",
        variable="unusable_phones",
        expected=lambda: int(masked().eq("").sum()),
        what="how many rows of `export` have a phone that is blank or not an 11-digit mobile "
        "number in any spelling (spaces and hyphens allowed)",
        misconceptions=[
            Misconception.equals(
                lambda: int(text("phone").eq("").sum()),
                "`{name}` counts only the blank phones. A number with a digit missing cannot "
                "be masked either: try `mask_phone` on each and count the ones it refuses.",
            ),
            Misconception.equals(
                lambda: int((~text("phone").str.fullmatch(MASKED_PHONE_PATTERN)).sum()),
                "`{name}` counts every phone not yet masked. A full number typed with spaces "
                "or hyphens can still be masked; count only the ones `mask_phone` refuses.",
            ),
        ],
        hints=[
            "`mask_phone` masks any spelling of a mobile number and refuses (raises a "
            "`CourseError`) when there is nothing it can mask.",
            "Write a small function that returns `mask_phone(phone)`, or `''` when it raises "
            "`CourseError` (`try:` ... `except CourseError:`), use it with "
            "`export['phone'].map(...)`, then count the `''`.",
            "`(export['phone'].map(safe_mask) == '').sum()`",
        ],
        solution=(
            "def safe_mask(phone):\n"
            "    try:\n"
            "        return mask_phone(phone)\n"
            "    except CourseError:\n"
            "        return ''\n\n"
            "unusable_phones = (export['phone'].map(safe_mask) == '').sum()"
        ),
        meaning=lambda v: (
            f"Right: {_n(v, 'number')} cannot be masked, so those members cannot be reached. "
            "Nobody at the desk may guess a missing digit: the store asks the member at "
            "their next visit."
        ),
    )
    q3 = TableQuestion(
        number=3,
        title="mask the phone numbers",
        variable="phone_masked",
        expected=masked,
        what="one text per row of `export`: the phone in the masked form 138****0427, or "
        "`''` where it cannot be masked",
        row_word="row",
        misconceptions=[
            Misconception.equals(
                lambda: export()["phone"],
                "`{name}` is the phone column as it came: full numbers are still in it. "
                "Use `export['phone'].map(safe_mask)`.",
            ),
        ],
        hints=[
            "Masking (脱敏) keeps the first three and the last four digits: 138****0427.",
            "Your `safe_mask` function from task 2 does it for one number; `.map(safe_mask)` "
            "does it for the whole column.",
        ],
        solution="phone_masked = export['phone'].map(safe_mask)",
        meaning=(
            "Right: no full number is left. Only this column may go into a list that leaves "
            "the store; the full numbers stay in the till system."
        ),
    )
    q4 = ValueQuestion(
        number=4,
        title="members typed twice",
        variable="extra_copies",
        expected=lambda: len(extra_copy_rows(clean())),
        what="how many rows of `clean` are an extra copy of a member already in the list "
        "(count only the extra copies, not the first one)",
        misconceptions=[
            Misconception.equals(
                lambda: len(find_duplicates(clean())),
                "`{name}` counts every copy, the first one too. The first copy stays: count "
                "only the repeats (`dups['match_key'].duplicated().sum()`).",
            ),
            Misconception.equals(
                lambda: int(
                    find_duplicates(export().rename(columns={"phone": "phone_masked"}))["match_key"]
                    .duplicated()
                    .sum()
                ),
                "`{name}` was found on the raw phone numbers. The same number typed with and "
                "without hyphens looks different: look for copies in `clean`, with masked "
                "numbers.",
            ),
        ],
        hints=[
            "The same person typed twice has the same name (spaces ignored) and the same "
            "masked phone. The cleaning page finds them with one function.",
            "`dups = find_duplicates(clean)` lists all copies with a `match_key`; the extra "
            "ones are `dups['match_key'].duplicated()`.",
        ],
        solution=(
            "dups = find_duplicates(clean)\nextra_copies = dups['match_key'].duplicated().sum()"
        ),
        meaning=lambda v: (
            f"Right: {_n(v, 'extra copy', 'extra copies')}. Two numbers for one person split "
            "their points and send them every message twice. Keep the first copy in the list; "
            "head office merges the records in the system."
        ),
    )

    def hold() -> pd.Series:
        return needs_store(kept())

    def hold_without_future() -> float:
        return float(needs_store(kept(), as_of=pd.Timestamp.max).mean())

    def hold_blank_channels_only() -> float:
        k = kept()
        channel = k["signup_channel"].astype(str)
        typed = channel.where(channel.str.strip().eq(""), CHANNELS[0])  # any non-blank passes
        return float(needs_store(k.assign(signup_channel=typed)).mean())

    q5 = ValueQuestion(
        number=5,
        title="rows that still need the store",
        variable="hold_share",
        expected=lambda: float(hold().mean()),
        what="the share (0-1) of the rows of `kept` with a blank name, a phone that could not "
        "be masked, a channel that is not one of `CHANNELS`, or a sign-up date that is not "
        "year-month-day or is after `EXPORT_DAY`",
        **SHARE_TOLERANCE,
        misconceptions=[
            Misconception.equals(
                lambda: float(needs_store(clean()).mean()),
                "`{name}` counts the rows of `clean`, with the extra copies still in. Use `kept`, "
                "the list that would go out.",
                **SHARE_TOLERANCE,
            ),
            Misconception.equals(
                hold_without_future,
                "`{name}` misses the sign-up dates after the export day. A date like 2052 is "
                "written the right way but cannot be true: add `dates > EXPORT_DAY`.",
                **SHARE_TOLERANCE,
            ),
            Misconception.equals(
                hold_blank_channels_only,
                "`{name}` only catches blank channels. A channel typed as a name (`WeChat`) is "
                "not a code the system knows: test `~kept['signup_channel'].isin(CHANNELS)`.",
                **SHARE_TOLERANCE,
            ),
            Misconception.percent_not_fraction(),
        ],
        hints=[
            "Make one True/False column per problem, join them with `|` (or), and take the "
            "mean: the share of rows with at least one problem.",
            "For the dates: `dates = pd.to_datetime(kept['signup_date'], format='%Y-%m-%d', "
            "errors='coerce')` turns a date written another way into `NaT` (`dates.isna()`).",
            "`(kept['name'].str.strip() == '') | (kept['phone_masked'] == '') | "
            "~kept['signup_channel'].isin(CHANNELS) | dates.isna() | (dates > EXPORT_DAY)`",
        ],
        solution=(
            "dates = pd.to_datetime(kept['signup_date'], format='%Y-%m-%d', errors='coerce')\n"
            "problem = (\n"
            "    (kept['name'].str.strip() == '')\n"
            "    | (kept['phone_masked'] == '')\n"
            "    | ~kept['signup_channel'].isin(CHANNELS)\n"
            "    | dates.isna()\n"
            "    | (dates > EXPORT_DAY)\n"
            ")\n"
            "hold_share = problem.mean()"
        ),
        meaning=lambda v: (
            f"Right: {percent(v)} of the rows still need someone who can ask the member or "
            "find the paper form. The desk can mask and remove copies; it cannot invent a "
            "name, a digit or a date."
        ),
    )
    q6 = ChoiceQuestion(
        number=6,
        title="is the export fit to send?",
        variable="my_choice",
        expected=lambda: decide(figures()),
        options=[
            Option(
                "a",
                "Send the export to head office as it is: they clean lists anyway.",
                lambda: _why_as_is(figures()),
            ),
            Option(
                "b",
                "Mask the phones, remove the extra copies and send it now, with the rows that "
                "need checking marked.",
                lambda: _why_send(figures()),
            ),
            Option(
                "c",
                "Mask the phones and remove the extra copies, but hold the list: the store "
                "checks the marked rows with the members first.",
                lambda: _why_hold(figures()),
            ),
            Option(
                "d",
                "Send it with the full phone numbers: the partner printing the birthday "
                "coupons wants to text the members.",
                WHY_FULL,
            ),
        ],
        hints=[
            "The rule: phones masked, no extra copies, and at most one row in twenty "
            f"({percent(HOLD_LIMIT, 0)}) still waiting for the store.",
            "Compare your `hold_share` from task 5 with `HOLD_LIMIT`. Who may see a full "
            "phone number? (Module 6, protecting data.)",
        ],
        meaning=(
            "A decision the numbers back: what the desk can fix is fixed, what only the "
            "member can answer goes back to the store, and full numbers never leave."
        ),
    )
    q7 = ReflectionQuestion(
        number=7,
        title="your note to the shift lead",
        variable="my_answer",
        model_answer=lambda: _model_answer(figures()),
        rubric=[
            "It says what was wrong with the export, with at least one count.",
            "It says what the desk fixed (masking, the extra copies) and what only the store "
            "or the member can fix.",
            "It compares the share still needing the store with the limit and decides: send "
            "or hold.",
            "It keeps full phone numbers inside the store.",
        ],
        hints=[
            "Put tasks 2, 4 and 5 side by side: what was wrong, what you fixed, what is left.",
            "Two or three sentences: the problems, your decision, and one thing at the till "
            "that stops the mistakes at the source.",
        ],
    )
    return {"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5, "q6": q6, "q7": q7}
