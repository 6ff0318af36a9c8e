"""Clerical review: deciding a candidate pair, and splitting a cluster again.

Allowed moves (anything else raises :class:`LinkTransitionError`):

| decision | from | to |
|---|---|---|
| link (review) | candidate, not linked, unlinked | linked |
| not link (review) | candidate | not linked |
| split | linked | unlinked |

A linked pair is undone by a split, never by deleting it; every move is a
:class:`~testigo.linkage.models.LinkDecision` row and an audit row.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from testigo.core.audit import audit_record, snapshot
from testigo.core.errors import AccessDenied, ApplicationError
from testigo.core.models import AuditEntry
from testigo.linkage.models import LinkDecision, LinkStatus, RecordLink
from testigo.linkage.selectors import can_decide

MAX_REASON = 2000
REVIEW_MOVES = {
    LinkStatus.LINKED: {LinkStatus.CANDIDATE, LinkStatus.NOT_LINKED, LinkStatus.UNLINKED},
    LinkStatus.NOT_LINKED: {LinkStatus.CANDIDATE},
}


class LinkTransitionError(ApplicationError):
    """The link cannot move to that status from the one it has."""


class LinkStaleError(ApplicationError):
    """Someone decided the link after the reviewer opened it (``expected_status`` differs)."""


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ApplicationError(_("Give the reason for the decision."))
    if len(text) > MAX_REASON:
        raise ApplicationError(
            _("The reason is too long (at most %(n)d characters).") % {"n": MAX_REASON}
        )
    return text


def _locked(link_id: int) -> RecordLink:
    return RecordLink.objects.select_for_update().select_related("run").get(pk=link_id)


def _move(
    actor: AbstractBaseUser, link: RecordLink, to: str, action: str, reason: str
) -> RecordLink:
    before = snapshot(link)
    decision = LinkDecision(
        link=link, action=action, from_status=link.status, to_status=to, by=actor, reason=reason
    )
    link.status = to
    link.decided_by = actor
    link.decided_at = timezone.now()
    link.reason = reason
    link.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    decision.save()
    audit_record(
        user=actor, action=AuditEntry.Action.UPDATE, instance=link, before=before,
        context=f"linkage {action}: {decision.from_status} → {to}",
    )  # fmt: skip
    return link


@transaction.atomic
def link_decide(
    *,
    actor: AbstractBaseUser,
    link: RecordLink,
    decision: str,
    reason: str,
    expected_status: str | None = None,
) -> RecordLink:
    """Record a reviewer's decision on ``link``: ``decision`` is ``"linked"`` or
    ``"not_linked"``; ``reason`` (required, ≤ 2,000 characters) says why.

    ``expected_status`` is the status the reviewer saw; when the stored one differs (someone
    decided meanwhile) :class:`LinkStaleError` is raised and nothing changes. Raises
    :class:`AccessDenied` (the actor may not decide it, see ``selectors``),
    :class:`LinkTransitionError` (move not allowed), ``ApplicationError`` (no reason).
    Returns the updated link.
    """
    if not can_decide(actor, link):
        raise AccessDenied(_("You may not decide on this pair."))
    text = _reason(reason)
    if decision not in REVIEW_MOVES:
        raise LinkTransitionError(_("Unknown decision: %(d)s.") % {"d": decision})
    current = _locked(link.pk)
    if expected_status is not None and current.status != expected_status:
        raise LinkStaleError(
            _("Someone else decided on this pair meanwhile: it is now “%(status)s”.")
            % {"status": current.get_status_display()}
        )
    if current.status not in REVIEW_MOVES[decision]:
        raise LinkTransitionError(
            _("A pair that is “%(status)s” cannot be marked “%(to)s”.")
            % {"status": current.get_status_display(), "to": LinkStatus(decision).label}
        )
    return _move(actor, current, decision, LinkDecision.Action.REVIEW, text)


@transaction.atomic
def cluster_split(
    *, actor: AbstractBaseUser, link_ids: Sequence[int], reason: str
) -> list[RecordLink]:
    """Split a cluster: mark the links ``link_ids`` (all currently *linked*) *unlinked*, with
    ``reason``. The clusters recompute from the remaining linked links (``selectors``).

    All or nothing: raises :class:`AccessDenied` if any link is missing or the actor may not
    decide it, :class:`LinkTransitionError` if any is not linked, ``ApplicationError`` when
    no link is chosen or no reason given. Returns the updated links, by id.
    """
    ids = sorted({int(pk) for pk in link_ids})
    if not ids:
        raise ApplicationError(_("Choose at least one link to split."))
    text = _reason(reason)
    links = list(RecordLink.objects.select_for_update().select_related("run").filter(pk__in=ids))
    if len(links) != len(ids) or not all(can_decide(actor, link) for link in links):
        raise AccessDenied(_("You may not split these links."))
    not_linked = [link for link in links if link.status != LinkStatus.LINKED]
    if not_linked:
        raise LinkTransitionError(
            _("Only linked pairs can be split; %(n)d of those chosen are not linked.")
            % {"n": len(not_linked)}
        )
    return [
        _move(actor, link, LinkStatus.UNLINKED, LinkDecision.Action.SPLIT, text)
        for link in sorted(links, key=lambda item: item.pk)
    ]
