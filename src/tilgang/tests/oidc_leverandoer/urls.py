"""Arkivar's URLs plus the test provider under /o/ (issuer http://localhost:<port>/o)."""

from django.urls import include, path

from config.urls import urlpatterns as arkivar_urlpatterns

urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    *arkivar_urlpatterns,
]
