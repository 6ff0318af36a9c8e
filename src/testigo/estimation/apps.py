from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstimationConfig(AppConfig):
    name = "testigo.estimation"
    label = "estimation"
    verbose_name = _("Multiple systems estimation")
