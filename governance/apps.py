from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Styring"

    def ready(self):
        from governance.dashboard import kept_lights
        from governance.dashboard.cache import install_invalidation
        from governance.roles import body_group_permissions_sync
        from portfolio.blocks.triggers import register

        post_migrate.connect(body_group_permissions_sync, sender=self)
        install_invalidation(self)
        register(kept_lights.KIND, kept_lights.sources)
