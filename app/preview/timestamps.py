"""Discord's timestamp markup `<t:SECONDS:STYLE>` as readable UTC text, the way Discord's en-US client words it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

STYLES = frozenset("tTdDfFR")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# moment.js thresholds, which Discord's relative style uses: (below this many seconds, unit seconds, words)
_RELATIVE: tuple[tuple[float, float, str], ...] = (
    (45, 0, "a few seconds"),
    (90, 0, "a minute"),
    (45 * 60, 60, "minutes"),
    (90 * 60, 0, "an hour"),
    (22 * 3600, 3600, "hours"),
    (36 * 3600, 0, "a day"),
    (26 * 86400, 86400, "days"),
    (45 * 86400, 0, "a month"),
    (320 * 86400, 30.44 * 86400, "months"),
    (548 * 86400, 0, "a year"),
)


def moment(seconds: int) -> datetime | None:
    """The UTC time `seconds` after the epoch; None outside the years datetime can hold."""
    try:
        return _EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        return None


def iso(when: datetime) -> str:
    # strftime's %Y does not pad years below 1000 on every platform.
    return f"{when.year:04d}-{when.month:02d}-{when.day:02d}T{when.hour:02d}:{when.minute:02d}:{when.second:02d}Z"


def describe(when: datetime, style: str, now: float) -> str:
    if style == "R":
        return relative((when - _EPOCH).total_seconds() - now)
    return _FORMATS.get(style, _long_date_time)(when)


def full(when: datetime) -> str:
    """The hover text: every style shows the full date and time there, in UTC."""
    return f"{_weekday_date_time(when)} UTC"


def relative(delta: float) -> str:
    words = _amount(abs(delta))
    return f"in {words}" if delta > 0 else f"{words} ago"


def _amount(seconds: float) -> str:
    for limit, unit, words in _RELATIVE:
        if seconds < limit:
            return f"{int(seconds / unit + 0.5)} {words}" if unit else words
    return f"{int(seconds / (365.25 * 86400) + 0.5)} years"


def _clock(when: datetime) -> str:
    return f"{(when.hour - 1) % 12 + 1}:{when.minute:02d} {'AM' if when.hour < 12 else 'PM'}"


def _clock_seconds(when: datetime) -> str:
    return f"{(when.hour - 1) % 12 + 1}:{when.minute:02d}:{when.second:02d} {'AM' if when.hour < 12 else 'PM'}"


def _short_date(when: datetime) -> str:
    return f"{when.month:02d}/{when.day:02d}/{when.year}"


def _long_date(when: datetime) -> str:
    return f"{_MONTHS[when.month - 1]} {when.day}, {when.year}"


def _long_date_time(when: datetime) -> str:
    return f"{_long_date(when)} {_clock(when)}"


def _weekday_date_time(when: datetime) -> str:
    return f"{_DAYS[when.weekday()]}, {_long_date_time(when)}"


_FORMATS = {
    "t": _clock,
    "T": _clock_seconds,
    "d": _short_date,
    "D": _long_date,
    "f": _long_date_time,
    "F": _weekday_date_time,
}
