"""One PCN against England and its similar PCNs, from the NHS files: any PCN code in the loaded
census, set up here or not. `--json` prints the command-line contract's shape."""

import json

from django.core.management.base import BaseCommand, CommandError

from pcn.benchmarking import england as bench


def _date(day):
    return f"{day.day} {day:%B %Y}" if day else "unknown"


def _number(value, places):
    return "unknown" if value is None else f"{value:,.{places}f}"


class Command(BaseCommand):
    help = (
        "Benchmark one PCN's workforce against England and its similar PCNs: FTE by ARRS role "
        "per 10,000 patients and percentiles (--json: the figures as JSON)."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="the PCN's code, e.g. U35980")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, code, json, **options):
        as_json = json
        england = bench.england()
        try:
            figures = bench.benchmark_json(code, england=england)
        except bench.UnknownPcn as unknown:
            raise CommandError(str(unknown)) from None
        if as_json:
            self.stdout.write(dumps(figures))
            return
        for line in report(bench.benchmark(code, england=england)):
            self.stdout.write(line)


def dumps(figures):
    return json.dumps(figures, indent=2, ensure_ascii=False)


def report(found):
    pcn = found.pcn
    england = found.england
    weighted = (
        f"{pcn.weighted:,} weighted patients (unofficial estimate, {_date(pcn.weighted_date)})"
        if pcn.weighted
        else f"weighted patients unknown ({pcn.weighted_missing} of {pcn.practices} practices "
        "have no estimate)"
    )
    lines = [
        f"{pcn.name} ({pcn.code}), {pcn.icb_name or 'ICB unknown'}",
        f"Workforce census {_date(pcn.census_date)}; registered patients "
        f"{_date(pcn.patients_date)}: {pcn.patients:,} patients, "
        f"{pcn.share_65_plus * 100:.1f}% aged 65+; {weighted}.",
        f"Compared with {len(england) - 1:,} other PCNs in England and {len(found.similar)} "
        f"similar PCNs ({len(found.similar_in_icb)} of the same ICB, "
        f"{len(found.similar_elsewhere)} elsewhere): {bench.SIMILAR_WORDS}.",
        f"Percentile: {bench.PERCENTILE_WORDS}.",
        "",
        f"{'Role':<42} {'FTE':>8} {'per 10k':>8} {'England':>8} {'similar':>8} {'median':>8}",
    ]
    for row in found.roles:
        lines.append(
            f"{row.name[:42]:<42} {row.fte:>8.2f} {row.per_10k:>8.3f} "
            f"{_number(row.percentile_england, 1):>8} {_number(row.percentile_similar, 1):>8} "
            f"{_number(row.median_similar_per_10k, 3):>8}"
        )
    lines += [
        f"{'Not ARRS roles (directors, admin, unmapped)':<42} {pcn.fte_other:>8.2f}",
        "",
        "England and similar: percentiles; median: the similar PCNs' median FTE per 10,000.",
        "Similar PCNs: " + ", ".join(found.similar),
    ]
    return lines
