"""Each team member working in their team's weekly session who is not with the rest of the team.

The team session is `team.meets` when the team has fixed one; otherwise it is whichever of the
sessions most members work (in that week) brings most of them together. Where the team gathers
is not fixed either: it is the site (the hub included) where most members are in that session,
ties going to the site that sorts first. So each week the penalty is the members working the
team session less those at the team's best site, and a member who does not work it is not
counted. build() writes exactly that as a maximum over sites and candidate sessions, so the
solver needs no variable for the chosen site.

Members are the team's `members` and anyone who lists the team in `teams`; ids that are not
people in this rota (someone who has left, say) are ignored.
"""

from collections import Counter

from .. import horizon
from ..findings import Penalty, penalty
from ..placed import placements
from ..problem import DEFAULT_WEIGHTS, Problem, Team

NAME = "team_apart"
TITLE = "Team apart"
WHY = "A team that never meets in one place stops being a team."
KIND = "soft"
DEFAULT_WEIGHT = DEFAULT_WEIGHTS[NAME]


def members(problem: Problem, team: Team) -> list[str]:
    listed = set(team.members) | {p.id for p in problem.people if team.id in p.teams}
    return [p.id for p in problem.people if p.id in listed]


def team_sessions(problem: Problem, team: Team, week: int):
    """(candidate sessions, the members working them, how many): the team's fixed session, or
    the sessions of the week most members work. Empty when fewer than two members work it,
    since one person alone is never apart from the team."""
    people = {p.id: p for p in problem.people}
    team_members = members(problem, team)
    if team.meets is not None:
        candidates = [horizon.slot_in_week(problem, week, *team.meets)]
    else:
        candidates = horizon.week_slots(problem, week)
    working = {
        slot: [m for m in team_members if slot in people[m].available] for slot in candidates
    }
    most = max((len(present) for present in working.values()), default=0)
    if most < 2:
        return [], {}, 0
    slots = [slot for slot in candidates if len(working[slot]) == most]
    return slots, {slot: working[slot] for slot in slots}, most


def build(model):
    problem = model.problem
    terms = []
    for team in problem.teams:
        for week in range(problem.weeks):
            slots, working, most = team_sessions(problem, team, week)
            if not slots:
                continue
            together = []
            for slot in slots:
                sites = sorted({s for m in working[slot] for s in model.sites(m, slot)})
                for site in sites:
                    present = [model.at(m, slot, site) for m in working[slot]]
                    together.append(sum(p for p in present if p is not None))
            name = f"{NAME}|{team.id}|{week}"
            best = model.cp.new_int_var(0, most, name)
            model.cp.add_max_equality(best, together)
            terms.append(model.term(name, most - best))
    return terms


def check(problem: Problem, rota) -> list[Penalty]:
    placed = placements(problem, rota)
    penalties = []
    for team in problem.teams:
        for week in range(problem.weeks):
            slots, working, most = team_sessions(problem, team, week)
            best = None  # (members together, slot, site)
            for slot in slots:
                at = Counter(placed[m, slot].site for m in working[slot] if (m, slot) in placed)
                for site in sorted(at):
                    if best is None or at[site] > best[0]:
                        best = (at[site], slot, site)
            if best is None:
                if not slots:
                    continue
                best = (0, slots[0], None)
            together, slot, site = best
            if together == most:
                continue
            apart = [
                m for m in working[slot]
                if (m, slot) not in placed or placed[m, slot].site != site
            ]  # fmt: skip
            session = "their team session" if team.meets else "the session most of them work"
            penalties.append(
                penalty(
                    problem,
                    NAME,
                    most - together,
                    f"{horizon.plural(len(apart), 'member')} of {team.name} working on "
                    f"{horizon.slot_label(slot)} ({session}) "
                    f"{'is' if len(apart) == 1 else 'are'} not with the team at "
                    f"{horizon.site_name(problem, site) if site else 'any site'}: "
                    f"{horizon.names(horizon.person_name(problem, m) for m in apart)}.",
                    who=tuple(apart),
                    where=site,
                    when=horizon.slot_stamp(slot),
                )
            )
    return penalties
