"""The ICB page's tables as CSV files, for Excel and Power BI: the same figures, one row a network
(or census PCN), numbers as numbers, every cell written through spreadsheet_cells."""

from pcn.core.spreadsheet_cells import csv_text


def _iso(day):
    return day.isoformat() if day else ""


def _blank(value):
    return "" if value is None else value


def file_name(view, table):
    return f"icb-{view.icb_code.lower()}-{table}-{view.today.isoformat()}.csv"


def networks_csv(view):
    """One row a network using PCN Commons: patients, FTE by role and per 10,000, and the
    ICB figures beside them."""
    roles = view.roles
    this_week, next_week = view.weeks
    header = [
        "PCN code",
        "Network",
        "Practices",
        "Registered patients",
        "Patients as at (earliest)",
        "Patients as at (latest)",
        "Patients known for every practice",
        "Patients include estimates",
        "ARRS FTE",
        "ARRS FTE per 10,000 patients",
        *[f"{name} FTE" for _, name in roles],
        *[f"{name} FTE per 10,000 patients" for _, name in roles],
        "People at high risk of isolation",
        "Supervision overdue",
        "Forecast year",
        "ARRS entitlement",
        "Forecast unspent",
        "Forecast overspent",
        "People not in the forecast",
        "Agreed allocation",
        "Agreed sessions a week",
        f"Published sessions w/c {this_week.isoformat()}",
        f"Published sessions w/c {next_week.isoformat()}",
        *[label for _, label in ANSWER_COLUMNS],
        "Figures as at",
    ]
    rows = []
    for row in view.networks:
        first, last = row.registered_dates or (None, None)
        rows.append(
            [
                row.pcn_code,
                row.name,
                row.practices,
                _blank(row.registered),
                _iso(first),
                _iso(last),
                "yes" if row.registered_complete else "no",
                "yes" if row.registered_estimates else "no",
                row.total_fte,
                _blank(row.total_per_10k),
                *[row.fte.get(code, 0) for code, _ in roles],
                *[_blank(row.per_10k.get(code)) if code in row.fte else "" for code, _ in roles],
                row.high_isolation_risk,
                row.supervision_overdue,
                row.forecast_year,
                _blank(row.entitlement),
                _blank(row.unspent),
                _blank(row.overspent),
                row.forecast_left_out,
                row.agreed_allocation,
                _blank(row.coverage[0].agreed),
                row.coverage[0].published,
                row.coverage[1].published,
                *[row.answers[key] for key, _ in ANSWER_COLUMNS],
                _iso(view.today),
            ]
        )
    return csv_text(rows, header=header, bom=True)


def census_csv(view):
    """One row a PCN of the ICB not using PCN Commons, with its census figures."""
    roles = view.roles
    header = [
        "PCN code",
        "PCN",
        "Registered patients",
        "Patients as at",
        "Census as at",
        "ARRS FTE",
        "ARRS FTE per 10,000 patients",
        *[f"{name} FTE" for _, name in roles],
        *[f"{name} FTE per 10,000 patients" for _, name in roles],
        "Source",
    ]
    rows = [
        [
            row.pcn_code,
            row.name,
            _blank(row.patients),
            _iso(row.patients_date),
            _iso(row.census_date),
            row.total_fte,
            _blank(row.total_per_10k),
            *[row.fte.get(code, 0) for code, _ in roles],
            *[_blank(row.per_10k.get(code)) if code in row.fte else "" for code, _ in roles],
            "NHS England Digital, Primary Care Network Workforce (individual level); "
            "not using PCN Commons",
        ]
        for row in view.census.rows
    ]
    return csv_text(rows, header=header, bom=True)


ANSWER_COLUMNS = [
    ("requests", "Request answers overdue"),
    ("matrix", "Practices yet to answer who does what"),
    ("opt_ins", "Practices yet to answer services"),
    ("allocations", "Practice answers missing on proposed allocations"),
]
