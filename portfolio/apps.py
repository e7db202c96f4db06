from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = "Projektportefølje"

    def ready(self):
        # Imported here, not at the top: the check reads the sign-in modules, which need the app registry.
        from portfolio.blocks.triggers import install_triggers
        from portfolio.sso.checks import sign_in_settings_check

        checks.register(sign_in_settings_check)
        # After every migrate (and flush): SQLite drops a table's triggers when a migration rebuilds it.
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="portfolio-block-triggers")
