"""Shared behaviour of Majlis commands: bad input is one clear line and exit code 2."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from majlis.core.errors import one_line

BAD_INPUT = 2


def bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=BAD_INPUT)


class MajlisCommand(BaseCommand):
    """A command whose ValidationError / missing file becomes one line and exit 2."""

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except ValidationError as exc:
            raise bad_input(one_line(exc)) from None
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            raise bad_input(f"{exc.strerror}: {exc.filename}") from None
        except UnicodeDecodeError:
            raise bad_input("the file is not valid UTF-8 text") from None
