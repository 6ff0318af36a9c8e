"""The data version: a token that changes whenever counted records change (cache keys)."""

from __future__ import annotations

from django.db import models


class DataVersion(models.Model):
    """One row (``pk=1``): a random token replaced after every committed change of counted
    records. Cached figures are keyed by it (``statistics.cache``); no row = no caching."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.token
