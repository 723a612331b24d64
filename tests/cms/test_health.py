"""``/health/``: what a load balancer and the operator's monitoring learn of the services."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from search.tasks import apply_index_change

pytestmark = pytest.mark.django_db


def health(client):
    response = client.get("/health/")
    return response.status_code, json.loads(response.content)


def test_on_the_embedded_defaults_every_service_is_up(client):
    assert health(client) == (
        200,
        {
            "status": "up",
            "database": "up",
            "cache": "up",
            "search": "up",
            "tasks": "up",
            "media": "up",
        },
    )


def test_tasks_that_no_worker_takes_are_reported_and_the_server_still_serves(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    apply_index_change.enqueue("page:1")
    just_queued = health(client)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=6))

    assert just_queued == (200, {**just_queued[1], "status": "up", "tasks": "up"})
    assert health(client) == (
        200,
        {
            "status": "degraded",
            "database": "up",
            "cache": "up",
            "search": "up",
            "tasks": "down",
            "media": "up",
        },
    )


def test_a_task_waiting_for_its_time_is_not_a_stalled_queue(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    later = timezone.now() + timedelta(hours=1)
    apply_index_change.using(run_after=later).enqueue("page:1")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=2))

    assert health(client)[1]["tasks"] == "up"
