"""How dates read everywhere the briefings show them: site, PDF, export, figures."""

from __future__ import annotations

import datetime as dt

Day = dt.date | str
"""A date, or its ISO form as stored in the generated data."""


def _day(value: Day) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def long_date(value: Day | None) -> str:
    """``4 April 2025``; empty for no date."""
    if value is None or value == "":
        return ""
    day = _day(value)
    return f"{day.day} {day:%B %Y}"


def date_range(start: Day, end: Day | None = None) -> str:
    """A day or a span of days, naming each month and year once.

    ``10–11 May 2025``, ``30 April – 2 May 2025``, ``30 December 2024 – 2 January 2025``.
    """
    first = _day(start)
    last = _day(end) if end not in (None, "") else first
    if last <= first:
        return long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}\u2013{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} \u2013 {last.day} {last:%B %Y}"
    return f"{long_date(first)} \u2013 {long_date(last)}"
