import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from majlis.core import audit
from majlis.core.management.base import MajlisCommand, bad_input
from majlis.core.roles import Role, group_for


class Command(MajlisCommand):
    help = "Create a user with one or more roles (member, clerk, hansard_editor …)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", action="append", choices=[r.value for r in Role], default=[], help="repeat for several roles")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="(default: asked for on the terminal)")
        parser.add_argument("--superuser", action="store_true")

    def handle(self, *args, **options):
        User = get_user_model()
        username = options["username"].strip()
        if not username:
            raise bad_input("the username cannot be empty")
        if User.objects.filter(username=username).exists():
            raise bad_input(f"a user named {username!r} already exists")
        password = options["password"] or getpass.getpass("Password: ")
        validate_password(password, User(username=username, email=options["email"]))
        with transaction.atomic():
            user = User.objects.create_user(username=username, email=options["email"], password=password,
                                            is_staff=options["superuser"] or Role.ADMINISTRATOR.value in options["role"],
                                            is_superuser=options["superuser"])
            for role in options["role"]:
                user.groups.add(group_for(role))
            audit.record(None, "user.create", user, after={"username": username, "roles": sorted(options["role"]), "superuser": options["superuser"]})
        self.stdout.write(f"created {username} ({', '.join(options['role']) or 'no role'})")
