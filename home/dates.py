"""When events take place, as visitors read it: in the region's time zone (Europe/Berlin, in
which editors enter the times) and in the visitor's language, with each moment also given to
machines in a ``<time datetime>`` element.

Both languages use the 24-hour clock ("Wednesday, 15 October 2014, 14:00–17:00"): German
readers expect it, English readers across Europe read it without effort, and the times of a
programme stay the same in either language.
"""

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import pgettext

CLOCK = "H:i"


def region_time(value):
    """``value`` in the region's time zone (``TIME_ZONE``), whatever zone a request chose."""
    return timezone.localtime(value, timezone.get_default_timezone())


def event_day(value):
    """The day in the active language: "Mittwoch, 15. Oktober 2014", "Wednesday, 15 October
    2014"."""
    return date_format(value, pgettext("Django date format of an event's day", "l, j F Y"))


def time_element(value, text):
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


def event_period(start, end):
    """The HTML of when an event takes place, both ends shown in the region's time zone: one
    day with its start and end time, or, for an event over several days, both days."""
    start = region_time(start)
    end = region_time(end)
    start_day = time_element(start.date(), event_day(start))
    start_time = time_element(start, date_format(start, CLOCK))
    end_time = time_element(end, date_format(end, CLOCK))
    if start.date() == end.date():
        return format_html(
            pgettext("an event on one day", "{day}, {start}–{end}"),
            day=start_day,
            start=start_time,
            end=end_time,
        )
    return format_html(
        pgettext("an event over several days", "{start_day}, {start} – {end_day}, {end}"),
        start_day=start_day,
        start=start_time,
        end_day=time_element(end.date(), event_day(end)),
        end=end_time,
    )


def time_range(start, end=None):
    """The HTML of a part of the programme, "14:00–14:15", or "14:00" without an end; its
    times are of the event's day, in the region's time zone."""
    start_time = time_element(start, date_format(start, CLOCK))
    if end is None:
        return start_time
    return format_html("{}–{}", start_time, time_element(end, date_format(end, CLOCK)))
