"""The iCalendar text of a feed: a pure function, events in, bytes out (the maintained `icalendar`
package writes the format: folding, escaping, the VTIMEZONE).

A meeting in the portal has a date and no time of day, so its event is a whole-day event on that
Danish date (DTSTART;VALUE=DATE). The calendar still names Europe/Copenhagen (X-WR-TIMEZONE and a
VTIMEZONE built from the time zone database) so Outlook, Google and Apple show it in Danish time."""

import datetime
from dataclasses import dataclass

from icalendar import Calendar, Event, Timezone

TIME_ZONE = "Europe/Copenhagen"
# How often a calendar program should fetch the feed again (Outlook and Apple read these two).
REFRESH = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    day: datetime.date
    summary: str
    sequence: int
    last_modified: datetime.datetime | None
    cancelled: bool = False
    location: str = ""
    url: str = ""
    description: str = ""


def calendar_bytes(
    events: list[CalendarEvent], *, name: str, window: tuple[datetime.date, datetime.date], now
) -> bytes:
    """The feed `name` with `events`; `window` bounds the VTIMEZONE's transitions, `now` is DTSTAMP."""
    calendar = Calendar()
    calendar.add("prodid", "-//Digitaliseringsportalen//Kalender//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    calendar.add_component(Timezone.from_tzid(TIME_ZONE, first_date=window[0], last_date=window[1]))
    for item in events:
        calendar.add_component(_event(item, now))
    return calendar.to_ical()


def _event(item: CalendarEvent, now) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", now)
    event.add("dtstart", item.day)
    event.add("dtend", item.day + datetime.timedelta(days=1))
    event.add("summary", item.summary)
    event.add("sequence", item.sequence)
    if item.last_modified is not None:
        event.add("last-modified", item.last_modified)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    # A whole-day event should not mark the whole day busy.
    event.add("transp", "TRANSPARENT")
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
    if item.description:
        event.add("description", item.description)
    return event
