from django.contrib import admin
from django.urls import include, path

from noark_api.urls import api_uten_skraastrek

# Django's error pages, except under /api/, where they answer with a Noark error body.
handler400 = "noark_api.feilsider.ugyldig_forespoersel"
handler403 = "noark_api.feilsider.ingen_tilgang"
handler404 = "noark_api.feilsider.ikke_funnet"
handler500 = "noark_api.feilsider.serverfeil"

urlpatterns = [
    api_uten_skraastrek,
    path("api/", include("noark_api.urls")),
    path("", include("tilgang.innlogging.urls")),
    path("admin/", admin.site.urls),
    path("dokument/", include("dokument.urls")),
    path("sok/", include("sok.urls")),
    path("uttrekk/", include("uttrekk.urls")),
    path("bevaring/", include("bevaring.urls")),
    path("", include("sakarkiv.urls")),
]
