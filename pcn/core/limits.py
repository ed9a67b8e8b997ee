"""How much text a person may type into one box, a file's cell or the API: far more than anyone
writes in real use, little enough that one entry cannot swamp every page, digest and export it
appears on. Forms, model fields (so model forms and the API inherit them) and file imports use
these, and a refusal names the field and its limit."""

from .refusals import ActionRefused

NAME = 200  # a name, a title, a subject
SOURCE = 300  # where a figure came from
NOTE = 5000  # a note, comment, reason, concern, response or announcement
PASSWORD = 200


def check_length(value, limit, what, field):
    """Refuse text a page would not have let through: for a write that takes no form."""
    if len(value) > limit:
        raise ActionRefused(
            f"{what} must be {limit:,} characters or fewer (it has {len(value):,}).", field=field
        )
    return value
