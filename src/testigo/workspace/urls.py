"""The private workspace (``/workspace/…``): every view needs a signed-in member."""

from django.urls import path

from testigo.workspace.views import event_edit, events, home, intakes, interventions

app_name = "workspace"
urlpatterns = [
    path("", home.home, name="home"),
    path("intakes/", intakes.intake_list, name="intake_list"),
    path("intakes/new/", intakes.intake_create, name="intake_create"),
    path("intakes/<int:pk>/", intakes.intake_detail, name="intake_detail"),
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", event_edit.event_edit, name="event_edit"),
    path(
        "events/<int:pk>/interventions/new/",
        interventions.intervention_create,
        name="intervention_create",
    ),
    path("interventions/", interventions.intervention_list, name="intervention_list"),
    path("interventions/<int:pk>/", interventions.intervention_detail, name="intervention_detail"),
    path(
        "interventions/<int:pk>/status/",
        interventions.intervention_status,
        name="intervention_status",
    ),
]
