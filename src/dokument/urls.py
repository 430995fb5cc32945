from django.urls import path

from dokument import views

app_name = "dokument"
urlpatterns = [
    path("<uuid:system_id>/fil/", views.dokumentobjekt_fil, name="dokumentobjekt-fil"),
    path("beskrivelse/<uuid:system_id>/", views.dokument_detalj, name="dokument-detalj"),
    path("last-opp/", views.dokument_last_opp_vis, name="last-opp"),
    path(
        "beskrivelse/<uuid:system_id>/ny-versjon/",
        views.dokument_ny_versjon_vis,
        name="ny-versjon",
    ),
    path("filbehandling/", views.filbehandling_liste_vis, name="filbehandling-liste"),
    path(
        "filbehandling/<int:pk>/proev-igjen/",
        views.filbehandling_proev_igjen_vis,
        name="filbehandling-proev-igjen",
    ),
]
