"""``storecrm data generate|validate|profile|import|purge|to-parquet``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["register"]


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("seed must be 0 or more")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``data`` command with its ``generate``, ``validate`` and ``profile`` actions."""
    from storecrm.data.model import SIZES

    data = subparsers.add_parser(
        "data",
        help="generate or check store data sets",
        description="Generate the synthetic Maple Street Mart data, or check a data set.",
    )
    sub = data.add_subparsers(dest="data_command", metavar="ACTION", parser_class=type(data))
    sub.required = True
    gen = sub.add_parser(
        "generate",
        help="simulate a data set and write it as CSV files",
        description="Simulate Maple Street Mart and write one CSV per table into --out.",
    )
    gen.add_argument("--size", choices=list(SIZES), default="small", help="data set size")
    gen.add_argument("--seed", type=_seed, default=2026, help="random seed (default 2026)")
    gen.add_argument("--out", type=Path, required=True, help="folder to write the CSV files to")
    gen.add_argument("--force", action="store_true", help="overwrite a folder that has files")
    gen.add_argument("--quiet", action="store_true", help="no progress bar")
    gen.set_defaults(handler=_generate)
    val = sub.add_parser(
        "validate",
        help="check a data set folder against the schemas",
        description="Check every CSV in DIR; print each problem as file:row:column: message "
        "and what to do. Rows are the row numbers a spreadsheet shows (the header is row 1; "
        "0 = the whole file). The causes come first; findings that only follow from them "
        "(rows referring to a broken row) are summed up in one line each at the end. "
        "Nothing is written.",
    )
    val.add_argument("dir", type=Path, metavar="DIR", help="data set folder to check")
    val.add_argument(
        "--max-problems",
        type=_count,
        default=50,
        metavar="N",
        help="print at most N problems, then how many more there are (0 = all; default 50)",
    )
    val.set_defaults(handler=_validate)
    prof = sub.add_parser(
        "profile",
        help="print the statistics that show whether a data set behaves like a real store",
        description="Read receipts, receipt lines, customers (and stores, if present) from "
        "DIR and print basket sizes and values, visits and gaps, new members' return, "
        "spend and product concentration, and weekday and hour profiles, with the target "
        "bands the synthetic store is built to meet. Definitions: storecrm.data.profile.",
    )
    prof.add_argument("dir", type=Path, metavar="DIR", help="data set folder to profile")
    prof.set_defaults(handler=_profile)
    _register_import(sub)
    _register_parquet(sub)


def _register_parquet(sub: argparse._SubParsersAction) -> None:
    """``to-parquet``: a CSV folder as Parquet, for ``storecrm analyse --engine duckdb``."""
    from storecrm.data.duckfolder import DEFAULT_MEMORY_LIMIT

    par = sub.add_parser(
        "to-parquet",
        help="copy a data set folder's tables to Parquet files (smaller, faster to analyse)",
        description="Read every course table in DIR (CSV) and write it as <table>.parquet "
        "into --out (owner-only), with the course's column types, streaming through DuckDB "
        "so a folder larger than memory converts too. Then run 'storecrm analyse' on --out.",
    )
    par.add_argument("dir", type=Path, metavar="DIR", help="data set folder to convert")
    par.add_argument("--out", type=Path, required=True, help="new folder for the Parquet files")
    limit = f"most memory DuckDB may use (default {DEFAULT_MEMORY_LIMIT})"
    par.add_argument("--memory-limit", default=DEFAULT_MEMORY_LIMIT, metavar="SIZE", help=limit)
    par.add_argument("--temp-dir", type=Path, default=None, metavar="DIR",
                     help="where DuckDB writes what does not fit in memory")  # fmt: skip
    par.set_defaults(handler=_to_parquet)


