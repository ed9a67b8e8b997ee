"""The demo register: the network's real NHS workforce records with fictional people around them.

Deterministic for a PCN code, so tests and screenshots see the same world every time.
"""

import random
from datetime import time, timedelta

from pcn.networks.models import WEEKDAYS, Session

from .actions import staff
from .actions.nhs_import import draft_register_from_nhs
from .models import Employer, Leave, LeaverReason, PulseResponse, SupervisionSession, WorkingSession
from .pulse import last_months
from .sessions import expected_sessions

COMMENTS = [
    "Travelling between three sites in a day is wearing me down.",
    "The Wednesday team meeting really helps.",
    "I'm not sure what the practices expect of me.",
    "Supervision has been regular this month, thank you.",
    "I'd like a desk I can call mine.",
    "Feel part of the medicines team now.",
]
FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Farah",
    "George",
    "Hannah",
    "Imran",
    "Jade",
    "Kofi",
    "Laura",
    "Mo",
    "Nina",
    "Oliver",
    "Pooja",
    "Quinn",
    "Rosa",
    "Sanjay",
    "Tess",
    "Usman",
    "Vicky",
    "Will",
    "Yasmin",
    "Zak",
    "Anna",
    "Callum",
    "Daisy",
    "Ethan",
    "Grace",
    "Harvey",
    "Isla",
]
SURNAMES = [
    "Adams",
    "Begum",
    "Carter",
    "Douglas",
    "Evans",
    "Fraser",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kaur",
    "Lloyd",
    "Mensah",
    "Nolan",
    "Owen",
    "Parry",
    "Quigley",
    "Rahman",
    "Singh",
    "Taylor",
    "Umar",
    "Vaughan",
    "Walker",
    "Young",
    "Ahmed",
    "Brennan",
    "Clarke",
    "Doyle",
    "Ellis",
    "Foster",
]
TEAM_OF_ROLE = {
    "clinical-pharmacist": "Medicines team",
    "pharmacy-technician": "Medicines team",
    "social-prescribing-link-worker": "Personalised care team",
    "health-and-wellbeing-coach": "Personalised care team",
    "care-coordinator": "Personalised care team",
}
DEFAULT_TEAM = "Clinical team"
SLOTS = [(day, session) for day in range(len(WEEKDAYS)) for session in Session.values]


def build(network, *, manager, today, staff_user=None):
    """Fill the network's register from the NHS file and give it a year of history."""
    rng = random.Random(network.pcn_code)
    drafted = draft_register_from_nhs(network=network, by=manager)
    people = list(network.staff.order_by("pk"))
    practices = list(network.practices.all())
    # The demo's lead practice is its first, which employs most of the network's staff.
    practices[0].is_lead_practice = True
    practices[0].save(update_fields=["is_lead_practice"])
    employers = _employers(people, practices, rng)
    teams = {
        name: staff.add_team(
            network=network,
            name=name,
            by=manager,
            meets_weekday=2,
            meets_at=time(13, 30),
            meets_every="weekly",
        )
        for name in ("Medicines team", "Personalised care team", "Clinical team")
    }
    leads = {}
    taken = set()
    for index, person in enumerate(people):
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        while f"{first} {last}" in taken:  # two people of one name confuse every list
            last = SURNAMES[(SURNAMES.index(last) + 1) % len(SURNAMES)]
        taken.add(f"{first} {last}")
        is_me = staff_user is not None and index == _first_pharmacist(people)
        name = staff_user.full_name if is_me else f"{first} {last}"
        home = rng.random()
        home_practice = practices[index % len(practices)] if home < 0.6 else None
        team_name = TEAM_OF_ROLE.get(person.role_code, DEFAULT_TEAM)
        in_team = rng.random() < 0.8 or is_me
        lead = leads.get(team_name)
        fields = {
            "full_name": name,
            "email": staff_user.email
            if is_me
            else f"{first}.{last}.{index}@example.nhs.uk".lower(),
            "start_date": today - timedelta(days=rng.randint(60, 5 * 365)),
            **employers[person.pk],
            "additionality_confirmed": person.role_code != "",
            "home_practice": home_practice,
            "home_is_network_team": home_practice is None and home < 0.85,
            "supervisor": lead if lead and rng.random() < 0.85 else None,
            # A team's lead is supervised by a GP; a few others have nobody at all.
            "external_supervisor": f"Dr {rng.choice(SURNAMES)}, GP clinical supervisor"
            if lead is None and in_team
            else "",
            "line_manager": lead,
            "user": staff_user if is_me else None,
        }
        person = staff.update(
            person=person,
            version=person.version,
            by=manager,
            teams=[teams[team_name]] if in_team else [],
            **fields,
        )
        if in_team and lead is None:
            leads[team_name] = person
        _usual_week(person, practices, rng)
        _history(person, manager, rng, today)
    _leavers(people, manager, rng, today)
    return drafted


