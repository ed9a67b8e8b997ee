import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from engine.rota import json_io
from engine.rota.problem import RotaInputError
from engine.rota.validate import validate


class Command(BaseCommand):
    help = (
        "Check a rota in the JSON form `solve_rota --json` prints (its problem and its rota) "
        "against every rule, without a solver: every hard-rule violation and each soft rule's score."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{file}: can't read it ({error.strerror}).") from error
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file}: not JSON: line {error.lineno}, column {error.colno}: {error.msg}."
            ) from error
        if not isinstance(data, dict) or "problem" not in data or "rota" not in data:
            raise CommandError(
                f'{file}: expected an object with "problem" and "rota", as solve_rota --json prints.'
            )
        try:
            problem = json_io.problem_from_json(data["problem"])
            rota = json_io.rota_from_json(data["rota"])
        except RotaInputError as error:
            raise CommandError(f"{file}: {error}") from error
        report = validate(problem, rota)
        self.stdout.write(json.dumps(json_io.report_to_json(report), indent=1))
        if not report.ok:
            raise CommandError(
                f"The rota breaks {len(report.violations)} rule{'s' if len(report.violations) != 1 else ''} that must hold."
            )
