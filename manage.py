#!/usr/bin/env python
import os
import sys

# Commands that would start and only then fail on every request when the database or cache
# is away.
SERVING_COMMANDS = {"runserver"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django
    from django.core.management import execute_from_command_line

    from cms.startup import explain_startup_errors, require_services

    with explain_startup_errors(command=sys.argv[1] if len(sys.argv) > 1 else None):
        if SERVING_COMMANDS.intersection(sys.argv[1:2]):
            django.setup()
            require_services(exit_code=1)
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
