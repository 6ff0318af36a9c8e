from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class VocabConfig(AppConfig):
    name = "testigo.vocab"
    label = "vocab"
    verbose_name = _("Vocabularies")

    def ready(self) -> None:
        from testigo.vocab.loader import sync_after_migrate

        post_migrate.connect(sync_after_migrate, sender=self)
