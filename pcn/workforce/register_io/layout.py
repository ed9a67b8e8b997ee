"""The register's file layout: its columns, a person written as a row, and a row read back.

Export writes each person with `row_of`; import reads a row with `RowReader.read`, which gives
the same text for the same values, so an exported file read back changes nothing.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch

from pcn.networks.models import DAYS as DAY_NAMES
from pcn.reference.models import ArrsRole

from ..models import WTE_RANGE, Employer, Funding, PayArea, StaffMember, Team, WorkingSession

COLUMNS = [
    "id",
    "full_name",
    "email",
    "phone",
    "role",
    "nhs_role",
    "band",
    "wte",
    "start_date",
    "end_date",
    "employer",
    "employer_practice",
    "employer_name",
    "funding",
    "additionality_confirmed",
    "pay_area",
    "cct_date",
    "recent_network_employment_end",
    "moved_to_senior_nursing_role",
    "home_base",
    "line_manager",
    "supervisor",
    "external_supervisor",
    "teams",
    "usual_week",
    "services",
]
REQUIRED = ["id", "full_name", "role", "wte"]  # any other column may be left out of a file
NETWORK_TEAM = "network team"
HUB = "hub"
DAYS = [day[:3] for day in DAY_NAMES]  # Mon, Tue, ... Sat
SATURDAY = 5
# A session as the file writes it after its day: "Tue EVE", "Sat AM" (Saturday morning, stored
# as SAT_AM), and back.
WRITTEN = {"SAT_AM": "AM", "SAT_PM": "PM"}
SEPARATOR = ";"
TEXT_LIMITS = {  # column: (model field, max length)
    "full_name": ("full_name", 200),
    "email": ("email", 254),
    "phone": ("phone", 40),
    "nhs_role": ("nhs_role", 200),
    "band": ("band", 20),
    "employer_name": ("employer_name", 200),
    "external_supervisor": ("external_supervisor", 200),
    "services": ("services", 400),
}
TEAM_NAME_LIMIT = 120
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def fetch_register(network):
    """Everyone in the network's register with what a row needs, in four queries."""
    return list(
        StaffMember.objects.filter(network=network)
        .select_related("home_practice", "employer_practice")
        .prefetch_related(
            Prefetch("teams", queryset=Team.objects.order_by("name")),
            Prefetch("usual_week", queryset=WorkingSession.objects.select_related("practice")),
        )
        .order_by("full_name", "pk")
    )


def wte_text(value):
    """0.60 -> "0.6", 1.00 -> "1": the shortest text for the stored value."""
    value = Decimal(value).quantize(Decimal("0.01"))
    return format(value.normalize(), "f") if value else "0"


def teams_text(names):
    return f"{SEPARATOR} ".join(sorted(names, key=lambda name: (name.casefold(), name)))


def week_text(slots):
    """slots: [(weekday, session, ODS code or None)] -> "Mon AM N82033; Tue PM hub"."""
    return f"{SEPARATOR} ".join(
        f"{DAYS[day]} {WRITTEN.get(session, session)} {ods or HUB}"
        for day, session, ods in sorted(slots)
    )


def row_of(person):
    """One person as the register's row: {column: text}."""
    if person.home_practice_id is not None:
        home_base = person.home_practice.ods_code
    else:
        home_base = NETWORK_TEAM if person.home_is_network_team else ""
    return {
        "id": str(person.pk),
        "full_name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "role": person.role_code,
        "nhs_role": person.nhs_role,
        "band": person.band,
        "wte": wte_text(person.wte),
        "start_date": person.start_date.isoformat() if person.start_date else "",
        "end_date": person.end_date.isoformat() if person.end_date else "",
        "employer": person.employer,
        "employer_practice": person.employer_practice.ods_code
        if person.employer_practice_id
        else "",
        "employer_name": person.employer_name,
        "funding": person.funding,
        "additionality_confirmed": "yes" if person.additionality_confirmed else "no",
        "pay_area": person.pay_area,
        "cct_date": person.cct_date.isoformat() if person.cct_date else "",
        "recent_network_employment_end": person.recent_network_employment_end.isoformat()
        if person.recent_network_employment_end
        else "",
        "moved_to_senior_nursing_role": "yes" if person.moved_to_senior_nursing_role else "no",
        "home_base": home_base,
        "line_manager": str(person.line_manager_id or ""),
        "supervisor": str(person.supervisor_id or ""),
        "external_supervisor": person.external_supervisor,
        "teams": teams_text(team.name for team in person.teams.all()),
        "usual_week": week_text(
            (slot.weekday, slot.session, slot.practice.ods_code if slot.practice else None)
            for slot in person.usual_week.all()
        ),
        "services": person.services,
    }


