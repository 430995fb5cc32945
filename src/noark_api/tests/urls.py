"""The API's URLs with test-only views in front (pytest.mark.urls)."""

from django.urls import include, path

from noark_api.tests.visninger import FeilView, KroppView
from noark_api.urls import api_uten_skraastrek

urlpatterns = [
    path("api/test/feil/<str:hva>/", FeilView.as_view()),
    path("api/test/kropp/", KroppView.as_view()),
    api_uten_skraastrek,
    path("api/", include("noark_api.urls")),
    path("", include("tilgang.innlogging.urls")),
]
