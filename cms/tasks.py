from django_tasks import task

from cms import mail


@task()
def deliver_mail(mail_id):
    """Send one queued mail; a refusal fails the task and leaves the mail queued for a retry."""
    return mail.deliver(mail_id)
