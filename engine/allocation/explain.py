"""The sentences a practice manager reads beside an allocation: one reason per practice, and
warnings for the service. Every figure in them is one the manager can check by hand."""

from collections.abc import Mapping

from .problem import BLEND

BASIS_NAMES = {
    "equal": "equal shares",
    "registered": "registered list",
    "adjusted": "adjusted population",
    "weighted": "weighted population",
    "demand": "declared demand",
}

OPTED_OUT = "Opted out of this service."


def sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def room_sessions(count: int) -> str:
    if count == 0:
        return "no free room-sessions"
    return f"{count} free room-session" if count == 1 else f"{count} free room-sessions"


def blend_name(weights: Mapping[str, float]) -> str:
    total = sum(weights.values())
    parts = [
        f"{weight / total:.0%} {BASIS_NAMES[basis]}"
        for basis, weight in sorted(weights.items(), key=lambda item: (-item[1], item[0]))
        if weight > 0
    ]
    return ", ".join(parts)


def fair_share_clause(*, basis, weights, value, share, available, fair, practices_in) -> str:
    """'Weighted population 24,310 is 21.3% of the opted-in practices' total; 21.3% of
    24 sessions is 5.11' — where the practice's fair share comes from."""
    percent = f"{share:.1%}"
    if basis == "equal":
        lead = f"An equal share between {practices_in} opted-in practices is {percent}"
    elif basis == BLEND:
        lead = f"The blended share ({blend_name(weights)}) is {percent}"
    elif basis == "demand":
        lead = (
            f"Declared demand of {value:g} sessions a week is {percent} of the opted-in "
            "practices' total"
        )
    else:
        lead = f"{BASIS_NAMES[basis].capitalize()} {value:,.0f} is {percent} of the opted-in practices' total"
    return f"{lead}; {percent} of {sessions(available)} is {fair:.2f}"


def as_fair_share(clause: str, allocated: int) -> str:
    return f"{clause}, rounded fairly to {allocated}."


def by_rounding(clause: str, allocated: int, rounded: int, available: int) -> str:
    return (
        f"{clause}, which alone would round to {rounded}; rounding every practice's share "
        f"fairly so they add up to {available} gives {allocated}."
    )


def _passed_on(fair: float, allocated: int, unplaced: int, to_whom: str) -> str:
    if unplaced:
        return (
            f"of the other {fair - allocated:.1f}, {to_whom} took what they could and the rest "
            "is unplaced"
        )
    return f"the other {fair - allocated:.1f} went to {to_whom}"


def held_by_rooms(*, allocated, rooms, fair, unplaced) -> str:
    return (
        f"Held at {allocated} because the practice has {room_sessions(rooms)} a week left for this "
        f"service; its fair "
        f"share is {fair:.2f} and {_passed_on(fair, allocated, unplaced, 'practices with room')}."
    )


def held_by_cap(*, allocated, cap, fair, unplaced) -> str:
    return (
        f"Held at {allocated} by the cap of {sessions(cap)} a practice; its fair share is "
        f"{fair:.2f} and {_passed_on(fair, allocated, unplaced, 'practices below the cap')}."
    )


def raised_to_floor(*, allocated, floor, fair) -> str:
    return (
        f"Raised to {allocated} by the floor of {sessions(floor)} every opted-in practice "
        f"gets; its fair share alone is {fair:.2f}."
    )


def limits_name(limits: set[str]) -> str:
    names = {
        "rooms": "their free rooms",
        "cap": "the cap",
        "reach": "the practices the staff can reach in a week",
    }
    order = ("rooms", "cap", "reach")
    return " or ".join(names[limit] for limit in order if limit in limits) or "their limits"


def redistributed(clause: str, *, allocated, gained: bool, limits: set[str], floor) -> str:
    if gained:
        why = f"including sessions other practices could not take because of {limits_name(limits)}"
    else:
        why = f"as sessions went to bring other practices up to the floor of {sessions(floor or 0)}"
    return f"{clause}; it gets {allocated}, {why}."


def not_reached(clause: str, *, reach: int, fair: float) -> str:
    return (
        f"{clause}, but it gets none: the staff who deliver this service can work at no more "
        f"than {_practices(reach)} a week between them, and the sessions go to the "
        f"{_practices(reach)} the same rule ranks first. The fair-share ledger counts its "
        f"{fair:.2f} as owed."
    )


# --- warnings for the whole service ---------------------------------------------------------


def floors_ignored(*, floor, practices, needed, available) -> str:
    return (
        f"The floor of {sessions(floor)} for each of {practices} opted-in practices needs "
        f"{sessions(needed)}, but only {available} are available, so no floor was applied."
    )


def floor_above_rooms(*, ods_code, floor, rooms) -> str:
    return (
        f"{ods_code} cannot reach the floor of {sessions(floor)}: it has only "
        f"{room_sessions(rooms)} a week, so it is held at {rooms}."
    )


def _practices(count: int) -> str:
    return "1 practice" if count == 1 else f"{count} practices"


def unplaced(*, count, available, by_rooms, by_cap, cap) -> str:
    reasons = []
    if by_rooms:
        reasons.append(f"{_practices(by_rooms)} by free rooms")
    if by_cap:
        reasons.append(f"{_practices(by_cap)} by the cap of {sessions(cap)} a practice")
    return (
        f"{count} of {available} sessions could not be placed: every opted-in practice is at "
        f"its limit ({'; '.join(reasons)}). Add rooms, raise the cap or opt more practices in."
    )


def beyond_reach(*, service, reach, opted_in, unreached, fair) -> str:
    them = ", ".join(unreached)
    return (
        f"The staff who deliver {service} can work at no more than {_practices(reach)} a week "
        f"between them (each person's practices-a-week limit in the rota, added up), but "
        f"{opted_in} practices take part. No rota could give every one its sessions, so they go "
        f"to the {_practices(reach)} the same fair rule ranks first, and {them} "
        f"{'gets' if len(unreached) == 1 else 'get'} none: {fair:.2f} sessions a week of fair "
        "share, which the fair-share ledger counts as owed. Staff who can work at more "
        "practices, or more staff for this service, would let it reach them."
    )


def floors_beyond_reach(*, floor, practices, reach) -> str:
    return (
        f"The floor of {sessions(floor or 0)} for each of {practices} opted-in practices cannot "
        f"be held: the staff can work at no more than {_practices(reach)} a week between them, "
        "so no floor was applied."
    )
