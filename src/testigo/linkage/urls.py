"""Linkage review pages (``/workspace/linkage/…``): every view needs a signed-in member."""

from django.urls import path

from testigo.linkage.views import clusters, review, runs

app_name = "linkage"
urlpatterns = [
    path("", runs.run_list, name="run_list"),
    path("runs/<int:pk>/", runs.run_detail, name="run_detail"),
    path("runs/<int:pk>/clusters/", clusters.cluster_list, name="cluster_list"),
    path("runs/<int:pk>/clusters/<str:cluster>/", clusters.cluster_detail, name="cluster_detail"),
    path("links/<int:pk>/", review.link_review, name="link_review"),
]
