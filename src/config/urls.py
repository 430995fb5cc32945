from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tilgang.innlogging.urls")),
    path("admin/", admin.site.urls),
    path("dokument/", include("dokument.urls")),
    path("sok/", include("sok.urls")),
    path("", include("sakarkiv.urls")),
]
