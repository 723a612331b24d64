from django.core.management.base import BaseCommand, CommandError

from search import maintenance


class Command(BaseCommand):
    help = (
        "rebuild: index everything findable anew while search stays up; check: report missing "
        "and stale entries; repair: write those again."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check", "repair"])
        parser.add_argument(
            "--force",
            action="store_true",
            help="rebuild even though another rebuild seems to run: for one whose process "
            "was killed less than an hour ago",
        )

    def handle(self, *args, action, force, **options):
        if action == "rebuild":
            from search.engines.elasticsearch import RebuildRunning

            try:
                count = maintenance.rebuild(force=force)
            except RebuildRunning as running:
                raise CommandError(
                    f"{running}; try again when it has ended, or add --force if its process "
                    "was stopped"
                ) from running
            self.stdout.write(f"Indexed {count} objects.")
            return
        reports = maintenance.check()
        for report in reports:
            for name in ("missing", "stale", "extra"):
                keys = getattr(report, name)
                listed = f" ({', '.join(keys[:20])})" if keys else ""
                self.stdout.write(f"{report.engine}: {name}: {len(keys)}{listed}")
        if action == "repair" and any(reports):
            maintenance.repair(reports)
            self.stdout.write(self.style.SUCCESS("Repaired."))
