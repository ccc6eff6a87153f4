#!/usr/bin/env python
"""Django's command-line utility for the DCI network portal."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dci_portal.settings")
    # A checkout with no SECRET_KEY is a developer's: development mode unless DEBUG says
    # otherwise. A server sets SECRET_KEY, so it stays in production mode (and the demo
    # command refuses to run there).
    if "SECRET_KEY" not in os.environ:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
