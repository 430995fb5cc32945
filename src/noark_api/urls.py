"""URLs of the Noark 5 API, mounted at /api/ (config.urls).

Every route takes its path with or without the trailing slash and never redirects: clients
do not repeat a POST body after a redirect (client-compat.md §1.1). The catch-all comes last.
"""

from __future__ import annotations

from django.urls import re_path
from drf_spectacular.views import SpectacularAPIView

from noark_api.relasjoner import PAKKER
from noark_api.views.arkivstruktur import ArkivListeView, ArkivView
from noark_api.views.innlogging import BasicInnloggingView
from noark_api.views.pakker import PakkeView
from noark_api.views.rot import RotUtenSkraastrekView, RotView
from noark_api.views.system import SystemView
from noark_api.views.ukjent import UkjentView

app_name = "noark_api"

_PAKKE = "|".join(PAKKER)

urlpatterns = [
    re_path(r"^$", RotView.as_view(), name="rot"),
    re_path(r"^schema/?$", SpectacularAPIView.as_view(), name="skjema"),
    re_path(r"^login/rfc7617/?$", BasicInnloggingView.as_view(), name="innlogging-rfc7617"),
    re_path(r"^admin/system/?$", SystemView.as_view(), name="system"),
    re_path(r"^arkivstruktur/arkiv/?$", ArkivListeView.as_view(), name="arkiv-liste"),
    re_path(r"^arkivstruktur/arkiv/(?P<system_id>[^/]+)/?$", ArkivView.as_view(), name="arkiv"),
    re_path(rf"^(?P<pakke>{_PAKKE})/?$", PakkeView.as_view(), name="pakke"),
    re_path(r"^.*$", UkjentView.as_view(), name="ukjent"),
]

# /api without the slash: the root as well, not a redirect (mounted in config.urls).
api_uten_skraastrek = re_path(r"^api$", RotUtenSkraastrekView.as_view(), name="noark-api-rot")
