"""`majlis`: the operator's command line.

Every sub-command is a Django management command of a Majlis app, so `majlis X --help`
works for each and the same commands run under `python -m django`. `majlis --help`
lists the Majlis commands; any other Django command (migrate, shell …) passes through.
"""

from __future__ import annotations

import os
import sys


def _majlis_commands() -> dict[str, str]:
    from django.core.management import get_commands, load_command_class

    out = {}
    for name, app in sorted(get_commands().items()):
        if not str(app).startswith("majlis."):
            continue
        try:
            out[name] = (load_command_class(app, name).help or "").strip().splitlines()[0]
        except Exception as exc:  # a broken command must not hide the others
            out[name] = f"(unavailable: {exc})"
    return out


def _print_help() -> None:
    commands = _majlis_commands()
    width = max((len(n) for n in commands), default=10) + 2
    print("usage: majlis COMMAND [options]   (majlis COMMAND --help for a command's options)\n")
    print("Majlis — bilingual parliament platform. Commands:\n")
    for name, summary in commands.items():
        print(f"  {name:<{width}}{summary}")
    print("\nAny Django management command also works (e.g. majlis migrate, majlis shell).")
    print("Configuration comes from MAJLIS_* environment variables (see the README).")


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
    argv = list(sys.argv[1:] if argv is None else argv)
    import django

    try:
        django.setup()
    except ValueError as exc:  # a bad MAJLIS_* variable
        print(f"majlis: {exc}", file=sys.stderr)
        raise SystemExit(2) from None

    if not argv or argv[0] in {"-h", "--help", "help"}:
        _print_help()
        raise SystemExit(0)
    from django.core.management import execute_from_command_line, get_commands

    if argv[0] not in get_commands():
        print(f"majlis: unknown command {argv[0]!r} (see majlis --help)", file=sys.stderr)
        raise SystemExit(2)
    execute_from_command_line(["majlis", *argv])


if __name__ == "__main__":  # pragma: no cover
    main()
