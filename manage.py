#!/usr/bin/env python
"""Django's command-line utility for the DCI network portal."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dci_portal.settings")
    # Development mode is asked for explicitly (DEBUG=1, as `make run` does): nothing here
    # turns it on, so a command run against a server's database stays in production mode.
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
