"""Writes of record linkage: storing a run's links, review decisions, splitting clusters.

Every service is atomic, checks the actor's role, and writes audit rows in the same
transaction. Records are never merged or deleted: only a link's status changes, and each
change is kept as a :class:`~testigo.linkage.models.LinkDecision`.
"""

from testigo.linkage.services.decisions import (
    LinkStaleError,
    LinkTransitionError,
    cluster_split,
    link_decide,
)
from testigo.linkage.services.runs import (
    LinkageStoreError,
    OutcomeLike,
    external_records_from_frames,
    linkage_run_store,
)

__all__ = [
    "LinkStaleError", "LinkTransitionError", "LinkageStoreError", "OutcomeLike",
    "cluster_split", "external_records_from_frames", "link_decide", "linkage_run_store",
]  # fmt: skip
