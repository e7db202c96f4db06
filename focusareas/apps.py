from django.apps import AppConfig


class FocusareasConfig(AppConfig):
    name = "focusareas"
    verbose_name = "Fokusområder"
