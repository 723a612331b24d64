"""``/health/`` for load balancers: is this app server able to serve pages?"""

import logging

from django.http import JsonResponse

from cms.startup import cache_unreachable_reason, database_unreachable_reason

HEALTH_PATH = "/health/"

logger = logging.getLogger("cms.health")


class HealthCheckMiddleware:
    """Answers before host validation and the HTTPS redirect, which a probe that calls the
    server by its internal address would fail. Says up or down per service and nothing more:
    the reasons are for the log, not for whoever asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        reasons = {"database": database_unreachable_reason(), "cache": cache_unreachable_reason()}
        for service, reason in reasons.items():
            if reason is not None:
                logger.error("health check: %s is down: %s", service, reason)
        healthy = not any(reasons.values())
        response = JsonResponse(
            {
                "status": "up" if healthy else "down",
                **{service: "down" if reason else "up" for service, reason in reasons.items()},
            },
            status=200 if healthy else 503,
        )
        response["Cache-Control"] = "no-store"
        return response
