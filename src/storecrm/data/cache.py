"""An Arrow copy of each big table, so a data set is parsed from CSV only once.

Why: parsing the ``large`` data set's CSV text (11 million receipt lines, 4 million
receipts) and checking every value takes half a minute; reading the same typed columns
back from an Arrow IPC file takes a few seconds. The CSV files stay the one source of
truth: the copy is only ever a faster way to get the frame :func:`storecrm.data.io.load`
would have built from them.

How it stays fast and lean: text columns (ids) are stored dictionary-encoded, so reading
one makes a Python string once per distinct value and spreads them over the rows with a
numpy ``take`` (building 40 million strings one by one, as converting Parquet text does,
was most of the time). Within one load a column that refers to another table's ids
(``receipt_lines.receipt_id`` to ``receipts.receipt_id``) reuses that table's string
objects, so each receipt number is held once (:class:`SharedIds`). The frames are the
same either way: ids are ``object`` columns of Python ``str``, missing ones NaN.

How it stays right:

* The key is the SHA-256 of the CSV file's bytes (plus the table's schema, the columns
  asked for and this module's format version), so any change to the file, however small
  and whatever its date, gives a new key and the table is parsed and checked again.
  Copies in an older format (Parquet, before version 3) are never read.
* A copy is written only after the CSV has been read and checked, so a file that fails
  to load is never cached and fails the same way every time. A copy that cannot be read
  (damaged, foreign) is rebuilt from the CSV.
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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from storecrm.data.schema import CATEGORY_VALUES, TABLES

__all__ = [
    "CACHE_ENV",
    "FORMAT_VERSION",
    "MIN_CACHE_BYTES",
    "SharedIds",
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
FORMAT_VERSION = 3

#: Where a copy records its categories and text columns (Arrow schema metadata key).
_FRAME_KEY = b"storecrm.frame"

#: File name endings of copies: the one written now first, then older formats' (which are
#: never read, but ``storecrm data purge`` must still find and delete them).
_SUFFIXES = (".arrow", ".parquet")

#: How copies are compressed: lz4 keeps them about a quarter of the CSV's size and
#: decompresses faster than the disk reads.
_COMPRESSION = "lz4"

#: Every ``table.column`` some other column refers to (whose strings are worth sharing).
_REFERENCED = {c.ref for t in TABLES.values() for c in t.columns if c.ref}


def cache_dir() -> Path | None:
    """The folder for cached copies, or ``None`` when caching is switched off."""
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

    A store's import is personal data: deleting the import must delete its faster copies too,
    including copies in an older format that are no longer read.
    """
    folder = cache_dir()
    if folder is None or not folder.is_dir() or not path.is_file():
        return []
    digest = _file_hash(path)
    return sorted(p for suffix in _SUFFIXES for p in folder.glob(f"*-{digest}-*{suffix}"))


@dataclass
class _Known:
    """One referenced column's distinct values: as Arrow text and as Python strings."""

    arrow: pa.Array
    strings: np.ndarray
    _keys: np.ndarray | None = field(default=None, init=False, repr=False)
    _keys_checked: bool = field(default=False, init=False, repr=False)

    def sorted_keys(self) -> np.ndarray | None:
        """The values as one block of fixed-width bytes, if all are as long and ascending.

        Receipt and member numbers are (``R0000001``, ...): then finding another column's
        values among them is a binary search instead of hashing millions of strings.
        """
        if not self._keys_checked:
            self._keys_checked = True
            keys = _fixed_width(self.arrow)
            if keys is not None and bool((keys[1:] > keys[:-1]).all()):
                self._keys = keys
        return self._keys


def _fixed_width(text: pa.Array) -> np.ndarray | None:
    """Arrow text as a numpy ``S<width>`` view (no copy), if every value is ``width`` bytes."""
    if not pa.types.is_string(text.type) or text.null_count or len(text) == 0:
        return None
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32)[
        text.offset : text.offset + len(text) + 1
    ]
    width = int(offsets[1] - offsets[0])
    if width == 0 or not bool((np.diff(offsets) == width).all()):
        return None
    data = text.buffers()[2]
    return np.frombuffer(data, dtype=f"S{width}", count=len(text), offset=int(offsets[0]))


