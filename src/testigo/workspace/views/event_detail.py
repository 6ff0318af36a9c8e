"""What an event's page shows, gathered from the event the user was allowed to read."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from testigo.accounts.permissions import scope_for
from testigo.documentation.access import (
    access_interventions_for_user,
    can_see_names,
    visible_person_ids,
)
from testigo.documentation.models import Event
from testigo.workspace.choices import country_name, state_name
from testigo.workspace.history import history_for


def event_detail_context(user: AbstractBaseUser, event: Event) -> dict[str, object]:
    """Acts with their victims and perpetrators, sources, interventions, history."""
    acts = list(
        event.acts.select_related("victim", "victim__sex", "act_type").prefetch_related(
            "involvements__perpetrator_type",
            "involvements__government_level",
            "involvements__degree",
            "involvements__perpetrator",
        )
    )
    victims = list({act.victim_id: act.victim for act in acts}.values())
    full_read = event.organisation_id in scope_for(user).read
    shared = visible_person_ids(user, event.organisation_id, [v.pk for v in victims])
    # A network reader sees only the acts done to victims who consented to sharing.
    acts = [act for act in acts if act.victim_id in shared]
    victims = [v for v in victims if v.pk in shared]
    involvements = [i for act in acts for i in act.involvements.all()]
    perpetrators = [i.perpetrator for i in involvements if i.perpetrator is not None]
    sources = list(event.sources.select_related("source_type", "quality"))
    interventions = list(
        access_interventions_for_user(user)
        .filter(event=event)
        .select_related("intervention_type", "status", "victim")
    )
    visible = [v for v in victims if v.pk in shared]
    persons = {p.pk: p.code for p in [*visible, *perpetrators]}
    records = [event, *sources, *acts, *involvements, *visible, *perpetrators, *interventions]
    return {
        "event": event,
        "country": country_name(event.country),
        "state": state_name(event.state_code),
        "acts": acts,
        "victims": victims,
        "victim_numbers": {v.pk: n for n, v in enumerate(victims, start=1)},
        "sources": sources,
        "interventions": interventions,
        "shared_victims": shared,
        "show_names": can_see_names(user, event.organisation_id),
        "history": history_for(records, persons=persons, show_who=full_read),
    }
