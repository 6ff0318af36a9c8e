"""Import pages (``/workspace/imports/…``): runs, upload, undo, mappings."""

from django.urls import path

from testigo.imports.views import mappings, runs

app_name = "imports"
urlpatterns = [
    path("", runs.run_list, name="run_list"),
    path("new/", runs.run_upload, name="run_upload"),
    path("<int:pk>/", runs.run_detail, name="run_detail"),
    path("<int:pk>/undo/", runs.run_undo, name="run_undo"),
    path("mappings/", mappings.mapping_list, name="mapping_list"),
    path("mappings/new/", mappings.mapping_start, name="mapping_start"),
    path("mappings/new/columns/", mappings.mapping_columns, name="mapping_columns"),
    path("mappings/new/values/", mappings.mapping_values, name="mapping_values"),
    path("mappings/<int:pk>/", mappings.mapping_detail, name="mapping_detail"),
    path("mappings/<int:pk>/run/", mappings.mapping_run, name="mapping_run"),
]
