"""Forms of the review pages: a decision on a pair, splitting a cluster."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from testigo.linkage.models import LinkStatus, RecordLink
from testigo.linkage.services.decisions import MAX_REASON

DECISIONS = [
    (LinkStatus.LINKED.value, _("Link: they are the same")),
    (LinkStatus.NOT_LINKED.value, _("Do not link: they are different")),
]


class DecisionForm(forms.Form):
    """Link or not link, with the reason; ``seen_status`` is the status the reviewer saw."""

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"), max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What in the records shows it (kept with the decision)."),
    )  # fmt: skip
    seen_status = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, allowed: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [c for c in DECISIONS if c[0] in allowed]


class SplitForm(forms.Form):
    """The links of a cluster to mark unlinked, with the reason."""

    links = forms.MultipleChoiceField(
        label=_("Links to split"), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why these records are not the same (kept with the decision)."),
    )  # fmt: skip

    def __init__(
        self, *args: object, links: list[RecordLink], labels: dict[str, str], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        name = labels.get
        self.fields["links"].choices = [
            (str(link.pk), f"{name(link.left_key, link.left_key)} ~ "
                           f"{name(link.right_key, link.right_key)}")
            for link in links
        ]  # fmt: skip
