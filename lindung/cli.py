"""The `lindung` console command: Django's management commands under one name.

`lindung setup-pemda` runs the `setup_pemda` command; hyphens read better on a shell.
`quote` and `benefit` read the rule table directly and answer without starting Django.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    argv = list(sys.argv)
    argv[0] = "lindung"
    if len(argv) > 1 and argv[1] in ("quote", "benefit"):
        from lindung.rulebook.cli import fast_main

        sys.exit(fast_main(argv[1:]))
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
