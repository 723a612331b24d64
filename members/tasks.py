from django_tasks import task

from . import badge_pictures


@task()
def draw_badge_pictures(seal_id):
    """Draw and keep a changed seal's pictures before anybody asks for them."""
    return badge_pictures.draw_ahead(seal_id)
