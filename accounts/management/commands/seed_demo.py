"""Idempotent, realistic demo data for every part of the portal that exists.

Each app may have a `demo` module with `seed(*, stdout, options)`; they run in INSTALLED_APPS order, so
organisations and people come before the jobs and JDs that refer to them. Scale flags are passed on to
the part that owns them and refused when that part is not installed.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SCALE_FLAGS = {"jobs": "jobs", "jds": "jd_library", "subscribers": "jobs"}


class Command(BaseCommand):
    help = "Load demo data (safe to run again). Prints the demo accounts' passwords when it creates them."

    def add_arguments(self, parser):
        parser.add_argument("--jobs", type=int, help="how many demo jobs (default: a few hundred)")
        parser.add_argument("--jds", type=int, help="how many demo job descriptions (default: about 120)")
        parser.add_argument("--subscribers", type=int, help="how many demo job alert subscriptions")
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="give the demo accounts new passwords and print them",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="needed under production settings: demo accounts have printed passwords",
        )

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith("production") and not options["allow_production"]:
            raise CommandError(
                "Refusing to load demo data under production settings (see --allow-production)."
            )
        for flag, app_label in SCALE_FLAGS.items():
            if options[flag] is not None:
                if options[flag] < 0:
                    raise CommandError(f"--{flag} must be 0 or more.")
                if not apps.is_installed(app_label):
                    raise CommandError(
                        f"--{flag} needs the {app_label} part of the portal, which is not built yet."
                    )
        for app_config in apps.get_app_configs():
            try:
                module = import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.demo":
                    raise
                continue
            module.seed(stdout=self.stdout, options=options)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
