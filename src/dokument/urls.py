from django.urls import path

from dokument import views

app_name = "dokument"
urlpatterns = [
    path("<uuid:system_id>/fil/", views.dokumentobjekt_fil, name="dokumentobjekt-fil"),
]