class Bad(Exception):
    """One cell's problem, said for the person fixing the file."""


class RowReader:
    """Reads rows against one network: its practices, teams, register and the role catalogue."""

    def __init__(self, network, people):
        self.network = network
        self.people = people  # {id: StaffMember} of this network
        self.practices = {p.ods_code.upper(): p for p in network.practices.all()}
        self.teams = {team_key(t.name): t for t in Team.objects.filter(network=network)}
        self.roles = set(ArrsRole.objects.values_list("code", flat=True))

    def read(self, cells, person):
        """cells: {column: text} of the columns in the file (not id); person: whose row, or None.

        Returns (texts, values, problems): the canonical text and the value of each column
        read, and [(column, problem)].
        """
        texts, values, problems = {}, {}, []
        for column, cell in cells.items():
            try:
                value, text = self._cell(column, cell.strip(), person)
            except Bad as problem:
                problems.append((column, str(problem)))
            else:
                texts[column], values[column] = text, value
        problems += self._dates(cells, values, person)
        return texts, values, problems

    @staticmethod
    def _dates(cells, values, person):
        """An end before the start, either date from the file or, if left out, the register."""
        if any(name in cells and name not in values for name in ("start_date", "end_date")):
            return []  # a date that can't be read is reported already
        start, end = (
            values[name] if name in cells else getattr(person, name, None)
            for name in ("start_date", "end_date")
        )
        if not (start and end and end < start):
            return []
        if "end_date" in cells:
            return [("end_date", f"{end.isoformat()} is before the start date {start.isoformat()}")]
        return [("start_date", f"{start.isoformat()} is after the end date {end.isoformat()}")]

    def new_teams(self, names):
        return [name for name in names if team_key(name) not in self.teams]

    def _cell(self, column, cell, person):
        read = getattr(self, f"_{column}", None)
        if read is None:  # a plain text column
            return self._text(column, cell)
        return read(cell, person)

    @staticmethod
    def _text(column, cell):
        limit = TEXT_LIMITS[column][1]
        if len(cell) > limit:
            raise Bad(f"too long: {len(cell)} characters, at most {limit}")
        return cell, cell

    def _full_name(self, cell, person):
        if not cell and (person is None or person.full_name):
            raise Bad("a name is required")
        return self._text("full_name", cell)

    def _email(self, cell, person):
        if cell:
            try:
                validate_email(cell)
            except ValidationError:
                raise Bad(f"{cell!r} is not an email address") from None
        return self._text("email", cell)

    def _role(self, cell, person):
        code = cell.lower()
        if code and code not in self.roles:
            raise Bad(
                f"{cell!r} is not a role code in the ARRS role catalogue "
                "(codes look like clinical-pharmacist)"
            )
        return code, code

    def _wte(self, cell, person):
        if not cell:
            raise Bad("required: a number from 0.01 to 1.5")
        try:
            wte = Decimal(cell)
        except InvalidOperation:
            raise Bad(f"{cell!r} is not a number") from None
        if not wte.is_finite() or not (WTE_RANGE[0] <= wte <= WTE_RANGE[1]):
            raise Bad(f"{cell} is outside 0.01–1.5")
        if wte != wte.quantize(Decimal("0.01")):
            raise Bad(f"{cell} has more than 2 decimal places")
        return wte, wte_text(wte)

    @staticmethod
    def _date(cell):
        if not cell:
            return None, ""
        try:
            if not ISO_DATE.fullmatch(cell):
                raise ValueError
            value = date.fromisoformat(cell)
        except ValueError:
            raise Bad(f"{cell!r} is not a date written yyyy-mm-dd") from None
        return value, value.isoformat()

    def _start_date(self, cell, person):
        return self._date(cell)

    def _end_date(self, cell, person):
        return self._date(cell)

    @staticmethod
    def _choice(cell, choices):
        value = cell.lower()
        if value not in choices.values:
            raise Bad(f"{cell!r} is not one of {'|'.join(choices.values)}")
        return value, value

    def _employer(self, cell, person):
        return self._choice(cell, Employer)

    def _funding(self, cell, person):
        return self._choice(cell, Funding)

    @staticmethod
    def _yes_no(cell):
        value = cell.lower()
        if value not in ("yes", "no"):
            raise Bad(f"{cell!r} is not yes or no")
        return value == "yes", value

    def _additionality_confirmed(self, cell, person):
        return self._yes_no(cell)

    def _moved_to_senior_nursing_role(self, cell, person):
        """Blank: no (most people never were a nurse here)."""
        return self._yes_no(cell or "no")

    def _pay_area(self, cell, person):
        """Blank: the network's own pay area."""
        if not cell:
            return "", ""
        return self._choice(cell, PayArea)

    def _cct_date(self, cell, person):
        return self._date(cell)

    def _recent_network_employment_end(self, cell, person):
        return self._date(cell)

    def _practice(self, ods):
        practice = self.practices.get(ods.upper())
        if practice is None:
            raise Bad(f"{ods} is not a member practice of this network")
        return practice

    def _employer_practice(self, cell, person):
        if not cell:
            return None, ""
        practice = self._practice(cell)
        return practice, practice.ods_code

    def _home_base(self, cell, person):
        """(home practice, based with the network team)"""
        if not cell:
            return (None, False), ""
        if " ".join(cell.split()).casefold() == NETWORK_TEAM:
            return (None, True), NETWORK_TEAM
        practice = self._practice(cell)
        return (practice, False), practice.ods_code

    def _someone(self, cell, person, own):
        if not cell:
            return None, ""
        try:
            pk = int(cell)
        except ValueError:
            raise Bad(f"{cell!r} is not an id from the register's id column") from None
        if pk not in self.people:
            raise Bad(f"no person with id {pk} in this network's register")
        if person is not None and pk == person.pk:
            raise Bad(f"a person can't be their own {own}")
        return pk, str(pk)

    def _line_manager(self, cell, person):
        return self._someone(cell, person, "line manager")

    def _supervisor(self, cell, person):
        return self._someone(cell, person, "supervisor")

    def _teams(self, cell, person):
        names = {}
        for part in cell.split(SEPARATOR):
            name = " ".join(part.split())
            if not name:
                continue
            if len(name) > TEAM_NAME_LIMIT:
                raise Bad(f"team name {name[:30]!r}… is longer than {TEAM_NAME_LIMIT} characters")
            team = self.teams.get(team_key(name))
            names.setdefault(team_key(name), team.name if team else name)
        return list(names.values()), teams_text(names.values())

    def _usual_week(self, cell, person):
        """[(weekday, session, practice or None)]"""
        slots = {}
        for part in cell.split(SEPARATOR):
            words = part.split()
            if not words:
                continue
            if len(words) != 3:
                raise Bad(
                    f"{' '.join(words)!r} should be weekday, session and place, like Mon AM "
                    f"N82033 or Tue PM {HUB}"
                )
            day, session, place = words
            weekday = _weekday(day)
            if weekday is None:
                raise Bad(f"{day!r} is not a day (Mon to Sat)")
            session = session.upper()
            allowed = ("AM", "PM") if weekday == SATURDAY else ("AM", "PM", "EVE")
            if session not in allowed:
                raise Bad(
                    f"{session!r} is not a session on {DAY_NAMES[weekday]} ({', '.join(allowed)})"
                )
            practice = None if place.casefold() == HUB else self._practice(place)
            if weekday == SATURDAY:
                session = f"SAT_{session}"
            key = (weekday, session)
            if key in slots:
                raise Bad(f"{DAYS[weekday]} {WRITTEN.get(session, session)} is listed twice")
            slots[key] = practice
        value = [(day, session, practice) for (day, session), practice in sorted(slots.items())]
        text = week_text((d, s, p.ods_code if p else None) for d, s, p in value)
        return value, text


def team_key(name):
    """Team names match whatever their case and spacing."""
    return " ".join(name.split()).casefold()


def _weekday(word):
    word = word.casefold()
    for index, name in enumerate(DAY_NAMES):
        if word in (name.casefold(), name[:3].casefold()):
            return index
    return None
