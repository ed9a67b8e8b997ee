"""Random files posted to every import (the register, salary lines, official populations):
random bytes, files with the right header and random cells, wrong encodings, huge lines. No
page fails, checking a file saves nothing, and confirming a checked file saves all of it or, if
refused, nothing."""

import csv
import io
import re
import traceback
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from pcn.money import salary_import
from pcn.networks import population_import
from pcn.workforce import register_io
from tests.conftest import signed_in
from tests.fuzz import figures
from tests.fuzz.test_forms import NASTY, fingerprint

TOKEN = re.compile(rb'name="token" value="([^"]+)"')


def imports(network):
    """(upload URL, confirm URL, header, a good file of this network) for each import."""
    october = network.salary_lines.filter(month=date(2026, 10, 1)).select_related("staff")
    practices = network.practices.order_by("ods_code")
    populations = "\n".join(
        ["practice_code,registered,adjusted,weighted"]
        + [f"{p.ods_code},{9000 + i},{9100 + i},{9200 + i}" for i, p in enumerate(practices)]
    )
    return [
        (
            reverse("workforce:import_register"),
            reverse("workforce:confirm_import"),
            register_io.layout.COLUMNS,
            register_io.export_csv(network),
        ),
        (
            reverse("money:import_lines"),
            reverse("money:confirm_import"),
            salary_import.COLUMNS + salary_import.INVOICE_COLUMNS,
            salary_import.export(october),
        ),
        (
            reverse("networks:upload_populations"),
            reverse("networks:confirm_populations"),
            population_import.COLUMNS,
            populations,
        ),
    ]


ENCODINGS = ["utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1252"]
cells = st.one_of(st.sampled_from(NASTY), st.text(max_size=12), st.sampled_from(["", "2026-11"]))


def encoded(text, encoding):
    return text.encode(encoding, errors="replace")


def files(header, good):
    good_rows = list(csv.reader(io.StringIO(good.removeprefix("\ufeff"))))

    def to_csv(rows):
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue()

    random_rows = st.lists(st.lists(cells, min_size=len(header), max_size=len(header)), max_size=4)
    with_header = st.builds(
        lambda rows, enc: encoded(to_csv([header, *rows]), enc),
        random_rows,
        st.sampled_from(ENCODINGS),
    )
    mutated = st.builds(
        _mutate, st.just(good_rows), st.integers(0, 10**6), st.integers(0, 10**6), cells
    ).map(lambda rows: to_csv(rows).encode())
    huge = st.builds(
        lambda n: (",".join(header) + "\n" + "x" * n + "\n").encode(),
        st.sampled_from([10**5, 10**6]),
    )
    return st.one_of(st.binary(max_size=300), with_header, mutated, huge, st.just(good.encode()))


def _mutate(rows, row, column, value):
    rows = [list(r) for r in rows]
    if len(rows) > 1:
        target = rows[1 + row % (len(rows) - 1)]
        if target:
            target[column % len(target)] = value
    return rows


def test_no_import_fails_on_random_files_and_nothing_is_half_saved(demo):
    user = demo.user("PCN manager")
    client = signed_in(user)
    counts, failures, covered = {"import_examples": 0, "server_errors": 0}, [], []

    def fuzzer(upload, confirm, header, good):
        @settings(settings.get_profile("fuzz"), max_examples=8)
        @given(content=files(header, good), name=st.sampled_from(["file.csv", "file.txt"]))
        def fuzz(content, name):
            counts["import_examples"] += 1
            with transaction.atomic():
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
                before = fingerprint()
                response = client.post(
                    upload, {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
                )
                assert response.status_code < 500
                assert fingerprint() == before, "checking a file saved something"
                token = TOKEN.search(response.content)
                if token:
                    done = client.post(confirm, {"token": token.group(1).decode()}, follow=True)
                    assert done.status_code < 500
                    if b"othing was imported" in done.content:
                        assert fingerprint() == before, "refused but saved something"
                transaction.set_rollback(True)

        return fuzz

    for upload, confirm, header, good in imports(demo.network):
        covered.append(upload)
        try:
            fuzzer(upload, confirm, header, good)()
        except Exception as error:  # noqa: BLE001 - every import's failure is reported together
            counts["server_errors"] += 1
            failures.append(f"POST {upload}: {''.join(traceback.format_exception(error))}")
    figures.record(imports=covered, **counts)
    assert not failures, "\n\n".join(failures)