def _register_import(sub: argparse._SubParsersAction) -> None:
    """``import`` and ``purge``: a store's own export in, pseudonymised; and deleting it."""
    from storecrm.data.importing.pseudonymise import KEY_ENV

    imp = sub.add_parser(
        "import",
        help="turn a store's own export into the course's tables, pseudonymised",
        description="Read the export files a mapping file names (CSV in UTF-8 or GBK, .xlsx, "
        ".parquet), write the course's CSV tables into --out (owner-only) with customer and "
        "staff ids replaced by keyed hashes, names, phones and birth dates dropped or "
        "coarsened, and free text scrubbed; then print what was removed and the validation "
        "report. A bad mapping or file prints one line and exits with status 2.",
    )
    imp.add_argument("mapping", type=Path, metavar="MAPPING", help="the mapping .yml file")
    imp.add_argument("--out", type=Path, required=True, help="new folder for the course tables")
    imp.add_argument(
        "--key",
        type=Path,
        default=None,
        help=f"key file for the hashes, outside --out (default: ${KEY_ENV}, else "
        "~/.config/storecrm/import.key); created on first use",
    )
    imp.add_argument("--force", action="store_true", help="replace an earlier import in --out")
    imp.set_defaults(handler=_import)
    pur = sub.add_parser(
        "purge",
        help="delete a folder written by `storecrm data import`",
        description="Delete the files an import wrote (listed in its import-metadata.json), "
        "and the folder if nothing else is in it. Refuses folders without that file. "
        "The key file is not touched.",
    )
    pur.add_argument("folder", type=Path, metavar="FOLDER", help="the import's output folder")
    pur.set_defaults(handler=_purge)
    con = sub.add_parser(
        "contacts",
        help="turn a pseudonymous list into people to contact (key holder only, consent checked)",
        description="Match the ids on a list the course wrote (an at-risk list, a segment "
        "table) to the original member export with the import's key, drop every member "
        "without marketing consent, and write the rest with their contact columns to an "
        "owner-only CSV outside the course folder. Prints counts only.",
    )
    con.add_argument("list", type=Path, metavar="LIST", help="the list .csv (has customer_id)")
    con.add_argument("--mapping", type=Path, required=True, help="the import's mapping .yml")
    con.add_argument("--out", type=Path, required=True, help="the contact list .csv to write")
    con.add_argument(
        "--key",
        type=Path,
        default=None,
        help=f"the import's key file (default: ${KEY_ENV}, else ~/.config/storecrm/import.key)",
    )
    con.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="HEADER",
        help="a member-export column to include (repeatable; default: the columns mapped as "
        "name and phone)",
    )
    con.set_defaults(handler=_contacts)


def _generate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from storecrm.data import generate, write
    from storecrm.data.model import SIZES
    from storecrm.errors import CommandError

    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out} is a file, not a folder.")
    if out.is_dir() and any(out.iterdir()) and not args.force:
        raise CommandError(f"{out} is not empty; choose an empty folder or add --force.")
    bar = tqdm(
        total=SIZES[args.size].members,
        desc="simulating",
        unit=" members",
        file=sys.stderr,
        disable=args.quiet,
    )

    def progress(stage: str, done: int) -> None:
        if stage == "visits":
            bar.update(done)
        else:
            bar.set_description(stage)

    data = generate(args.size, args.seed, progress)
    bar.set_description("writing")
    try:
        paths = write(data, out)
    except OSError as exc:
        raise CommandError(f"cannot write to {out}: {exc.strerror}.") from None
    finally:
        bar.close()
    counts = data.row_counts()
    print(
        f"Wrote {len(paths)} files to {out}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items())
    )
    return 0


def _validate(args: argparse.Namespace) -> int:
    from storecrm.data.validate import validate
    from storecrm.errors import CommandError

    folder: Path = args.dir
    if not folder.is_dir():
        raise CommandError(f"{folder} is not a folder.")
    problems = validate(folder)
    causes = [p for p in problems if not p.knock_on]
    knock_ons = [p for p in problems if p.knock_on]
    shown = causes if args.max_problems == 0 else causes[: args.max_problems]
    for p in shown:
        print(p)
    if len(shown) < len(causes):
        rest = len(causes) - len(shown)
        print(f"...and {rest:,} more problem(s) not shown; add --max-problems 0 to see them all.")
    for p in knock_ons:
        print(p)
    if problems:
        follow = sum(p.knock_on for p in knock_ons)
        extra = f", and {follow:,} finding(s) that follow from them" if follow else ""
        print(f"{len(causes):,} problem(s) found in {folder}{extra}.", file=sys.stderr)
        return 1
    print(f"{folder}: no problems found.")
    return 0