def _employers(people, practices, rng):
    """{pk: employer fields}: most staff with the lead practice, some with a member practice
    (always the first clinical pharmacist, at a practice that is not the lead) or the network's
    own employing body, and one clinician sub-contracted from the local GP federation, which
    invoices for them."""
    found = {}
    for person in people:
        draw = rng.random()
        if draw < 0.6:
            found[person.pk] = {"employer": Employer.LEAD_PRACTICE}
        elif draw < 0.9:
            found[person.pk] = {
                "employer": Employer.MEMBER_PRACTICE,
                "employer_practice": rng.choice(practices),
            }
        else:
            found[person.pk] = {"employer": Employer.NETWORK_BODY}
    pharmacist = next((p for p in people if p.role_code == "clinical-pharmacist"), None)
    if pharmacist and len(practices) > 1:
        found[pharmacist.pk] = {
            "employer": Employer.MEMBER_PRACTICE,
            "employer_practice": practices[1],
        }
    invoiced = next(
        (
            p
            for p in people
            if p.role_code
            in (
                "first-contact-physiotherapist",
                "physician-associate",
                "paramedic",
                "advanced-practitioner",
            )
        ),
        None,
    )
    if invoiced:
        found[invoiced.pk] = {
            "employer": Employer.FEDERATION,
            "employer_name": "Local GP Federation (demo)",
        }
    return found


def _first_pharmacist(people):
    return next((i for i, p in enumerate(people) if p.role_code == "clinical-pharmacist"), 0)


def _usual_week(person, practices, rng):
    """Sessions from WTE (10 a week at 1.0, a GP 9); most at the home base, some spread thin."""
    count = max(1, min(len(SLOTS), round(float(expected_sessions(person)))))
    slots = sorted(rng.sample(SLOTS, count))
    spread = rng.random()
    sites = [person.home_practice] if person.home_practice else [None]
    if spread > 0.7:
        sites += rng.sample(practices, min(len(practices), 3))  # the split week we want to avoid
    elif spread > 0.4:
        sites += [rng.choice(practices)]
    WorkingSession.objects.bulk_create(
        WorkingSession(staff=person, weekday=d, session=s, practice=sites[i % len(sites)])
        for i, (d, s) in enumerate(slots)
    )


def _history(person, manager, rng, today):
    # Supervision roughly monthly, stopping early for some: they are now overdue.
    stops = rng.choice([0, 0, 0, 1, 3])
    if not (person.supervisor_id or person.external_supervisor):
        stops = 7  # nobody supervises them
    for months_ago in range(stops, 7):
        on = today - timedelta(days=30 * months_ago + rng.randint(0, 10))
        if on < person.start_date:
            continue
        SupervisionSession.objects.create(
            staff=person,
            supervisor=person.supervisor,
            supervisor_name=person.external_supervisor,
            date=on,
            kind=SupervisionSession.Kind.CLINICAL,
            note="Caseload and learning goals reviewed.",
        )
    if rng.random() < 0.3:
        start = today + timedelta(days=rng.randint(7, 60))
        Leave.objects.create(
            staff=person,
            kind=Leave.Kind.ANNUAL,
            start=start,
            end=start + timedelta(days=4),
            status=rng.choice([Leave.Status.APPROVED, Leave.Status.REQUESTED]),
        )
    belonging = (
        1 + person.has_home_base + (person.teams.exists()) + (person.supervisor_id is not None)
    )
    for month in last_months(6, today):
        if rng.random() < 0.75:
            if month < person.start_date.replace(day=1):
                continue
            score = lambda: max(1, min(5, belonging + rng.choice([-1, 0, 0, 1])))  # noqa: E731
            PulseResponse.objects.create(
                staff=person,
                month=month,
                belong=score(),
                support=score(),
                clarity=score(),
                comment=rng.choice(COMMENTS) if rng.random() < 0.2 else "",
            )


def _leavers(people, manager, rng, today):
    """A year of leavers, with reasons weighted towards isolation for those with no home base."""
    for person in people:
        person.refresh_from_db()
        if person.user_id or rng.random() > 0.12:
            continue
        isolated = not person.has_home_base
        reason = rng.choice(
            [LeaverReason.ISOLATION, LeaverReason.TRAVEL]
            if isolated
            else [LeaverReason.CAREER, LeaverReason.PERSONAL, LeaverReason.WORKLOAD]
        )
        staff.record_leaver(
            person=person,
            version=person.version,
            by=manager,
            end_date=_leaving_day(person, rng, today),
            reason=reason,
        )
        # Their history stops when they leave.
        person.supervision.filter(date__gt=person.end_date).delete()
        person.pulse.filter(month__gt=person.end_date).delete()
        person.leave.filter(start__gt=person.end_date).delete()


def _leaving_day(person, rng, today):
    """Some day in the last year, at least a month after they started."""
    earliest = max(person.start_date + timedelta(days=30), today - timedelta(days=330))
    return earliest + timedelta(days=rng.randint(0, (today - earliest).days - 10))
