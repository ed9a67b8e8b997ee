"""A person's published rota as an iCalendar feed: one event per session, where and what."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from pcn.core.bank_holidays import bank_holidays
from pcn.networks.week import ENHANCED_HOURS

from .models import HolidayWorked
from .queries import HUB_LABEL

LONDON = ZoneInfo("Europe/London")
# The usual general-practice half-days; a session's exact hours are the practice's to set.
# Evenings and Saturdays are the contract's enhanced access hours (FACTS §1.4).
HOURS = {"AM": (time(8, 30), time(12, 30)), "PM": (time(13, 30), time(18, 0)), **ENHANCED_HOURS}
FEED_WEEKS_BACK = 4


def feed(person, today=None):
    today = today or datetime.now(LONDON).date()
    calendar = Calendar()
    calendar.add("prodid", "-//PCN Commons//Rota//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{person.network.name}: {person}'s rota")
    seen = set()
    since = today - timedelta(weeks=FEED_WEEKS_BACK)
    sessions = (
        person.rota.in_force()
        .filter(day__gte=since)
        .select_related("practice", "plan")
        .order_by("day", "session", "-plan__published_at")
    )
    sessions = list(sessions)
    holidays = bank_holidays(since, sessions[-1].day) if sessions else {}
    worked = set(
        HolidayWorked.objects.filter(network=person.network, day__in=list(holidays)).values_list(
            "day", "service__name"
        )
    )
    for session in sessions:
        if session.day in holidays and (session.day, session.service) not in worked:
            continue  # nobody works a bank holiday, even where an older rota placed them
        if (session.day, session.session) in seen:
            continue  # the newest published plan wins where plans overlap
        seen.add((session.day, session.session))
        start, end = HOURS[session.session]
        place = session.practice.name if session.practice else HUB_LABEL
        event = Event()
        event.add(
            "uid",
            f"pcn-commons-{person.network.pcn_code}-{person.pk}-{session.day}-{session.session}",
        )
        event.add("summary", f"{session.service} – {place}")
        event.add(
            "location", f"{place}, {session.practice.postcode}" if session.practice else place
        )
        event.add("dtstart", datetime.combine(session.day, start, LONDON))
        event.add("dtend", datetime.combine(session.day, end, LONDON))
        event.add("dtstamp", session.plan.published_at)
        calendar.add_component(event)
    return calendar.to_ical()
