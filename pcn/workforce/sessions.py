"""How many sessions a week one WTE is, by role: the one place the product turns WTE into sessions.

A session is a half-day. For a GP, 1.0 WTE is 9 sessions a week: FACTS.md §1.4, "GP in ARRS
... full-time = 9 sessions" and "Pro-rata by WTE ... GP 1.0 = 9 sessions" [S34]. For every other
role, 1.0 WTE is 10 sessions: FACTS §1.4 and §2.4 give NHS Digital's FTE 1.0 = 37.5 hours a week
[S37], which we read as ten half-day sessions of 3¾ hours each. FACTS does not state that
reading in sessions; it is ours.
"""

from decimal import ROUND_HALF_UP, Decimal

# An evening of enhanced access (18:30–20:00) is 1½ hours: 0.4 of a 3¾-hour session. Saturday's
# morning and afternoon (4 hours each) count as a session each.
EVENING_SESSION = Decimal("0.4")
FULL_TIME_SESSIONS = Decimal(10)  # 37.5 h a week = 10 sessions of 3¾ h (our reading of [S37])
SESSIONS_BY_ROLE = {
    "gp": Decimal(9),  # FACTS §1.4: a full-time GP in ARRS works 9 sessions [S34]
}


def sessions_per_wte(role_code) -> Decimal:
    """Sessions a week that 1.0 WTE is for this role: 9 for a GP, 10 for every other role."""
    return SESSIONS_BY_ROLE.get(role_code or "", FULL_TIME_SESSIONS)


def expected_sessions(person) -> Decimal:
    """Sessions a week the person's WTE is (WTE × their role's sessions per WTE), unrounded."""
    return Decimal(person.wte or 0) * sessions_per_wte(person.role_code)


def whole_sessions(person) -> int:
    """Their expected sessions rounded half up to a whole number, as a usual week counts them."""
    return int(expected_sessions(person).quantize(Decimal(1), ROUND_HALF_UP))


def usual_sessions(week) -> Decimal:
    """How many sessions a usual week of (weekday, session) keys is: an evening counts 0.4."""
    return sum((EVENING_SESSION if session == "EVE" else Decimal(1) for _, session in week),
               Decimal(0))  # fmt: skip


def week_against_wte(person, usual_sessions):
    """A sentence on how the person's usual week compares with their WTE, or "" if it matches or
    is not recorded. `usual_sessions` is how many sessions their usual week has."""
    if not usual_sessions:
        return ""
    expected = whole_sessions(person)
    if usual_sessions == expected:
        return ""
    difference = abs(usual_sessions - expected)
    more_or_fewer = "more" if usual_sessions > expected else "fewer"
    return (
        f"Their usual week has {_count(usual_sessions)}: "
        f"{_number(difference)} {more_or_fewer} than their WTE."
    )


def wte_in_sessions(person) -> str:
    """E.g. "1.0 WTE = 9 sessions a week (a full-time GP works 9, FACTS)"."""
    wte = Decimal(person.wte or 0).normalize()
    wte_text = f"{wte:.1f}" if wte == wte.quantize(Decimal("0.1")) else f"{wte}"
    expected = expected_sessions(person).normalize()
    expected_text = f"{expected:f}" if expected != expected.to_integral() else f"{int(expected)}"
    sentence = f"{wte_text} WTE = {expected_text} session{'' if expected == 1 else 's'} a week"
    if person.role_code == "gp":
        sentence += " (a full-time GP works 9, FACTS)"
    return sentence


def _number(value) -> str:
    value = Decimal(value).normalize()
    return f"{value:f}" if value != value.to_integral() else f"{int(value)}"


def _count(sessions):
    return f"{_number(sessions)} session{'' if sessions == 1 else 's'}"
