"""A Parquet copy of each big table, so a data set is parsed from CSV only once.

Why: parsing the ``large`` data set's CSV text (11 million receipt lines, 4 million
receipts) and checking every value takes half a minute; reading the same typed columns
back from Parquet takes a few seconds. The CSV files stay the one source of truth: the
Parquet copy is only ever a faster way to get the frame :func:`storecrm.data.io.load`
would have built from them.

How it stays right:

* The key is the SHA-256 of the CSV file's bytes (plus the table's schema, the columns
  asked for and this module's format version), so any change to the file, however small
  and whatever its date, gives a new key and the table is parsed and checked again.
* A copy is written only after the CSV has been read and checked, so a file that fails
  to load is never cached and fails the same way every time.
* Copies live in a cache folder (``STORECRM_CACHE_DIR``, else ``$XDG_CACHE_HOME/storecrm``
  or ``~/.cache/storecrm``), never next to the data, so the repository's ``datasets``
  folder is never written to. Set ``STORECRM_CACHE_DIR=off`` to switch caching off.
* Small files (under :data:`MIN_CACHE_BYTES`, such as every file of the committed data
  set) are not cached: they parse in well under a second and hashing them would cost
  more than it saves.

If the cache folder cannot be written (read-only home, full disk) the table is simply
read from CSV each time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from storecrm.data.schema import CATEGORY_VALUES, TABLES

__all__ = [
    "CACHE_ENV",
    "FORMAT_VERSION",
    "MIN_CACHE_BYTES",
    "cache_dir",
    "cached_table",
    "copies_of",
]

#: Environment variable naming the cache folder; ``off`` switches caching off.
CACHE_ENV = "STORECRM_CACHE_DIR"

#: Files smaller than this are always read from CSV (the committed data set's biggest file
#: is about 7 MB and parses in a fraction of a second).
MIN_CACHE_BYTES = 16 * 2**20

#: Bumped whenever the way a frame is stored or restored changes, so old copies are ignored.
FORMAT_VERSION = 2

#: Where a copy records its categorical columns' exact categories (Parquet metadata key).
_DTYPES_KEY = b"storecrm.dtypes"


def cache_dir() -> Path | None:
    """The folder for Parquet copies, or ``None`` when caching is switched off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        if chosen.strip().lower() in ("", "off", "0", "no", "false"):
            return None
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storecrm" / "tables"


def _file_hash(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _key(path: Path, name: str, columns: list[str]) -> str:
    """The file's content hash, then a hash of everything that shapes the typed frame.

    The content hash comes first and whole, so :func:`copies_of` can find every copy made
    from a file (whatever columns were asked for) when that file is purged.
    """
    table = TABLES[name]
    shape = repr((FORMAT_VERSION, table, columns, pd.__version__))
    shape += repr({c.values: CATEGORY_VALUES[c.values] for c in table.columns if c.values})
    return f"{_file_hash(path)}-{hashlib.sha256(shape.encode()).hexdigest()[:16]}"


def copies_of(path: Path) -> list[Path]:
    """Every cached copy made from the CSV file at ``path`` (for ``storecrm data purge``).

    A store's import is personal data: deleting the import must delete its faster copies too.
    """
    folder = cache_dir()
    if folder is None or not folder.is_dir() or not path.is_file():
        return []
    return sorted(folder.glob(f"*-{_file_hash(path)}-*.parquet"))


def _dtypes_json(frame: pd.DataFrame) -> bytes:
    """The categorical columns' categories and order, to store beside the values."""
    dtypes = {
        str(name): {"categories": list(dtype.categories), "ordered": bool(dtype.ordered)}
        for name, dtype in frame.dtypes.items()
        if isinstance(dtype, pd.CategoricalDtype)
    }
    return json.dumps(dtypes, ensure_ascii=False).encode()


def _restore(frame: pd.DataFrame, dtypes: bytes) -> pd.DataFrame:
    """Give each categorical column back its exact categories and their order.

    Parquet keeps the values, but a categorical comes back with only the categories its
    row groups hold, in the order they were met; setting the recorded dtype again is cheap
    (it remaps codes, not text).
    """
    for column, spec in json.loads(dtypes).items():
        dtype = pd.CategoricalDtype(spec["categories"], ordered=spec["ordered"])
        if frame[column].dtype != dtype:
            frame[column] = frame[column].astype(dtype)
    return frame


def cached_table(
    path: Path,
    name: str,
    columns: list[str],
    build: Callable[[], pd.DataFrame],
    *,
    min_bytes: int | None = None,
) -> pd.DataFrame:
    """``build()``'s frame for the CSV at ``path``, from a Parquet copy when one matches.

    Parameters
    ----------
    path
        The CSV file the frame is read from (its bytes are hashed for the key).
    name, columns
        The table and the columns asked for (part of the key).
    build
        Reads and checks the CSV; called when there is no valid copy (or caching is off).
    min_bytes
        Files smaller than this are not cached (default :data:`MIN_CACHE_BYTES`).
    """
    folder = cache_dir()
    limit = MIN_CACHE_BYTES if min_bytes is None else min_bytes
    if folder is None or path.stat().st_size < limit:
        return build()
    import pyarrow as pa
    import pyarrow.parquet as pq

    copy = folder / f"{name}-{_key(path, name, columns)}.parquet"
    if copy.is_file():
        try:
            stored = pq.read_table(copy)
            dtypes = (stored.schema.metadata or {})[_DTYPES_KEY]
            return _restore(stored.to_pandas(), dtypes)
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged or foreign file: rebuild it below
    frame = build()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # copies may hold an import
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as tmp:
            temp = Path(tmp.name)
        try:
            arrow = pa.Table.from_pandas(frame, preserve_index=False)
            metadata = {**(arrow.schema.metadata or {}), _DTYPES_KEY: _dtypes_json(frame)}
            pq.write_table(arrow.replace_schema_metadata(metadata), temp, compression="lz4")
            os.replace(temp, copy)
        finally:
            temp.unlink(missing_ok=True)
    except OSError:
        pass  # no writable cache folder: the frame is still right, just not kept
    return frame
