from django.urls import path

from uttrekk import views

app_name = "uttrekk"

urlpatterns = [
    path("", views.oversikt, name="oversikt"),
    path("innlesing/", views.innlesing, name="innlesing"),
    path("<uuid:system_id>/kontroller/", views.kontroller_naa, name="kontroller"),
    path("<uuid:system_id>/deponert/", views.marker_deponert, name="deponert"),
]
