from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from infrastructure.pdf.fonts import build_coverage_map, build_slim_font, slim_font_path


class Command(BaseCommand):
    help = "Builds the slim CJK serif font the PDFs embed (once; --force to rebuild)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--force", action="store_true")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        path = slim_font_path()
        if path.is_file() and not force:
            self.stdout.write(f"{path} exists")
        else:
            build_slim_font()
            self.stdout.write(f"built {path} ({path.stat().st_size // 1024} KB)")
        self.stdout.write(f"built {build_coverage_map()}")
