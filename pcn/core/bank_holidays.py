"""England's bank holidays, for the rota: the days nobody works a practice session (FACTS.md
§1.4 "Bank holidays"). From the `holidays` package (country GB, subdivision ENG), which follows
GOV.UK's list, substitute days included ("Boxing Day (observed)").

Only weekdays are returned: a holiday falling on a weekend is a bank holiday on its substitute
weekday, which the package lists as well; the weekend date itself takes no working day away.
The rota engine knows no calendar: the app passes these dates into its Problem; the fair-share
ledger scales a week with one to its working days too.
"""

from datetime import date

import holidays


def bank_holidays(first: date, last: date) -> dict[date, str]:
    """{date: name} of England's bank holidays from `first` to `last`, both included,
    weekdays only, in date order."""
    if last < first:
        return {}
    calendar = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(first.year, last.year + 1), language="en_GB"
    )
    return {
        day: name
        for day, name in sorted(calendar.items())
        if first <= day <= last and day.weekday() < 5
    }
