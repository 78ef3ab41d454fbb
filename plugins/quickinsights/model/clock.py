"""The day a build or a check runs as: today, or SOURCE_DATE_EPOCH's day.

An insight dated after that day is scheduled (not published yet), so every output of
a build depends on it; SOURCE_DATE_EPOCH (reproducible-builds.org) fixes it for tests
and reproducible builds. UTC, as CI runners and Pages workflows keep time.
"""

from __future__ import annotations

import datetime as dt
import os


class ClockError(ValueError):
    pass


def today() -> dt.date:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise ClockError(
            f"SOURCE_DATE_EPOCH is {value!r}, not a number of seconds since 1970-01-01 "
            "(unset it, or set it to e.g. $(date +%s))"
        ) from None


def is_scheduled(date: dt.date, on: dt.date | None = None) -> bool:
    """An insight with this date is not published on `on` (default: the build day)."""
    return date > (on or today())
