from django.core.management.base import BaseCommand, CommandError

from pcn.reference.loader import load_files, shipped_files


class Command(BaseCommand):
    help = (
        "Load NHS open data files into the reference tables. With no FILE, loads every file "
        "shipped in REFERENCE_DATA_DIR. Each file is recognised by its header and loaded whole "
        "or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FILE")
        parser.add_argument(
            "--force", action="store_true", help="reload files even if already loaded unchanged"
        )

    def handle(self, *args, files, force, **options):
        paths = files or shipped_files()
        if not paths:
            raise CommandError("No files to load.")
        results = load_files(paths, stdout=self.stdout, force=force)
        rejected = [result for result in results if not result.ok]
        if rejected:
            names = ", ".join(result.file_name for result in rejected)
            raise CommandError(
                f"{len(rejected)} of {len(results)} files rejected (nothing imported from "
                f"them): {names}"
            )