def _profile(args: argparse.Namespace) -> int:
    from storecrm.data.io import read_tables
    from storecrm.data.profile import PROFILE_COLUMNS, format_profile, profile
    from storecrm.errors import CommandError

    folder: Path = args.dir
    if not folder.is_dir():
        raise CommandError(f"{folder} is not a folder; pass the folder that holds the CSV files.")
    t = read_tables(folder, ["receipts", "receipt_lines", "customers"], PROFILE_COLUMNS)
    stores = None
    if (folder / "stores.csv").is_file():
        stores = read_tables(folder, ["stores"], PROFILE_COLUMNS)["stores"]
    p = profile(t["receipts"], t["receipt_lines"], t["customers"], stores)
    print(f"Profile of {folder}")
    print(format_profile(p))
    return 0


def _import(args: argparse.Namespace) -> int:
    from storecrm.data.importing import run_import
    from storecrm.data.importing.pseudonymise import default_key_path
    from storecrm.data.importing.report import import_lines, validation_lines
    from storecrm.errors import CourseError

    try:
        result = run_import(args.mapping, args.out, args.key or default_key_path(),
                            force=args.force)  # fmt: skip
    except CourseError as exc:  # a bad mapping or file is a usage error: status 2
        print(f"storecrm: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # an export or key that cannot be read, a folder not writable
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"storecrm: error: {where}{exc.strerror or exc}; check the path and its "
              "permissions.", file=sys.stderr)  # fmt: skip
        return 2
    print("\n".join(import_lines(result)))
    lines, _ = validation_lines(result)
    print("\n".join(lines))
    return 0


def _contacts(args: argparse.Namespace) -> int:
    from storecrm.data.importing.contacts import contact_list
    from storecrm.data.importing.pseudonymise import default_key_path

    r = contact_list(args.list, args.mapping, args.key or default_key_path(), args.out,
                     tuple(args.column))  # fmt: skip
    print(f"{r.on_list:,} customer(s) on the list.")
    print(f"  {r.no_consent:,} left out: no marketing consent (they must not be contacted).")
    if r.not_found:
        print(f"  {r.not_found:,} not found in the member export: a different export or key "
              "than the import used, or members who left.")  # fmt: skip
    print(f"Wrote {r.written:,} to {r.out} (readable by you only) with: "
          f"{', '.join(r.contact_columns) or 'no contact columns'}.")  # fmt: skip
    print("It holds personal information: use it for these calls only, then delete it.")
    return 0


def _to_parquet(args: argparse.Namespace) -> int:
    from storecrm.data.duckfolder import to_parquet
    from storecrm.errors import CommandError

    if not args.dir.is_dir():
        raise CommandError(f"{args.dir} is not a folder",
                           hint="pass the folder that holds the CSV files")  # fmt: skip
    if args.out.is_dir() and any(args.out.glob("*.parquet")):
        raise CommandError(f"{args.out} already holds Parquet files",
                           hint="choose a new folder for --out")  # fmt: skip
    paths = to_parquet(args.dir, args.out, memory_limit=args.memory_limit, temp_dir=args.temp_dir)
    size = sum(p.stat().st_size for p in paths)
    print(f"Wrote {len(paths)} Parquet files ({size / 2**20:,.1f} MB) to {args.out}.")
    return 0


def _purge(args: argparse.Namespace) -> int:
    from storecrm.data.importing import purge

    result = purge(args.folder)
    print(f"Removed {len(result.removed)} file(s) from {args.folder}: {', '.join(result.removed)}")
    if result.left:
        print(f"Left {len(result.left)} file(s) the import did not write: "
              f"{', '.join(result.left)}; the folder stays")  # fmt: skip
    else:
        print(f"Removed the folder {args.folder}.")
    print("The key file was not touched; delete it too if no later import needs the same ids.")
    return 0
