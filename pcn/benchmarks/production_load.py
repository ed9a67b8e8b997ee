"""People using the production setup at once: locust's users, run as a library, each signing in
and working through the pages a network uses most, against gunicorn on PostgreSQL.

Run by `manage.py benchmark_production_load` in a process of its own
(`python -m pcn.benchmarks.production_load PLAN.json RESULT.json`), since locust patches the
standard library for gevent as it is imported, which a running Django process does not survive;
the command imports only `Plan` from here. Imports no Django.
"""

import json
import re
import sys
from dataclasses import asdict, dataclass, field
from itertools import count

PAGES = [
    "Sign in",
    "Network overview",
    "Staff register",
    "Rota week",
    "Money forecast",
    "Request page",
    "Answer a request",
]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANSWER_FORM = re.compile(
    r'name="practice" value="(\d+)"[^>]*>\s*<input type="hidden" name="version" value="(\d+)"'
)


@dataclass
class Plan:
    """What the users need to know of the demo network, found by the command."""

    host: str
    pcn_code: str
    password: str
    leaders: list  # emails of the PCN manager and clinical director
    practice_managers: list  # [(email, practice pk)]
    rota_path: str  # a published plan's first week
    request_path: str  # an open request sent to every practice
    think: tuple = (0.5, 2.0)  # seconds between one page and the next, like a person


@dataclass
class Tally:
    """Writes the server acknowledged (a redirect after the answer), and answers it refused as
    stale (another user of the same practice answered first): both are correct outcomes."""

    answers_acknowledged: int = 0
    answers_refused_as_stale: int = 0
    sign_ins: int = 0
    problems: list = field(default_factory=list)


def run(plan, *, users, seconds):
    """Runs `users` people for `seconds`; returns (locust stats, Tally)."""
    # Here, not at the top: importing locust patches the standard library for gevent, which
    # the management command (importing Plan) must not undergo.
    import gevent
    from locust import HttpUser, between, events, task
    from locust.env import Environment

    tally = Tally()
    numbers = count()

    class Member(HttpUser):
        host = plan.host
        wait_time = between(*plan.think)

        def on_start(self):
            number = next(numbers)
            # Every other person leads the network; the rest manage a practice each.
            if number % 2 == 0 or not plan.practice_managers:
                self.email, self.practice = plan.leaders[(number // 2) % len(plan.leaders)], None
            else:
                self.email, self.practice = plan.practice_managers[
                    (number // 2) % len(plan.practice_managers)
                ]
            # The load stands in for the TLS proxy in front of gunicorn: it says the request
            # came over HTTPS (SECURE_PROXY_SSL_HEADER) and keeps the Secure cookies.
            self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": _origin(plan.host)})
            self.sign_in()

        def _keep_cookies(self):
            for cookie in self.client.cookies:
                cookie.secure = False

        def get(self, path, name):
            with self.client.get(path, name=name, catch_response=True) as response:
                self._keep_cookies()
                if response.status_code != 200:
                    response.failure(f"{response.status_code}")
                elif response.history and "/sign-in/" in response.url:
                    response.failure("sent to sign in: the session was lost")
                return response

        def post(self, path, name, data, referer):
            headers = {"Referer": _origin(plan.host) + referer}
            with self.client.post(
                path,
                data=data,
                name=name,
                headers=headers,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                self._keep_cookies()
                if response.status_code not in (200, 302):
                    response.failure(f"{response.status_code}")
                return response

        def sign_in(self):
            page = self.get("/sign-in/", "Sign-in page")
            token = _token(page.text)
            answer = self.post(
                "/sign-in/",
                "Sign in",
                {"csrfmiddlewaretoken": token, "email": self.email, "password": plan.password},
                "/sign-in/",
            )
            if answer.status_code != 302:
                tally.problems.append(f"{self.email} could not sign in")
                self.stop()
                return
            tally.sign_ins += 1
            # Signing in renews the CSRF cookie; the network is chosen with it.
            self.post(
                f"/networks/{plan.pcn_code}/choose/",
                "Choose the network",
                {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
                "/",
            )

        def pause(self):
            gevent.sleep(self.wait_time())

        @task
        def work(self):
            self.get("/overview/", "Network overview")
            self.pause()
            if self.practice is None:
                self.get("/staff/", "Staff register")
                self.pause()
            self.get(plan.rota_path, "Rota week")
            self.pause()
            self.get("/money/forecast/", "Money forecast")
            if self.practice is not None:
                self.pause()
                self.answer()

        def answer(self):
            page = self.get(plan.request_path, "Request page")
            found = ANSWER_FORM.search(page.text or "")
            if found is None:
                return
            practice, version = found.groups()
            self.pause()
            response = self.post(
                plan.request_path,
                "Answer a request",
                {
                    "csrfmiddlewaretoken": _token(page.text),
                    "practice": practice,
                    "version": version,
                    "status": "acknowledged" if int(version) % 2 else "done",
                    "note": "",
                },
                plan.request_path,
            )
            if response.status_code == 302:
                tally.answers_acknowledged += 1
            elif response.status_code == 200:
                tally.answers_refused_as_stale += 1

    environment = Environment(user_classes=[Member], events=events)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=max(users / 10, 1))  # everyone signed in within ~10 s
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    return environment.stats, tally


def _origin(host):
    return "https://" + host.split("://", 1)[1]


def _token(text):
    found = CSRF.search(text or "")
    return found.group(1) if found else ""


def figures(stats):
    """{page: (requests, failures, p50 ms, p95 ms)} for each page in PAGES that was asked for."""
    found = {}
    for (name, _method), entry in stats.entries.items():
        if name in PAGES and entry.num_requests:
            found[name] = (
                entry.num_requests,
                entry.num_failures,
                entry.get_response_time_percentile(0.5),
                entry.get_response_time_percentile(0.95),
            )
    return {name: found[name] for name in PAGES if name in found}


def main(plan_file, result_file):
    with open(plan_file) as given:
        asked = json.load(given)
    plan = Plan(**{**asked["plan"], "think": tuple(asked["plan"]["think"])})
    stats, tally = run(plan, users=asked["users"], seconds=asked["seconds"])
    result = {
        "pages": figures(stats),
        "requests": stats.total.num_requests,
        "failures": stats.total.num_failures,
        "per_second": stats.total.total_rps,
        "errors": [
            f"{e.method} {e.name}: {e.error} ({e.occurrences}×)" for e in stats.errors.values()
        ],
        "tally": asdict(tally),
    }
    with open(result_file, "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main(*sys.argv[1:3])