class SharedIds:
    """The id strings one load has already made, for the columns that refer to them.

    Why: ``receipt_lines.receipt_id`` and ``points_ledger.receipt_id`` hold the receipt
    numbers of ``receipts.receipt_id`` again; made separately, the large data set's 4
    million receipt numbers exist three times as Python strings (hundreds of MB). A column
    whose schema names a ``ref`` reuses the referenced column's string objects instead,
    so each number exists once. Values never change: an id is only swapped for an equal
    string, and one the referenced column lacks gets its own.

    Tables must be offered in an order where a referenced table comes first (the order of
    :meth:`storecrm.data.model.StoreData.table_names`); one that comes later is simply not
    shared.
    """

    def __init__(self) -> None:
        self._known: dict[str, _Known] = {}
        self._frames: dict[str, pd.DataFrame] = {}

    def add_frame(self, name: str, frame: pd.DataFrame) -> None:
        """Offer a table's frame (its referenced columns are turned to Arrow only if asked)."""
        self._frames[name] = frame

    def add_strings(self, key: str, dictionary: pa.Array, strings: np.ndarray) -> None:
        """Offer ``table.column``'s distinct values as Arrow text and as Python strings."""
        if key in _REFERENCED:
            self._known[key] = _Known(dictionary, strings)

    def strings_for(self, ref: str) -> _Known | None:
        """The referenced column's values, or ``None`` if that table was not read."""
        if ref not in self._known:
            table, column = ref.split(".", 1)
            frame = self._frames.get(table)
            if frame is None or column not in frame.columns:
                return None
            strings = frame[column].to_numpy(dtype=object)
            try:
                arrow = pa.array(strings, type=pa.string(), from_pandas=True)
            except (pa.ArrowException, TypeError, ValueError):
                return None  # not all text: nothing to share
            self._known[ref] = _Known(arrow, strings)
        return self._known[ref]


def _frame_json(frame: pd.DataFrame, strings: list[str]) -> bytes:
    """What Arrow does not say: categories and their order, and which columns are text."""
    categories = {
        str(name): {"categories": list(dtype.categories), "ordered": bool(dtype.ordered)}
        for name, dtype in frame.dtypes.items()
        if isinstance(dtype, pd.CategoricalDtype)
    }
    return json.dumps({"categories": categories, "strings": strings}, ensure_ascii=False).encode()


def _restore(frame: pd.DataFrame, categories: dict) -> pd.DataFrame:
    """Give each categorical column back its exact categories and their order.

    Arrow keeps a categorical's whole dictionary, so this is normally a no-op; it is kept
    so that a copy can never give a learner a different category list.
    """
    for column, spec in categories.items():
        dtype = pd.CategoricalDtype(spec["categories"], ordered=spec["ordered"])
        if frame[column].dtype != dtype:
            frame[column] = frame[column].astype(dtype)
    return frame


def _encode(text: pa.Array) -> pa.DictionaryArray:
    """``text`` dictionary-encoded, by its runs when its values are in ascending order.

    Receipt numbers, ledger entries and the receipt numbers on lines and ledger entries are
    written in ascending order; there each new value starts a run, which two comparisons
    of neighbours find much faster than hashing millions of strings (that would make the
    first load slower than writing Parquet was). Other columns are hashed.
    """
    if text.offset or len(text) < 2:
        return pc.dictionary_encode(text)
    present = text.drop_null() if text.null_count else text
    earlier, later = present[:-1], present[1:]
    if len(present) < 2 or pc.any(pc.less(later, earlier)).as_py():
        return pc.dictionary_encode(text)
    starts = np.concatenate([[True], pc.not_equal(later, earlier).to_numpy(zero_copy_only=False)])
    dictionary = present if starts.all() else present.filter(pa.array(starts))
    codes = np.cumsum(starts, dtype=np.int32) - 1
    if text.null_count:
        spread = np.zeros(len(text), dtype=np.int32)
        spread[text.is_valid().to_numpy(zero_copy_only=False)] = codes
        codes = spread
    indices = pa.Array.from_buffers(
        pa.int32(), len(text), [text.buffers()[0], pa.py_buffer(codes)], text.null_count
    )
    return pa.DictionaryArray.from_arrays(indices, dictionary)


