"""Login URLs. The names "login" and "logout" are Django's own (LOGIN_URL, templates)."""

from django.urls import path

from tilgang.innlogging import views

urlpatterns = [
    path("logg-inn/", views.InnloggingView.as_view(), name="login"),
    path("logg-ut/", views.utlogging, name="logout"),
    path("logg-ut/alle-enheter/", views.utlogging_alle_enheter, name="logout-alle-enheter"),
    path("innlogging/oidc/", views.oidc_start, name="oidc-start"),
    path("innlogging/oidc/tilbake/", views.oidc_tilbake, name="oidc-tilbake"),
]
