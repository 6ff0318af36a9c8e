from django.contrib.auth import views as auth_views
from django.urls import path

from testigo.portal import public_views
from testigo.portal.login import ThrottledAuthenticationForm

app_name = "portal"
urlpatterns = [
    path("", public_views.home, name="home"),
    path("dashboard/", public_views.dashboard, name="dashboard"),
    path("dashboard/data.csv", public_views.dashboard_csv, name="dashboard_csv"),
    path("open-data/testigo-<str:lang>.zip", public_views.open_data, name="open_data"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="portal/login.html", authentication_form=ThrottledAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
