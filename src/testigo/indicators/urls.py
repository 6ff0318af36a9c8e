"""Indicator pages: public scorecard and indicator pages; the working group's workspace."""

from django.urls import path

from testigo.indicators import public_views, views

app_name = "indicators"
urlpatterns = [
    path("", public_views.scorecard, name="scorecard"),
    path("workspace/", views.workspace, name="workspace"),
    path("workspace/propose/", views.propose, name="propose"),
    path("workspace/<slug:code>/", views.version, name="version"),
    path("workspace/<slug:code>/revise/", views.revise, name="revise"),
    path("workspace/<slug:code>/compute/", views.compute, name="compute"),
    path("workspace/<slug:code>/score/", views.score, name="score"),
    path("workspace/<slug:code>/v<int:number>/decide/", views.decide, name="decide"),
    path("workspace/<slug:code>/v<int:number>/comment/", views.comment, name="comment"),
    path("<slug:code>/", public_views.detail, name="detail"),
]
