"""The reminders as an iCalendar file (RFC 5545) for a phone: written with the `icalendar` library, which escapes
text and folds lines at 75 octets (Chinese takes three octets a character)."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from tierlogic.reminders import Reminder, reminders, window_plan

from .refresh import Loaded
from .safety import Refused

DEFAULT_DAYS = 60
PRODID = "-//tierbook//客户分层助手//ZH"
# RFC 5545 TEXT allows no control characters but tab; a newline is escaped by the library.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def calendar_path(workbook: Path) -> Path:
    """客户.xlsx → 客户-提醒.ics beside it."""
    return workbook.with_name(f"{workbook.stem}-提醒.ics")


def _text(value: str) -> str:
    return _CONTROL.sub("", value)


def _event(reminder: Reminder, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", reminder.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", reminder.day)
    event.add("dtend", reminder.day + timedelta(days=1))
    event.add("summary", _text(reminder.summary))
    event.add("description", _text(reminder.description))
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _text(reminder.summary))
    # Relative to the all-day start, so the alarm rings at that clock time wherever the phone is.
    alarm.add("trigger", timedelta(hours=reminder.alarm.hour, minutes=reminder.alarm.minute))
    event.add_component(alarm)
    return event


def calendar_bytes(events: list[Reminder], name: str, now: datetime) -> bytes:
    """The calendar file; DTSTAMP is `now` in UTC, everything else depends only on the reminders."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _text(name))
    stamp = now.astimezone(timezone.utc).replace(microsecond=0)
    for reminder in events:
        calendar.add_component(_event(reminder, stamp))
    return calendar.to_ical()


def write_calendar(loaded: Loaded, today: date, days: int, now: datetime, target: Path) -> list[Reminder]:
    """Plan today … today + days and write its reminders to `target`; the workbook is only read."""
    events = reminders(window_plan(loaded.book, today, days, loaded.settings, loaded.calendar), loaded.settings)
    if loaded.calendar is not None:
        for notice in loaded.calendar.notices():
            loaded.report.note(notice)
    try:
        target.write_bytes(calendar_bytes(events, f"{target.stem}（tierbook）", now))
    except OSError as err:
        raise Refused(f"无法写入 {target}（{err.strerror or err}），工作簿没有改动",
                      f"Cannot write {target} ({err}); the workbook was not touched.") from err
    return events
