"""The home page's sections, role by role, for someone who holds several roles."""

from dataclasses import dataclass

from pcn.core.models import Role
from pcn.core.roles import roles_in

from . import clinical_director, pcn_manager, practice_manager
from .common import today as today_


@dataclass
class Home:
    pcn_manager: object = None  # ManagerHome
    clinical_director: object = None  # DirectorHome
    practices: tuple = ()  # PracticeHome, one for each practice managed
    staff: bool = False  # also in the register: My work is theirs too
    observer: bool = False


def home(user, network, *, in_register=False, today=None):
    today = today or today_()
    held = roles_in(user, network.pk)
    roles = {role for role, _ in held}
    managed = sorted(practice for role, practice in held if role == Role.PRACTICE_MANAGER)
    return Home(
        pcn_manager=(pcn_manager.home(user, network, today) if Role.PCN_MANAGER in roles else None),
        clinical_director=(
            clinical_director.home(user, network, today)
            if Role.CLINICAL_DIRECTOR in roles
            else None
        ),
        practices=tuple(
            practice_manager.home(user, network, practice, today)
            for practice in network.practices.filter(pk__in=managed).order_by("name")
        ),
        staff=in_register,
        observer=Role.OBSERVER in roles,
    )


def landing(user, network):
    """Where someone lands after signing in: their home if they have one, else My work (staff
    in the register), else the network's overview (observers)."""
    if user.has_perm("home.view_home", network):
        return "home:home"
    if user.has_perm("workforce.view_my_work", network):
        return "home:my_work"
    return "home:overview"
