"""The DuckDB engine gives the pandas helpers' results, within a memory limit, and refuses bad
input with a CourseError naming the table, column or folder and what to do."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from storecrm.analysis import baskets, customer_value, duck, kpis, segments
from storecrm.analysis.engines import Options, run
from storecrm.data import StoreData
from storecrm.data.duckfolder import DuckFolder, to_parquet
from storecrm.data.io import default_dir
from storecrm.errors import CourseError


def same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal columns, dtypes, index and order; integers and text exact, floats to 1e-9."""
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=0, atol=1e-9)
    for column in expected.columns:  # check_exact=False would also let integers differ a hair
        if expected[column].dtype.kind in "iuO":
            assert got[column].tolist() == expected[column].tolist(), column


@pytest.fixture(scope="module")
def parquet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return to_parquet(default_dir(), tmp_path_factory.mktemp("parquet"))[0].parent


@pytest.fixture(scope="module")
def rules_of(committed: StoreData) -> Callable[..., pd.DataFrame]:
    """``top_rules`` on the course's basket matrix, each set of arguments computed once."""
    matrix = baskets.basket_matrix(committed.receipt_lines, committed.products)
    done: dict[str, pd.DataFrame] = {}

    def rules(**kwargs: object) -> pd.DataFrame:
        key = repr(sorted(kwargs.items()))
        if key not in done:
            done[key] = baskets.top_rules(matrix, **kwargs)
        return done[key]

    return rules


@pytest.fixture(scope="module", params=["csv", "parquet"])
def db(request: pytest.FixtureRequest, parquet_dir: Path) -> Iterator[DuckFolder]:
    folder = default_dir() if request.param == "csv" else parquet_dir
    with DuckFolder(folder, memory_limit="200MB", threads=1) as opened:
        yield opened


# --- the same results as pandas on the course data -------------------------------------------


def test_rfm_equals_rfm_segments(db: DuckFolder, committed: StoreData) -> None:
    same(duck.rfm(db), segments.rfm_segments(committed.receipts))
    same(duck.rfm(db, "2026-02-01"), segments.rfm_segments(committed.receipts, "2026-02-01"))


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"top": None, "one_per_pair": False, "min_baskets": 20},
     {"top": 5, "min_lift": 2.0, "min_confidence": 0.3}],
)  # fmt: skip
def test_pair_rules_equal_top_rules(db: DuckFolder, rules_of: Callable, kwargs: dict) -> None:
    expected = rules_of(**kwargs)
    assert len(expected) > 0
    same(duck.pair_rules(db, **kwargs), expected)


@pytest.mark.parametrize("months", [1, 6, 12])
def test_cohort_retention_equals_kpis(db: DuckFolder, committed: StoreData, months: int) -> None:
    expected = kpis.cohort_retention(committed.customers, committed.receipts, months)
    assert expected.isna().any().any()  # cells past the data's end are empty in both
    same(duck.cohort_retention(db, months), expected)


def test_member_summary_equals_customer_value(db: DuckFolder, committed: StoreData) -> None:
    same(duck.member_summary(db), customer_value.member_summary(committed.receipts,
                                                                committed.customers))  # fmt: skip
    window = {"period_start": "2025-03-01", "period_end": "2025-06-30 12:00"}
    same(
        duck.member_summary(db, use_customers=False, **window),
        customer_value.member_summary(committed.receipts, **window),
    )


@pytest.mark.parametrize("what", ["rfm", "cohorts", "members"])
def test_both_engines_of_run_agree(what: str) -> None:
    options = Options(top=None, min_baskets=40, months=3)
    same(
        run(what, default_dir(), engine="duckdb", options=options, memory_limit="100MB"),
        run(what, default_dir(), engine="pandas", options=options),
    )


# --- the quintile rule: equal values, equal scores -------------------------------------------


