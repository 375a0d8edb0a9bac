"""A day as people type it: 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, full-width too (２０２６年３月１日) (a time
after it, 2026/3/1 9:30, is not read), or with the month's English name (1 March 2026, Mar 1, 2026: 01/03/2026 is
refused, since it reads as a different day in the UK and the US); in a Traditional Chinese project also in Taiwan's
民國 years of three digits (115/12/7, 民國115年12月7日: 2026-12-07), as Excel in Taiwan shows a date. A sign-in
sheet's date column and every command's day option read it here, so a day a sheet accepts is accepted on the command
line too."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .errors import UsageError, echoed
from .i18n import current, t
from .model import EARLIEST, LATEST, parse_date

# A time after the day (a sheet for a meeting says when it began: 2026/12/5 9:30, 2026-12-05T09:30:00) is not read.
_TIME = r"(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
# Read from the stripped text, each run of spaces taken by one pattern only: `\s*日?` before the time's `\s+` and a
# closing `\s*` tried every split of a long run of spaces, and a cell of 100,000 spaces after a day took minutes.
_DAY = re.compile(rf"^(\d{{4}})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})(?:\s*日)?{_TIME}$", re.ASCII)
# Taiwan's 民國 calendar counts years from 1912 (民國1年): three digits (100 is 2011) are no year a Western date writes,
# where two (26/12/07) might be 2026 or 民國26年, so only three are read.
_ROC_DAY = re.compile(rf"^(?:民國\s*)?(1\d\d)\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})(?:\s*日)?{_TIME}$",
                      re.ASCII)
_ROC_OFFSET = 1911
_FULL_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
# A month by its English name, whole or shortened to three letters (and Sept).
MONTHS = {**{name: number for number, name in enumerate(_FULL_MONTHS, 1)},
          **{name[:3]: number for number, name in enumerate(_FULL_MONTHS, 1)}, "sept": 9}
_MONTH = r"([a-z]{3,9})\.?"
_DAY_MONTH_YEAR = re.compile(rf"^\s*(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+{_MONTH}[\s,-]+(\d{{4}})\s*$", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"^\s*{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\s*$", re.IGNORECASE)


def half_width(text: str) -> str:
    """Digits, letters and punctuation typed full-width (a Chinese input method's ２０２６／１２／６) as their plain
    forms, so a date reads the same however it was typed, as names do (names.name_key)."""
    return unicodedata.normalize("NFKC", text)


def _iso_typed(text: str) -> str | None:
    """The YYYY-MM-DD a typed day spells (not yet known to be a real day), or None if it spells none."""
    text = half_width(text).strip()
    match = _DAY.match(text)
    if match is not None:
        return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}"
    roc = _ROC_DAY.match(text) if current().traditional else None
    if roc is not None:
        return f"{int(roc[1]) + _ROC_OFFSET}-{int(roc[2]):02d}-{int(roc[3]):02d}"
    named = _DAY_MONTH_YEAR.match(text)
    day, month, year = (named[1], named[2], named[3]) if named else ("", "", "")
    if named is None and (named := _MONTH_DAY_YEAR.match(text)) is not None:
        month, day, year = named[1], named[2], named[3]
    if named is None:
        return None
    number = MONTHS.get(month.lower(), 0)
    return f"{year}-{number:02d}-{int(day):02d}" if number else None


def typed_day(text: str) -> dt.date | None:
    """A date as people type it into a spreadsheet or on the command line, full-width or not (None if it is not one):
    the one reading of a typed day, a sign-in sheet's and every command's `--date`/`--effective`/`--as-of`."""
    iso = _iso_typed(text)
    return parse_date(iso) if iso is not None else None


def day_given(text: str) -> dt.date:
    """A day a command's option names (`--date`, `--effective`, `--as-of`), read as a sign-in sheet's date is: a
    usage error (exit 2) when it is no day."""
    day = typed_day(text)
    if day is None:
        iso = _iso_typed(text)
        try:  # a real day, but one no record can bear (the schema's years): say so, not how to write a date
            real = dt.date.fromisoformat(iso) if iso is not None else None
        except ValueError:
            real = None
        if real is not None:
            raise UsageError(t("cli.date_out_of_range", value=echoed(text), earliest=EARLIEST, latest=LATEST))
        raise UsageError(t("cli.date_invalid", value=echoed(text)))
    return day


def day_asked(text: str, today: dt.date) -> dt.date:
    """The day an `--as-of` names, the one place every command reads it (register, copy, verify, acknowledgements):
    exit 2 when it is no date, or a day after `today` — what will be in force is not a record (releases and
    withdrawals may still come), whatever is asked of it."""
    day = day_given(text)
    if day > today:
        raise UsageError(t("hist.as_of_future", day=day, today=today))
    return day
