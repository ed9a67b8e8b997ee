"""Send the weekly digest email to everyone in every network (or one).

Scheduled by cron once a week, for example every Monday at 7am:

    0 7 * * 1  cd /srv/pcn-commons && .venv/bin/python manage.py send_digest

That puts the task on the queue for a `manage.py db_worker` process to send. With `--now` the
command sends the emails itself, for a machine without a worker. Emails go through Django's
email backend: the console (or a file, with EMAIL_FILE_PATH) by default, SMTP when EMAIL_HOST is
set. Links in them point at SITE_URL.
"""

from django.core.management.base import BaseCommand

from pcn.coordination.tasks import send_weekly_digests


class Command(BaseCommand):
    help = "Send (or queue) the weekly digest email for every network, or one with --pcn."

    def add_arguments(self, parser):
        parser.add_argument("--pcn", default=None, help="only this PCN code")
        parser.add_argument(
            "--now", action="store_true", help="send here and now instead of queueing the task"
        )

    def handle(self, pcn, now, **options):
        if now:
            sent = send_weekly_digests.call(pcn)
            total = sum(sent.values())
            self.stdout.write(f"Sent {total} digest email{'s' if total != 1 else ''}.")
            for code, count in sent.items():
                self.stdout.write(f"  {code}: {count}")
            return
        result = send_weekly_digests.enqueue(pcn)
        self.stdout.write(f"Queued the weekly digest as task {result.id}.")