def write_receipts(folder: Path, rows: list[tuple[str | None, str, float]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(rows, columns=["customer_id", "purchased_at", "net_cny"])
    frame.to_csv(folder / "receipts.csv", index=False)
    return folder


def test_quintile_ties_get_equal_scores(tmp_path: Path) -> None:
    # Ten members; shopping days 1,1,1,1,2,2,3,4,5,5 and spend with a three-way tie.
    days = [1, 1, 1, 1, 2, 2, 3, 4, 5, 5]
    spend = [10.0, 20.0, 20.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0]
    rows: list[tuple[str | None, str, float]] = []
    for i, (n, money) in enumerate(zip(days, spend, strict=True)):
        for d in range(n):
            rows.append((f"M{i:02d}", f"2025-03-{10 + d:02d} 09:00:00", money / n))
    rows.append((None, "2025-03-20 10:00:00", 5.0))  # a walk-in: not a member, not counted
    with DuckFolder(write_receipts(tmp_path / "ties", rows)) as db:
        got = duck.rfm(db)
    # worse = members strictly below; score = 1 + floor(5 * worse / 10)
    assert got["frequency"].tolist() == days
    assert got["f"].tolist() == [1, 1, 1, 1, 3, 3, 4, 4, 5, 5]
    assert got["m"].tolist() == [1, 1, 1, 1, 3, 3, 4, 4, 5, 5]
    # Last visits: members with more days shopped later; ties share R.
    assert got["r"].tolist() == [1, 1, 1, 1, 3, 3, 4, 4, 5, 5]
    assert got["rfm_code"].iloc[0] == "111"
    frame = pd.read_csv(tmp_path / "ties" / "receipts.csv", parse_dates=["purchased_at"])
    same(got, segments.rfm_segments(frame))


# --- a memory limit below what the work needs: DuckDB spills to disk -------------------------


@pytest.fixture(scope="module")
def many_members(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400,000 receipts of 100,000 members: more than 32 MB of work for the RFM step."""
    folder = tmp_path_factory.mktemp("many")
    duckdb.sql(
        f"""COPY (SELECT 'M' || lpad(CAST(i % 100000 AS VARCHAR), 7, '0') AS customer_id,
        TIMESTAMP '2025-01-01 08:00:00' + to_seconds((i * 7919) % (365 * 86400)) AS purchased_at,
        round(((i * 31) % 20000) / 100.0, 2) AS net_cny FROM range(400000) t(i))
        TO '{folder}/receipts.parquet' (FORMAT parquet)"""
    )
    return folder


@pytest.mark.slow
def test_a_tiny_memory_limit_spills_and_gives_the_same_result(many_members: Path) -> None:
    with DuckFolder(many_members, memory_limit="32MB", threads=1) as db:
        got = duck.rfm(db)
    receipts = pd.read_parquet(many_members / "receipts.parquet")
    receipts["purchased_at"] = receipts["purchased_at"].astype("datetime64[ns]")
    expected = segments.rfm_segments(receipts)
    same(got, expected)
    # The same query with no room on disk fails: so the limit above really made DuckDB spill.
    with DuckFolder(many_members, memory_limit="32MB", threads=1) as db:
        db.con.execute("SET max_temp_directory_size = '1KB'")
        with pytest.raises(CourseError, match="memory-limit"):
            duck.rfm(db)


def test_tiny_limit_on_the_course_data(
    parquet_dir: Path, committed: StoreData, rules_of: Callable
) -> None:
    with DuckFolder(parquet_dir, memory_limit="40MB", threads=1) as db:
        same(duck.pair_rules(db), rules_of())
        same(duck.cohort_retention(db), kpis.cohort_retention(committed.customers,
                                                              committed.receipts))  # fmt: skip


# --- bad input: one CourseError naming the place and the fix ---------------------------------


def copy_tables(tmp_path: Path, names: list[str], change: Callable | None = None) -> Path:
    """The committed CSV tables ``names`` in a new folder, optionally changed first."""
    folder = tmp_path / "export"
    folder.mkdir()
    for name in names:
        if change is None:
            shutil.copy(default_dir() / f"{name}.csv", folder)
            continue
        frame = pd.read_csv(default_dir() / f"{name}.csv", dtype=str, keep_default_na=False)
        frame = change(name, frame)
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder


def test_wrong_folder(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match=r"No data set folder at .*nowhere"):
        DuckFolder(tmp_path / "nowhere")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(CourseError, match=r"holds no course table.*storecrm data import"):
        DuckFolder(tmp_path)


def test_missing_table(tmp_path: Path) -> None:
    folder = copy_tables(tmp_path, ["receipt_lines", "receipts"])
    with DuckFolder(folder) as db, pytest.raises(CourseError) as error:
        duck.pair_rules(db)
    assert str(error.value).startswith("products: ")
    assert "products.parquet or products.csv" in str(error.value)
    assert "add the products table" in str(error.value)
    with DuckFolder(folder) as db, pytest.raises(CourseError, match=r"^customers: .*has no"):
        duck.cohort_retention(db)


def test_missing_column(tmp_path: Path) -> None:
    folder = copy_tables(tmp_path, ["receipts"], lambda n, f: f.drop(columns="net_cny"))
    with DuckFolder(folder) as db, pytest.raises(CourseError) as error:
        duck.rfm(db)
    assert str(error.value).startswith("receipts.net_cny: is missing from")
    assert "re-export" in str(error.value)


def test_a_value_that_cannot_be_read(tmp_path: Path) -> None:
    def spoil(name: str, frame: pd.DataFrame) -> pd.DataFrame:
        member = frame.index[frame["customer_id"] != ""][3]
        frame.loc[member, "purchased_at"] = "yesterday"
        return frame

    folder = copy_tables(tmp_path, ["receipts"], spoil)
    with DuckFolder(folder) as db, pytest.raises(CourseError) as error:
        duck.rfm(db)
    assert "a value cannot be read" in str(error.value)
    assert f"storecrm data validate {folder}" in str(error.value)


def test_bad_settings_and_arguments(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match=r"^memory_limit: .*'500MB'"):
        DuckFolder(default_dir(), memory_limit="lots")
    with pytest.raises(CourseError, match=r"^threads: "):
        DuckFolder(default_dir(), threads=0)
    with pytest.raises(CourseError, match=r"^db: .*DuckFolder"):
        duck.rfm(str(default_dir()))  # type: ignore[arg-type]
    with DuckFolder(default_dir()) as db:
        with pytest.raises(CourseError, match=r"^min_confidence: .*not 25"):
            duck.pair_rules(db, min_confidence=25)
        with pytest.raises(CourseError, match=r"^min_baskets: "):
            duck.pair_rules(db, min_baskets=0)
        with pytest.raises(CourseError, match=r"^as_of: .*before the last member receipt"):
            duck.rfm(db, "2025-06-01")
        with pytest.raises(CourseError, match=r"^months: "):
            duck.cohort_retention(db, 0)
        with pytest.raises(CourseError, match=r"^period_end: "):
            duck.member_summary(db, period_start="2025-06-01", period_end="2025-05-01")
    with pytest.raises(CourseError, match=r"^what: "):
        run("rfx", default_dir())
    with pytest.raises(CourseError, match=r"^engine: "):
        run("rfm", default_dir(), engine="spark")


def test_walk_ins_only_and_unknown_products(tmp_path: Path) -> None:
    walk_ins = write_receipts(tmp_path / "walkins", [(None, "2025-03-10 09:00:00", 5.0)] * 6)
    with DuckFolder(walk_ins) as db, pytest.raises(CourseError, match=r"^receipts.customer_id: "):
        duck.rfm(db)

    def unknown(name: str, frame: pd.DataFrame) -> pd.DataFrame:
        if name == "receipt_lines":
            frame.loc[0, "product_id"] = "P9999"
        return frame

    folder = copy_tables(tmp_path, ["receipt_lines", "products"], unknown)
    with DuckFolder(folder) as db, pytest.raises(CourseError) as error:
        duck.pair_rules(db)
    assert str(error.value).startswith("receipt_lines.product_id: 1 receipt line(s)")
    assert "'P9999'" in str(error.value)


def test_to_parquet_is_owner_only_and_refuses_its_own_folder(parquet_dir: Path) -> None:
    assert (parquet_dir.stat().st_mode & 0o777) == 0o700
    files = sorted(parquet_dir.glob("*.parquet"))
    assert len(files) == 12
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in files)
    with pytest.raises(CourseError, match="is the folder being converted"):
        to_parquet(parquet_dir, parquet_dir)


def test_a_file_that_is_not_a_table(tmp_path: Path) -> None:
    (tmp_path / "receipts.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(CourseError) as error:
        DuckFolder(tmp_path)
    assert f"{tmp_path / 'receipts.parquet'} cannot be read" in str(error.value)
    (tmp_path / "receipts.parquet").unlink()
    (tmp_path / "receipts.csv").write_text("till,amount\n1,2\n", encoding="utf-8")
    with pytest.raises(CourseError, match=r"has none of the columns of the receipts table"):
        DuckFolder(tmp_path)


def test_the_pandas_engine_counts_pairs_without_a_dense_table(monkeypatch) -> None:
    """A medium export's dense table would be 3.2 GB and refused; the engine must go sparse."""
    expected = run("rules", default_dir(), engine="pandas")
    monkeypatch.setattr(baskets, "DENSE_LIMIT_BYTES", 1)  # any dense table is now refused
    pd.testing.assert_frame_equal(run("rules", default_dir(), engine="pandas"), expected)
