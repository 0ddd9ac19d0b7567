"""``storecrm data import``: a store's own export in, the course's tables out, pseudonymised.

The steps live in small modules so each can be read and tested alone:
:mod:`.mapping` (which export column is which course column), :mod:`.readers` (CSV in
UTF-8 or GBK, Excel, Parquet), :mod:`.convert` (one course table, nothing invented),
:mod:`.pseudonymise` (keyed hashes for ids), :mod:`.scrub` (personal values out of free
text) and :mod:`.writer` (owner-only files, formulas neutralised). This module runs them in
order and writes ``import-metadata.json``, the record of what was mapped, kept, removed and
missing, which is also the marker :func:`purge` looks for before deleting anything.
"""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from storecrm.data.cache import copies_of
from storecrm.data.importing.convert import (
    Converted,
    check_columns,
    convert_table,
    known_names,
    parse_when,
)
from storecrm.data.importing.mapping import Mapping, load_mapping
from storecrm.data.importing.pseudonymise import Pseudonymiser, load_or_create_key
from storecrm.data.importing.readers import read_source
from storecrm.data.importing.scrub import Scrubber
from storecrm.data.importing.writer import make_private_dir, write_json, write_table
from storecrm.data.schema import TABLES
from storecrm.errors import CommandError

__all__ = ["MARKER", "ImportResult", "PurgeResult", "purge", "run_import"]

#: The metadata file; its presence (with ``"storecrm_import": 1``) marks an import folder.
MARKER = "import-metadata.json"

#: Files made from an import inside its folder (``storecrm data to-parquet``, DuckDB): caches
#: of the same personal data, so purge deletes them with it.
DERIVED_SUFFIXES = (".parquet", ".duckdb", ".duckdb.wal")


@dataclass
class ImportResult:
    """What one import did; :func:`run_import` returns it for the command to print."""

    out: Path
    metadata: dict[str, Any]
    tables: list[Converted]
    removed: Counter[str]
    key_created: bool


@dataclass
class PurgeResult:
    """What :func:`purge` deleted and what it left (files it did not write)."""

    removed: list[str]
    left: list[str]


def _is_import(folder: Path) -> bool:
    import json

    marker = folder / MARKER
    try:
        return json.loads(marker.read_text(encoding="utf-8")).get("storecrm_import") == 1
    except (OSError, ValueError, AttributeError):
        return False


def _prepare(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out} is a file, not a folder", hint="choose a new folder for --out")
    if out.is_dir() and any(out.iterdir()):
        if not (force and _is_import(out)):
            raise CommandError(
                f"{out} is not empty",
                hint="choose a new folder, or add --force to replace an earlier import there",
            )
        purge(out)
    make_private_dir(out)


def _age_day(mapping: Mapping, sources: dict[str, Any]) -> date:
    """Age bands are worked out on the last receipt day, so a re-import gives the same bands."""
    col = mapping.tables["receipts"].columns.get("purchased_at")
    frame = sources["receipts"]
    if col is not None and col.source in frame:
        zone = ZoneInfo(mapping.timezone)
        days = [s for c in frame[col.source] if c and (s := parse_when(c, zone)) is not None]
        if days:
            return max(days).date()
    return datetime.now(UTC).date()


def run_import(
    mapping_path: Path, out: Path, key_path: Path, *, force: bool = False
) -> ImportResult:
    """Import the export described by ``mapping_path`` into ``out``.

    Raises :class:`~storecrm.errors.CourseError` (one line naming the file, column or
    mapping entry and what to do) for a bad mapping, an unreadable file or an unsafe key
    location; nothing is written before the mapping and every file have been read.
    """
    mapping = load_mapping(mapping_path)
    sources = {name: read_source(t.file, t.encoding, t.sheet) for name, t in mapping.tables.items()}
    for name, frame in sources.items():
        check_columns(mapping.tables[name], frame, mapping)
    if out.expanduser().resolve() == mapping_path.parent.resolve():
        raise CommandError(
            "the output folder is the folder of the export", hint="choose a new folder for --out"
        )
    key, created = load_or_create_key(key_path, out)
    hasher = Pseudonymiser(key)
    names = (
        known_names(sources["customers"], mapping.tables["customers"])
        if ("customers" in sources)
        else []
    )
    scrubber = Scrubber(names)
    age_on = _age_day(mapping, sources)
    converted = [
        convert_table(mapping.tables[n], sources[n], mapping, hasher, scrubber, age_on)
        for n in TABLES
        if n in mapping.tables
    ]
    _prepare(out, force)
    files, neutralised = [], 0
    for c in converted:
        neutralised += write_table(c.frame, out / TABLES[c.name].file)
        files.append(TABLES[c.name].file)
    metadata = {
        "storecrm_import": 1,
        "imported_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "mapping": mapping_path.name,
        "currency": mapping.currency,
        "amounts_converted": False,
        "timezone": mapping.timezone,
        "key_fingerprint": hashlib.sha256(key).hexdigest()[:12],
        "key_location": "outside this folder (never written here)",
        "kept_on_purpose": list(mapping.keep),
        "tables": {
            c.name: {
                "file": TABLES[c.name].file,
                "from": mapping.tables[c.name].file.name,
                "rows": len(c.frame),
                "mapped": c.mapped,
                "derived": c.derived,
                "missing_columns": c.missing,
                "removed_export_columns": c.removed,
                "kept_personal": c.kept_personal,
                "notes": c.notes,
                "cells_not_converted": c.unconverted,
            }
            for c in converted
        },
        "tables_not_in_export": [n for n in TABLES if n not in mapping.tables],
        "removed_from_free_text": dict(sorted(scrubber.removed.items())),
        "formula_cells_neutralised": neutralised,
        "files": [*files, MARKER],
    }
    write_json(metadata, out / MARKER)
    return ImportResult(out, metadata, converted, scrubber.removed, created)


def purge(folder: Path) -> PurgeResult:
    """Delete an import: the files it wrote and their caches, then the folder if it is empty.

    Refuses a folder without the import's metadata marker, so a typo cannot delete the
    committed data set or someone's documents.
    """
    import json

    if not folder.is_dir():
        raise CommandError(f"{folder} is not a folder", hint="pass the folder an import wrote")
    if not _is_import(folder):
        raise CommandError(
            f"{folder} has no {MARKER} from storecrm data import",
            hint="purge only deletes folders made by `storecrm data import`; check the path",
        )
    meta = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    listed = [str(f).lstrip("'") for f in meta.get("files", [])]
    removed = []
    for name in listed:
        path = folder / Path(name).name
        if path.is_file():
            for copy in copies_of(path):  # the load cache's copies of this table
                copy.unlink(missing_ok=True)
                removed.append(f"cached copy {copy.name}")
            path.unlink()
            removed.append(path.name)
    for derived in sorted(folder.glob("*")):  # Parquet or DuckDB files made from the import
        if derived.is_file() and derived.name.endswith(DERIVED_SUFFIXES):
            derived.unlink()
            removed.append(derived.name)
    left = sorted(p.name for p in folder.iterdir())
    if not left:
        shutil.rmtree(folder)
    return PurgeResult(removed, left)
