from django.core.management.base import BaseCommand

from search import maintenance


class Command(BaseCommand):
    help = (
        "rebuild: index everything findable anew while search stays up; check: report missing "
        "and stale entries; repair: write those again."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check", "repair"])

    def handle(self, *args, action, **options):
        if action == "rebuild":
            count = maintenance.rebuild()
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
