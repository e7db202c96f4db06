from django.apps import AppConfig
from django.core import checks


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = "Projektportefølje"

    def ready(self):
        # Imported here, not at the top: the check reads the sign-in modules, which need the app registry.
        from portfolio.sso.checks import sign_in_settings_check

        checks.register(sign_in_settings_check)