def _write_copy(frame: pd.DataFrame, target: Path) -> None:
    """Write ``frame`` as one Arrow record batch, its text columns dictionary-encoded.

    Dictionary encoding is what makes reading fast: each distinct id is turned into a
    Python string once, instead of once per row with a hash to de-duplicate them.
    """
    strings = [str(c) for c, dtype in frame.dtypes.items() if pd.api.types.is_object_dtype(dtype)]
    others = [str(c) for c in frame.columns if c not in strings]
    typed = pa.Table.from_pandas(frame, columns=others, preserve_index=False)
    columns = []
    for name in map(str, frame.columns):
        if name in strings:  # one text column at a time: only its encoding is kept
            text = pa.array(frame[name].to_numpy(), type=pa.string(), from_pandas=True)
            columns.append(_encode(text))
        else:
            columns.append(typed.column(name))
    metadata = {**(typed.schema.metadata or {}), _FRAME_KEY: _frame_json(frame, strings)}
    arrow = pa.table(columns, names=list(map(str, frame.columns)), metadata=metadata)
    arrow = arrow.unify_dictionaries().combine_chunks()
    options = ipc.IpcWriteOptions(compression=_COMPRESSION)
    with ipc.new_file(target, arrow.schema, options=options) as writer:
        # One batch: its columns come back as single arrays, which convert fastest and with
        # the least memory (a few batches cost more when reading than they save writing).
        writer.write_table(arrow, max_chunksize=max(arrow.num_rows, 1))


def _positions(dictionary: pa.Array, known: _Known) -> tuple[np.ndarray, np.ndarray | None]:
    """Where each dictionary value is in ``known`` (0 where absent), and which are absent."""
    keys = known.sorted_keys()
    wanted = _fixed_width(dictionary) if keys is not None else None
    if keys is not None and wanted is not None and wanted.dtype == keys.dtype:
        where = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        found = keys[where] == wanted
        return where, (None if found.all() else ~found)
    looked_up = pc.index_in(dictionary, value_set=known.arrow)
    where = pc.fill_null(looked_up, 0).to_numpy()
    absent = looked_up.is_null().to_numpy(zero_copy_only=False) if looked_up.null_count else None
    return where, absent


def _python_strings(dictionary: pa.Array, known: _Known | None) -> np.ndarray:
    """A dictionary's values as Python strings, reusing the referenced column's objects."""
    if known is None:
        return dictionary.to_numpy(zero_copy_only=False)
    if dictionary.equals(known.arrow):
        return known.strings
    where, absent = _positions(dictionary, known)
    strings = known.strings.take(where)
    if absent is not None:
        strings[absent] = dictionary.filter(pa.array(absent)).to_numpy(zero_copy_only=False)
    return strings


def _text_column(
    column: pa.ChunkedArray, known: _Known | None
) -> tuple[np.ndarray, pa.Array, np.ndarray]:
    """One dictionary-encoded text column as an object array (missing values NaN).

    Returns the column, its dictionary and the dictionary's Python strings. A copy is one
    batch; should one hold several (another writer), batches sharing a dictionary have
    their indices joined, and different dictionaries are unified first.
    """
    chunks = column.chunks
    if not chunks:
        chunks = [pa.array([], type=column.type)]
    dictionary = chunks[0].dictionary
    if any(not chunk.dictionary.equals(dictionary) for chunk in chunks[1:]):
        chunks = [column.combine_chunks()]
        dictionary = chunks[0].dictionary
    strings = _python_strings(dictionary, known)
    nulls = any(chunk.null_count for chunk in chunks)
    # An empty id is NaN, as read_csv gives it: index len(strings) points at it.
    spread = np.append(strings, np.nan) if nulls else strings
    positions = [
        (
            pc.fill_null(chunk.indices, len(strings)) if chunk.null_count else chunk.indices
        ).to_numpy()
        for chunk in chunks
    ]
    joined = positions[0] if len(positions) == 1 else np.concatenate(positions)
    return spread.take(joined), dictionary, strings


