"""URL configuration: the public portal, sign-in, the workspace, language switching."""

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("workspace/linkage/", include("testigo.linkage.urls")),
    path("workspace/imports/", include("testigo.imports.urls")),
    path("workspace/", include("testigo.workspace.urls")),
    path("indicators/", include("testigo.indicators.urls")),
    path("", include("testigo.portal.urls")),
]
