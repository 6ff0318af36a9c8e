"""URL configuration: the public portal, sign-in, the workspace, language switching."""

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("workspace/", include("testigo.workspace.urls")),
    path("", include("testigo.portal.urls")),
]
