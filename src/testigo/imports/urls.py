"""Import pages (``/workspace/imports/…``): runs, upload, undo, mappings."""

from django.urls import path

from testigo.imports.views import runs

app_name = "imports"
urlpatterns = [
    path("", runs.run_list, name="run_list"),
    path("new/", runs.run_upload, name="run_upload"),
    path("<int:pk>/", runs.run_detail, name="run_detail"),
    path("<int:pk>/undo/", runs.run_undo, name="run_undo"),
]
