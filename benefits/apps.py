from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = "Gevinstrealisering"

    def ready(self):
        from benefits.block_totals import KIND, sources
        from portfolio.blocks.triggers import register

        register(KIND, sources)
