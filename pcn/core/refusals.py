"""Why an action did not happen, and how a page says so.

An action raises `ActionRefused` with a message for the user, naming the form field it is about
when there is one; an edit made from an older version is `StaleEdit`, one kind of refusal. A
view runs its action through `attempt`, so every page shows a refusal the same way: on the
field it names, or above the form. Code tells refusals apart by type and field, never by
their wording.
"""


class ActionRefused(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class StaleEdit(ActionRefused):
    """`now`, when given, says what the record holds now (e.g. "salary £3,000.00, ..."), so the
    person sees what they would have overwritten."""

    def __init__(self, obj, now=""):
        now = f" It now reads: {now}." if now else ""
        super().__init__(
            f"{obj} was changed by someone else while you were editing it.{now} "
            "Your changes were not saved: review the current values and try again."
        )


def show_on(form, refusal):
    """The refusal's message on `form`: on its field when the form has one of that name."""
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, str(refusal))


def attempt(form, do):
    """`do()`'s result, or None with the refusal shown on `form`."""
    try:
        return do()
    except ActionRefused as refusal:
        show_on(form, refusal)
        return None
