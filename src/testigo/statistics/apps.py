from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "testigo.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        """Connect the receivers that refresh cached figures when records change."""
        from testigo.statistics import signals

        signals.connect()