def _writable(column: pd.Series) -> pd.Series:
    """A categorical column with codes of its own: Arrow lends them read-only.

    A learner's ``receipts.loc[0, "channel"] = "delivery"`` works on a parsed frame, so it
    must work on a cached one too; the codes are one byte a row, cheap to copy.
    """
    return column.copy() if isinstance(column.dtype, pd.CategoricalDtype) else column


def _read_copy(copy: Path, name: str, shared: SharedIds | None) -> pd.DataFrame:
    """The frame stored in ``copy``, exactly as :func:`cached_table`'s ``build`` made it."""
    with pa.memory_map(str(copy)) as source:
        arrow = ipc.open_file(source).read_all()
    spec = json.loads((arrow.schema.metadata or {})[_FRAME_KEY])
    names = arrow.column_names
    refs = {c.name: c.ref for c in TABLES[name].columns if c.ref}
    texts: dict[str, np.ndarray] = {}
    made: list[tuple[str, pa.Array, np.ndarray]] = []
    for column in spec["strings"]:
        ref = shared.strings_for(refs[column]) if shared and column in refs else None
        texts[column], dictionary, strings = _text_column(arrow.column(column), ref)
        made.append((f"{name}.{column}", dictionary, strings))
    rest = arrow.drop_columns(list(texts))
    rows = arrow.num_rows
    del arrow
    others = rest.to_pandas(self_destruct=True)
    del rest
    # copy=False keeps each column's array as it is: copying millions of Python strings
    # again would touch every one of them.
    columns = {c: texts[c] if c in texts else _writable(others[c]) for c in names}
    frame = pd.DataFrame(columns, index=pd.RangeIndex(rows), copy=False)
    if shared is not None:
        for key, dictionary, strings in made:
            shared.add_strings(key, dictionary, strings)
    return _restore(frame, spec["categories"])


def _offered(frame: pd.DataFrame, name: str, shared: SharedIds | None) -> pd.DataFrame:
    if shared is not None:
        shared.add_frame(name, frame)
    return frame


def cached_table(
    path: Path,
    name: str,
    columns: list[str],
    build: Callable[[], pd.DataFrame],
    *,
    min_bytes: int | None = None,
    shared: SharedIds | None = None,
) -> pd.DataFrame:
    """``build()``'s frame for the CSV at ``path``, from an Arrow copy when one matches.

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
    shared
        The id strings of the tables read before this one in the same load, to reuse for
        the columns that refer to them (see :class:`SharedIds`); this table is added.
    """
    folder = cache_dir()
    limit = MIN_CACHE_BYTES if min_bytes is None else min_bytes
    if folder is None or path.stat().st_size < limit:
        return _offered(build(), name, shared)
    copy = folder / f"{name}-{_key(path, name, columns)}{_SUFFIXES[0]}"
    if copy.is_file():
        try:
            frame = _read_copy(copy, name, shared)
        except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
            pass  # a damaged or foreign file: rebuild it below
        else:
            # Arrow's buffers are freed by now; hand their pages back so the process's
            # memory is the frames', not the frames' plus a pool of spare pages.
            pa.default_memory_pool().release_unused()
            return _offered(frame, name, shared)
    frame = build()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # copies may hold an import
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as tmp:
            temp = Path(tmp.name)
        try:
            _write_copy(frame, temp)
            os.replace(temp, copy)
        finally:
            temp.unlink(missing_ok=True)
    except (OSError, pa.ArrowException):
        pass  # no writable cache folder: the frame is still right, just not kept
    pa.default_memory_pool().release_unused()  # the copy's Arrow buffers, as above
    return _offered(frame, name, shared)
