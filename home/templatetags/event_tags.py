from django import template

register = template.Library()


@register.inclusion_tag("home/includes/calendar_subscription.html", takes_context=True)
def calendar_subscription(context, page):
    """Links to subscribe to ``page``'s calendar of upcoming events, and its address to copy
    into a calendar program that follows no link."""
    address = page.route_url(context["request"], "calendar", absolute=True)
    return {
        "address": address,
        # The scheme calendar programs register for: the link opens the subscription dialog.
        "subscribe_url": "webcal://" + address.split("://", 1)[1],
    }
