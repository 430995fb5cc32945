"""The application's URLs with test-only views in front (pytest.mark.urls): the pages the
API tests touch (the login form) render the full menu."""

from django.urls import path

from config.urls import urlpatterns as programmets
from noark_api.tests.visninger import FeilView, KroppView

urlpatterns = [
    path("api/test/feil/<str:hva>/", FeilView.as_view()),
    path("api/test/kropp/", KroppView.as_view()),
    *programmets,
]
