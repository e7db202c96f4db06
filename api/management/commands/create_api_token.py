"""manage.py create_api_token USERNAME [--name NAME] [--days N]: prints the new token on its last line."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.services import api_token_create


class Command(BaseCommand):
    help = "Opret en personlig API-nøgle til en bruger; nøglen står på sidste linje."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Oprettet af administrator")
        parser.add_argument("--days", type=int, default=90)

    def handle(self, *args, username, name, days, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Der er ingen aktiv bruger med brugernavnet {username!r}.")
        try:
            token, clear = api_token_create(actor=None, user=user, name=name, days=days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"API-nøgle {token.name!r} til {username}, gælder til og med {token.expires_on}:")
        self.stdout.write(clear)
