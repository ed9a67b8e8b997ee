"""The demo network: a real PCN from the shipped NHS files, with fictional people in every role.

Used by `manage.py demo` and by the tests, so both see the same world.
"""

import random
from dataclasses import dataclass, field

from django.db import transaction

from pcn.allocation import demo as allocation_demo
from pcn.allocation.starter_services import STARTER_SERVICES
from pcn.coordination import demo as coordination_demo
from pcn.core import actions as people
from pcn.core.models import IcbMembership, Role, User
from pcn.money import demo as money_demo
from pcn.networks import actions
from pcn.networks.models import WEEKDAYS, AnySession, Network, Session
from pcn.networks.week import SATURDAY
from pcn.purpose import demo as purpose_demo
from pcn.reference.models import PcnRecord
from pcn.workforce import demo as workforce_demo
from pcn.workforce.models import WorkingSession

DEFAULT_PCN = "U35980"  # Central Liverpool PCN: six practices, about 120,000 patients
DEMO_PASSWORD = "commons-demo-2026"
DEMO_DOMAIN = "demo.pcn-commons.local"


@dataclass
class Demo:
    network: Network
    sign_ins: list = field(default_factory=list)  # [(role description, user)]

    def user(self, role):
        return next(u for r, u in self.sign_ins if r.startswith(role))


def _person(slug, full_name):
    return User.objects.create_user(
        email=f"{slug}@{DEMO_DOMAIN}", full_name=full_name, password=DEMO_PASSWORD
    )


def _email_slug(pcn_code, role):
    return f"{role}.{pcn_code.lower()}"


@transaction.atomic
def build(pcn_code=DEFAULT_PCN, *, today):
    """(Re)build the demo network of `pcn_code` as it stands on `today` (the real date unless
    given); returns its users, the PCN manager first."""
    pcn_code = pcn_code.strip().upper()
    if not PcnRecord.objects.filter(code=pcn_code).exists():
        raise people.ActionRefused(
            f"No PCN has the code {pcn_code} in the loaded NHS files. Run `manage.py load_reference` first."
        )
    Network.objects.filter(pcn_code=pcn_code).delete()
    User.objects.filter(email__endswith=f".{pcn_code.lower()}@{DEMO_DOMAIN}").delete()

    manager = _person(_email_slug(pcn_code, "pcn-manager"), "Priya Shah")
    network = actions.set_up(pcn_code=pcn_code, by=manager)
    demo = Demo(network=network, sign_ins=[("PCN manager", manager)])

    director = _person(_email_slug(pcn_code, "clinical-director"), "Dr Tom Okafor")
    people.add_member(network=network, user=director, role=Role.CLINICAL_DIRECTOR, by=manager)
    demo.sign_ins.append(("Clinical director", director))

    practice_manager_names = [
        "Helen Brooks",
        "Marcus Reid",
        "Aisha Khan",
        "Gareth Lewis",
        "Sophie Turner",
        "Daniel Moore",
        "Fiona Walsh",
        "Ravi Patel",
        "Claire Dunn",
        "Owen Price",
    ]
    for index, practice in enumerate(network.practices.all()):
        name = practice_manager_names[index % len(practice_manager_names)]
        person = _person(_email_slug(pcn_code, f"pm-{practice.ods_code.lower()}"), name)
        people.add_member(
            network=network, user=person, role=Role.PRACTICE_MANAGER, practice=practice, by=manager
        )
        demo.sign_ins.append((f"Practice manager of {practice.name}", person))
        actions.set_rooms(
            practice=practice, version=practice.version, grid=_demo_rooms(index), by=person
        )

    staff = _person(_email_slug(pcn_code, "pharmacist"), "Sam Clarke")
    people.add_member(network=network, user=staff, role=Role.STAFF, by=manager)
    demo.sign_ins.append(("Staff member (clinical pharmacist)", staff))

    observer = _person(_email_slug(pcn_code, "icb-observer"), "Jo Bennett")
    people.add_member(network=network, user=observer, role=Role.OBSERVER, by=manager)
    demo.sign_ins.append(("Observer (ICB)", observer))

    if network.icb_code:
        demo.sign_ins.append((f"ICB user ({network.icb_name})", _icb_user(network)))

    workforce_demo.build(network, manager=manager, staff_user=staff, today=today)
    _evenings_and_saturdays(network)

    allocation_demo.build(
        network,
        manager=manager,
        director=director,
        practice_managers={
            m.practice_id: m.user
            for m in network.memberships.filter(role=Role.PRACTICE_MANAGER).select_related("user")
        },
        today=today,
    )
    money_demo.build(network, manager=manager, today=today)
    coordination_demo.build(network, manager=manager, director=director, today=today)
    purpose_demo.build(network, manager=manager, director=director, today=today)
    return demo


def _icb_user(network):
    """The ICB's user: sees every network of the ICB side by side (decision 31). One per ICB,
    kept when a network of it is built again."""
    user, created = User.objects.get_or_create(
        email=f"icb.{network.icb_code.lower()}@{DEMO_DOMAIN}",
        defaults={"full_name": "Morgan Ellis"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    IcbMembership.objects.get_or_create(user=user, icb_code=network.icb_code)
    return user


def _evenings_and_saturdays(network):
    """Those who can deliver enhanced access work two weekday evenings, and half of them a
    Saturday session too, in place of a day session or two (an evening is 0.4 of a session)."""
    roles = {
        code for s in STARTER_SERVICES if s.hours == "enhanced_access" for code in s.role_codes
    }
    rng = random.Random(f"{network.pcn_code} evenings")
    for person in network.staff.filter(role_code__in=roles, is_draft=False).order_by("pk"):
        week = list(person.usual_week.order_by("weekday", "session"))
        if len(week) < 3:
            continue
        added = [(day, AnySession.EVE) for day in sorted(rng.sample(range(len(WEEKDAYS)), 2))]
        if rng.random() < 0.5:
            added.append((SATURDAY, rng.choice([AnySession.SAT_AM, AnySession.SAT_PM])))
        for dropped in week[-(len(added) - 1) :]:
            dropped.delete()
        WorkingSession.objects.bulk_create(
            WorkingSession(staff=person, weekday=day, session=session, practice=week[0].practice)
            for day, session in added
        )


def _demo_rooms(index):
    """A believable pattern of rooms for PCN staff: two or three most sessions, one on some
    afternoons, four at every third practice on Tuesday and Thursday mornings. Enhanced access
    as the network board agreed: Saturdays at the lead practice (the first), and one weekday
    evening at each practice in turn."""
    grid = {(index % len(WEEKDAYS), AnySession.EVE): 3}
    if index == 0:
        grid[(SATURDAY, AnySession.SAT_AM)] = grid[(SATURDAY, AnySession.SAT_PM)] = 4
    for day in range(len(WEEKDAYS)):
        for session in Session.values:
            rooms = 2 + (day + index) % 2
            if session == Session.PM and (day + index) % 4 == 0:
                rooms = 1
            if session == Session.AM and day in (1, 3) and index % 3 == 0:
                rooms = 4
            grid[(day, session)] = rooms
    return grid
