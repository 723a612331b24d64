"""``/health/`` for load balancers: is this app server able to serve pages?"""

import logging

from django.conf import settings
from django.http import JsonResponse

from cms.startup import (
    cache_unreachable_reason,
    database_unreachable_reason,
    task_queue_stalled_reason,
)
from cms.storage import media_unreachable_reason

HEALTH_PATH = "/health/"

logger = logging.getLogger("cms.health")


class HealthCheckMiddleware:
    """Answers before host validation and the HTTPS redirect, which a probe that calls the
    server by its internal address would fail. Says up or down per service and nothing more:
    the reasons are for the log, not for whoever asks.

    Only a lost database stops the server from serving pages (503, take it out). Without the
    cache pages are slower, without Elasticsearch the database answers searches, without a
    task worker mail and index writes wait, without the store of uploads files can neither be
    uploaded nor downloaded: the server is "degraded" but serves (200), since
    all servers share those services and a balancer that took them all out would take the
    site down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        from search.engines import elasticsearch

        database = database_unreachable_reason()
        reasons = {
            "database": database,
            "cache": cache_unreachable_reason(),
            # Without Elasticsearch, the database answers searches.
            "search": elasticsearch.unreachable_reason()
            if settings.ELASTICSEARCH_URL
            else database,
            # The queue is a table of the database.
            "tasks": database or task_queue_stalled_reason(),
            "media": media_unreachable_reason(),
        }
        for service, reason in reasons.items():
            if reason is not None:
                logger.error("health check: %s is down: %s", service, reason)
        status = "down" if database else "degraded" if any(reasons.values()) else "up"
        response = JsonResponse(
            {
                "status": status,
                **{service: "down" if reason else "up" for service, reason in reasons.items()},
            },
            status=503 if database else 200,
        )
        response["Cache-Control"] = "no-store"
        return response
