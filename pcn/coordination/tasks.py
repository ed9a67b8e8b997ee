"""The weekly digest runs as a task in a `manage.py db_worker` process; `manage.py send_digest`
puts it on the queue (see that command for how it is scheduled)."""

from django_tasks import task

from . import digest


@task()
def send_weekly_digests(pcn_code=None):
    """Returns {pcn code: emails sent}."""
    return digest.send_all(pcn_code)
