"""Events as iCalendar (RFC 5545) files: one event to add to a calendar, and the feeds of
upcoming events that calendar programs subscribe to and fetch again by themselves."""

from datetime import date, timedelta

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

from cms import navigation
from home.dates import region_time

# How often a subscribed calendar should look for changes.
REFRESH_INTERVAL = timedelta(hours=6)


def event_uid(event, domain):
    """The same for every language version of an event and for every download of it, so that
    a calendar updates the event it has rather than adding it again."""
    return f"event-{event.translation_key}@{domain}"


def site_domain(request):
    site = navigation.request_site(request)
    return site.hostname if site else request.get_host()


def calendar_event(event, request, domain):
    venue = event.venue_in_language()
    # Every page that visitors see has been published; the last resort is for one that was
    # imported without it.
    last_changed = event.last_published_at or event.first_published_at or timezone.now()
    url = request.build_absolute_uri(event.get_url(request))
    return icalendar.Event.new(
        uid=event_uid(event, domain),
        summary=event.title,
        # Most calendar programs show no URL property, but a link in the description.
        description="\n\n".join(part for part in (event.intro, url) if part),
        # In the region's time zone, named by its TZID, so that calendars show the event
        # at its local time on either side of a daylight-saving change.
        start=region_time(event.start),
        end=region_time(event.end),
        location=(venue and venue.one_line()) or event.online_url or None,
        url=url,
        stamp=last_changed,
        last_modified=last_changed,
    )


def region_time_zone(events):
    """The region's time zone as a calendar component, covering the years of ``events``; a
    calendar with no events holds it too, as a calendar needs at least one component."""
    years = [region_time(moment).year for event in events for moment in (event.start, event.end)]
    years = years or [region_time(timezone.now()).year]
    return icalendar.Timezone.from_tzid(
        settings.TIME_ZONE,
        first_date=date(min(years), 1, 1),
        last_date=date(max(years) + 1, 12, 31),
    )


def build_calendar(events, *, request, name, uid):
    """An iCalendar of ``events``, with the time zone data their times need."""
    domain = site_domain(request)
    calendar = icalendar.Calendar.new(
        prodid=f"-//{domain}//SMART REGION//{get_language().upper()}",
        name=name,
        uid=f"{uid}@{domain}",
        refresh_interval=REFRESH_INTERVAL,
        subcomponents=[
            region_time_zone(events),
            *(calendar_event(event, request, domain) for event in events),
        ],
    )
    # Outlook and Apple Calendar read the refresh interval from this older property.
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH_INTERVAL))
    return calendar


def calendar_response(calendar, filename):
    return HttpResponse(
        calendar.to_ical(),
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
