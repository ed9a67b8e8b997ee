"""Agreeing something for the network while some practices have not answered or have objected.

The practices' voice is asked for (an allocation, who does what): the person who agrees for the
network may go ahead without every practice, but only knowingly. The action names the practices
that have not answered or objected, refuses unless the person confirms agreeing without exactly
those practices and gives a reason, and keeps both with the agreement so every page that shows
the agreement says so. When every practice agreed, nothing is asked: it stays one click.
"""

from dataclasses import dataclass

from . import limits
from .refusals import ActionRefused


@dataclass(frozen=True)
class Holdout:
    """A practice whose agreement is missing: it has not answered, or it objected."""

    name: str
    ods_code: str
    objected: bool
    comment: str = ""

    def as_json(self):
        return {
            "name": self.name,
            "ods_code": self.ods_code,
            "objected": self.objected,
            "comment": self.comment,
        }


def holdouts(practices, answers):
    """The practices, in order, that have not agreed. `answers`: practice id -> (agrees,
    comment) for the practices that answered."""
    found = []
    for practice in practices:
        answer = answers.get(practice.pk)
        if answer is None:
            found.append(Holdout(practice.name, practice.ods_code, objected=False))
        elif not answer[0]:
            found.append(Holdout(practice.name, practice.ods_code, True, answer[1] or ""))
    return found


def from_json(rows):
    return [Holdout(**row) for row in rows or []]


def _names(names):
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _count(n, one):
    return f"{n} {one}" if n == 1 else f"{n} {one}s"


def describe(found):
    """ "3 practices have not answered: A, B and C; 1 objected: D — “reason”"."""
    silent = [h for h in found if not h.objected]
    objected = [h for h in found if h.objected]
    parts = []
    if silent:
        verb = "has" if len(silent) == 1 else "have"
        parts.append(
            f"{_count(len(silent), 'practice')} {verb} not answered: {_names(h.name for h in silent)}"
        )
    if objected:
        named = [f"{h.name} — “{h.comment}”" if h.comment else h.name for h in objected]
        parts.append(f"{len(objected)} objected: {'; '.join(named)}")
    return "; ".join(parts)


def without_phrase(found):
    """ "without answers from A and B, over the objection of C" for an agreement's record."""
    silent = [h.name for h in found if not h.objected]
    objected = [h.name for h in found if h.objected]
    parts = []
    if silent:
        parts.append(f"without answers from {_names(silent)}")
    if objected:
        parts.append(f"over the objection of {_names(objected)}")
    return ", ".join(parts)


def check(found, *, confirmed, reason):
    """The reason to keep with the agreement ("" when every practice agreed), or a refusal.
    `confirmed`: the ODS codes of the practices the person saw named and agreed without, so an
    answer that arrives while they read the page is not passed over."""
    if not found:
        return ""
    if confirmed is None or set(confirmed) != {h.ods_code for h in found}:
        raise ActionRefused(
            f"Not agreed: {describe(found)}. Confirm that you are agreeing without them, "
            "and say why.",
            field="confirm",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(
            "Say why you are agreeing without these practices: it is shown with the agreement.",
            field="reason",
        )
    limits.check_length(reason, limits.NOTE, "The reason", "reason")
    return reason
