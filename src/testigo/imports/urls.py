"""Import pages (``/workspace/imports/…``)."""

app_name = "imports"
urlpatterns: list = []
