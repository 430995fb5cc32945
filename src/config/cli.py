"""The `arkivar` command: Django's management commands under the product's name.

`arkivar demo`, `arkivar verify-log`, `arkivar migrate` … all run through here.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    argv = [sys.argv[0], *sys.argv[1:]]
    # Commands with a dash read better on the command line; Django names them with _.
    if len(argv) > 1:
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
