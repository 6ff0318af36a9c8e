"""Indicator pages."""

app_name = "indicators"
urlpatterns: list = []
