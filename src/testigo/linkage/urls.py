"""Linkage review pages (``/workspace/linkage/…``)."""

app_name = "linkage"
urlpatterns: list = []
