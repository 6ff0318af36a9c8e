from django.contrib.auth import views as auth_views
from django.urls import path

from testigo.portal import public_views
from testigo.portal.login import ThrottledAuthenticationForm

app_name = "portal"
urlpatterns = [
    path("", public_views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="portal/login.html", authentication_form=ThrottledAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
