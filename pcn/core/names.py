"""NHS files write names in capitals ("DINGLE PARK PRACTICE"); people read title case."""

KEEP_AS_WRITTEN = {"PCN", "NHS", "GP", "GPS", "ICB", "MK", "UK", "NW", "NE", "SE", "SW", "UHC"}


def display_name(name):
    """'DINGLE PARK PRACTICE' -> 'Dingle Park Practice', keeping acronyms such as PCN and NHS."""
    if not name or not name.isupper():
        return name  # already as someone chose to write it
    return " ".join(word if word in KEEP_AS_WRITTEN else word.capitalize() for word in name.split())
