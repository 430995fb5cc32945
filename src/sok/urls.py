from django.urls import path

from sok import views

app_name = "sok"
urlpatterns = [
    path("", views.sok_vis, name="sok"),
    path("api/", views.sok_api, name="sok-api"),
]
