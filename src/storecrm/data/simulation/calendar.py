"""The trading year: day numbers, weekdays, half-month periods and holiday factors.

Days are counted from 2025-01-01 (day 0) so that every array in the simulation can be
indexed by an integer day; datetimes are only built when tables are assembled.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "MID_AUTUMN",
    "N_DAYS",
    "SPRING_FESTIVAL",
    "START",
    "day_factors",
    "day_of",
    "month_starts",
    "periods",
    "weekdays",
]

START = np.datetime64("2025-01-01", "D")
N_DAYS = 365
#: Chinese New Year's Day 2025 (正月初一) and the Mid-Autumn Festival 2025 (中秋).
SPRING_FESTIVAL = int((np.datetime64("2025-01-29", "D") - START).astype(int))
MID_AUTUMN = int((np.datetime64("2025-10-06", "D") - START).astype(int))
NATIONAL_DAY = int((np.datetime64("2025-10-01", "D") - START).astype(int))
LABOUR_DAY = int((np.datetime64("2025-05-01", "D") - START).astype(int))


def day_of(date: str) -> int:
    """Day number of an ISO date (2025-01-01 is day 0)."""
    return int((np.datetime64(date, "D") - START).astype(int))


def weekdays() -> np.ndarray:
    """Weekday of every day, Monday = 0 (2025-01-01 was a Wednesday)."""
    return ((np.arange(N_DAYS) + 2) % 7).astype(np.int8)


def periods(day: np.ndarray) -> np.ndarray:
    """Half-month period 0..23 of each day (1st-15th and 16th-end of each month)."""
    dates = START + day.astype("timedelta64[D]")
    month = dates.astype("datetime64[M]")
    dom = (dates - month).astype(int)
    return ((month - np.datetime64("2025-01", "M")).astype(int) * 2 + (dom >= 15)).astype(np.int16)


def month_starts() -> np.ndarray:
    """Day numbers of the first day of each month of 2025."""
    months = np.arange(np.datetime64("2025-01", "M"), np.datetime64("2026-01", "M"))
    return (months.astype("datetime64[D]") - START).astype(int)


def day_factors() -> np.ndarray:
    """Traffic multiplier for each day, shape (2, N_DAYS): convenience, supermarket.

    Planted seasonality: two weeks of New-Year shopping rising to a peak on the eve of
    Spring Festival, a quiet festival week while many residents travel home, a Mid-Autumn
    rush (mooncakes, family dinners) that runs into the National Day holiday, a small
    Labour Day lift and a summer lift for convenience stores (cold drinks).
    """
    f = np.ones((2, N_DAYS))
    sf, ma = SPRING_FESTIVAL, MID_AUTUMN
    ramp = np.linspace(0.2, 1.0, 14)
    f[0, sf - 14 : sf] += 0.45 * ramp
    f[1, sf - 14 : sf] += 1.0 * ramp
    f[:, sf : sf + 7] *= 0.6
    f[:, sf + 7 : sf + 14] *= 0.85
    ramp2 = np.linspace(0.2, 1.0, ma - (ma - 14))
    f[0, ma - 14 : ma] += 0.3 * ramp2
    f[1, ma - 14 : ma] += 0.7 * ramp2
    f[0, NATIONAL_DAY : NATIONAL_DAY + 7] *= 0.85  # offices closed
    f[1, NATIONAL_DAY : NATIONAL_DAY + 7] *= 1.2
    f[:, ma] *= 1.1
    f[1, LABOUR_DAY : LABOUR_DAY + 5] *= 1.15
    summer = slice(day_of("2025-06-15"), day_of("2025-09-01"))
    f[0, summer] *= 1.1
    return f
