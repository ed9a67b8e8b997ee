"""The staff register."""

from ninja import Router, Schema
from ninja.errors import HttpError

from pcn.workforce import belonging
from pcn.workforce.queries import Filters, register, role_names

from ..common import NO_TOKEN, NOT_ALLOWED, NOT_YOURS, network_for, responses

router = Router(tags=["workforce"])


class StaffOut(Schema):
    id: int
    name: str
    role: str | None  # the ARRS catalogue role's code; null when not in the catalogue
    role_name: str | None
    nhs_role: str  # the NHS workforce file's detailed role, where imported
    wte: float  # a number, like the practices' figures (0.01 to 1.5, two decimal places)
    home_base: str | None  # "N82033 Dingle Park Practice", "network team", or null
    supervisor: str | None
    teams: list[str]
    is_draft: bool
    isolation_reasons: list[str]


class UnmappedOut(Schema):
    id: int
    nhs_role: str
    wte: float
    is_draft: bool


class RegisterOut(Schema):
    staff: list[StaffOut]
    unmapped: list[UnmappedOut]


@router.get(
    "/networks/{pcn_code}/staff",
    response=responses(RegisterOut, NO_TOKEN, NOT_ALLOWED, NOT_YOURS),
)
def staff(request, pcn_code: str):
    """Everyone in post and every draft from the NHS file, with the reasons each person may feel
    isolated (empty when none); `unmapped` lists NHS records whose role is not in the catalogue."""
    network = network_for(request, pcn_code)
    if not request.auth.has_perm("workforce.view_register", network):
        raise HttpError(403, "Only the PCN manager and clinical director can read the register.")
    names = role_names()
    reasons = {p.person.pk: p.reasons for p in belonging.profiles(network, role_names=names)}
    people = register(network, Filters(status="active")) + register(
        network, Filters(status="draft")
    )

    def home(person):
        if person.home_is_network_team:
            return "network team"
        if person.home_practice:
            return f"{person.home_practice.ods_code} {person.home_practice.name}"
        return None

    return {
        "staff": [
            {
                "id": p.pk,
                "name": p.full_name,
                "role": p.role_code or None,
                "role_name": names.get(p.role_code),
                "nhs_role": p.nhs_role,
                "wte": p.wte,
                "home_base": home(p),
                "supervisor": str(p.supervisor)
                if p.supervisor
                else (p.external_supervisor or None),
                "teams": [t.name for t in p.teams.all()],
                "is_draft": p.is_draft,
                "isolation_reasons": reasons.get(p.pk, []),
            }
            for p in people
        ],
        "unmapped": list(
            network.staff.filter(role_code="")
            .exclude(nhs_role="")
            .order_by("nhs_role", "pk")
            .values("id", "nhs_role", "wte", "is_draft")
        ),
    }
