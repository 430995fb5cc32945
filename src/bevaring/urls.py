from django.urls import path

from bevaring import views

app_name = "bevaring"

urlpatterns = [
    path("", views.oversikt, name="oversikt"),
    path("arkivdel/<str:system_id>/ny-liste/", views.liste_opprett, name="ny-liste"),
    path("<str:system_id>/", views.liste_vis, name="liste"),
    path("<str:system_id>/handling/", views.liste_handling, name="handling"),
]
