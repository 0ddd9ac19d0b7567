"""``storecrm data contacts``: turn a pseudonymous list back into people to contact, with consent.

Everything the course produces from a store's import (an at-risk list, a segment table)
carries keyed-hash ids such as ``C3f9a…``, never a name or a phone number. Calling or
messaging those customers is a separate step, done by whoever holds the import key, on
the machine that holds the original export, and outside the course's folders:

1. hash every member number in the original export with the same key the import used;
2. keep the rows whose hash is on the list;
3. drop every member whose marketing consent is not a clear yes (PIPL art. 13–14: a
   win-back message is marketing, and needs the person's consent), and say how many;
4. write a small owner-only file with the pseudonymous id, the list's own columns and the
   contact columns asked for, formulas neutralised.

Nothing is looked up without the key, nothing is written into the course's repository, and
nothing personal is printed: the command reports counts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from storecrm.data.importing.convert import BOOL_VALUES
from storecrm.data.importing.mapping import load_mapping
from storecrm.data.importing.pseudonymise import Pseudonymiser
from storecrm.data.importing.readers import read_source
from storecrm.data.safecsv import write_safe_csv
from storecrm.errors import CommandError

__all__ = ["ContactResult", "contact_list"]

_ID = "customer_id"


@dataclass(frozen=True)
class ContactResult:
    """Counts only: what the command prints (no names, no numbers)."""

    out: Path
    on_list: int
    written: int
    no_consent: int
    not_found: int
    contact_columns: tuple[str, ...]


def _read_key(path: Path) -> bytes:
    """The import's key; never created here, because a new key would match nobody."""
    path = path.expanduser()
    if not path.is_file():
        raise CommandError(
            f"no import key at {path}",
            hint="run this on the machine that made the import, and pass the same --key "
            "(a new key would match nobody)",
        )
    key = path.read_bytes().strip()
    if len(key) < 32:
        raise CommandError(
            f"the key file {path} holds {len(key)} bytes, fewer than 32",
            hint="pass the key file the import made",
        )
    return key


def _course_root(start: Path) -> Path | None:
    """The course repository ``start`` is in, if any (``_config.yml`` beside ``src/storecrm``)."""
    for folder in (start, *start.parents):
        if (folder / "_config.yml").is_file() and (folder / "src" / "storecrm").is_dir():
            return folder
    return None


def _check_out(out: Path) -> Path:
    out = out.expanduser().resolve()
    root = _course_root(out.parent)
    if root is not None:
        raise CommandError(
            f"{out} is inside the course folder {root}",
            hint="write contact lists outside the course (they hold names and numbers, and "
            "the course folder may be shared or committed), e.g. --out ~/calls/contacts.csv",
        )
    if out.exists() and out.is_dir():
        raise CommandError(f"{out} is a folder", hint="give a file name ending .csv to --out")
    if out.suffix.lower() != ".csv":
        raise CommandError(f"{out} does not end in .csv", hint="give a file name ending .csv")
    return out


def _read_list(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise CommandError(f"list file {path} not found", hint="pass the CSV the course wrote")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise CommandError(
            f"{path} cannot be read as CSV ({type(exc).__name__})",
            hint="pass the list file the course wrote, unchanged",
        ) from None
    if _ID not in frame.columns:
        raise CommandError(
            f"{path} has no {_ID} column",
            table=path.name,
            hint="pass a list the course wrote (at-risk lists and segment tables keep customer_id)",
        )
    return frame


def contact_list(
    list_path: Path,
    mapping_path: Path,
    key_path: Path,
    out: Path,
    contact_columns: tuple[str, ...] = (),
) -> ContactResult:
    """Write the consenting customers on ``list_path`` with their contact columns to ``out``.

    ``contact_columns`` are column headers of the original member export; by default the
    export's columns the mapping names as ``name`` and ``phone_masked`` (in the original
    export that column holds the full number). Raises
    :class:`~storecrm.errors.CommandError` naming the file, column or setting to fix.
    """
    out = _check_out(out)
    listed = _read_list(list_path)
    mapping = load_mapping(mapping_path)
    table = mapping.tables.get("customers")
    if table is None:
        raise CommandError(
            "the mapping has no customers table",
            hint="contact details and consent come from the member export: map it under "
            "tables: customers: in the mapping file",
        )
    consent = table.columns.get("marketing_consent")
    if consent is None:
        raise CommandError(
            "the mapping does not say which column holds marketing consent",
            table="customers",
            column="marketing_consent",
            hint="map it (e.g. marketing_consent: 同意营销); without it nobody may be contacted",
        )
    members = read_source(table.file, table.encoding, table.sheet)
    ids = table.columns[_ID].source
    wanted = contact_columns or tuple(
        table.columns[c].source for c in ("name", "phone_masked") if c in table.columns
    )
    missing = [c for c in (ids, consent.source, *wanted) if c not in members.columns]
    if missing:
        raise CommandError(
            f"the member export {table.file.name} has no column {missing[0]!r}",
            table="customers",
            hint=f"its columns are: {', '.join(members.columns)}",
        )
    hasher = Pseudonymiser(_read_key(key_path))
    members = members.assign(**{_ID: members[ids].map(hasher)})
    members = members[members[_ID] != ""].drop_duplicates(_ID)
    yes = members[consent.source].map(lambda c: consent.values.get(c, c)).str.strip().str.lower()
    members = members.assign(_consent=yes.map(BOOL_VALUES).eq("True"))
    joined = listed.merge(members[[_ID, "_consent", *wanted]], on=_ID, how="left", indicator=True)
    found = joined["_merge"] == "both"
    consented = found & joined["_consent"].eq(True)
    result = joined.loc[consented, [*listed.columns, *wanted]]
    write_safe_csv(result, out, private=True)
    return ContactResult(
        out=out,
        on_list=len(listed),
        written=len(result),
        no_consent=int((found & ~consented).sum()),
        not_found=int((~found).sum()),
        contact_columns=wanted,
    )
