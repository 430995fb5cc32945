"""URLs of the Noark 5 API, mounted at /api/ (config.urls).

Every route takes its path with or without the trailing slash and never redirects: clients
do not repeat a POST body after a redirect (client-compat.md §1.1). The catch-all comes last.
"""

from __future__ import annotations

from django.urls import re_path
from drf_spectacular.views import SpectacularAPIView

from noark_api import ressurser  # noqa: F401  (registers the entity resources)
from noark_api.relasjoner import PAKKER
from noark_api.ressurser.sekundaer import ref_urlmonstre
from noark_api.views.entitet import urlmonstre
from noark_api.views.fil import urlpatterns as filmonstre
from noark_api.views.innlogging import BasicInnloggingView
from noark_api.views.pakker import PakkeView
from noark_api.views.rot import RotUtenSkraastrekView, RotView
from noark_api.views.system import SystemView
from noark_api.views.token import OidcOppdagelseView, Rfc6749InnloggingView, TokenView
from noark_api.views.ukjent import UkjentView
from noark_api.views.verdiliste import urlmonstre as verdilistemonstre

app_name = "noark_api"

_PAKKE = "|".join(PAKKER)

urlpatterns = [
    re_path(r"^$", RotView.as_view(), name="rot"),
    re_path(r"^schema/?$", SpectacularAPIView.as_view(), name="skjema"),
    re_path(r"^login/rfc7617/?$", BasicInnloggingView.as_view(), name="innlogging-rfc7617"),
    re_path(r"^login/rfc6749/?$", Rfc6749InnloggingView.as_view(), name="innlogging-rfc6749"),
    re_path(r"^login/rfc6749/token/?$", TokenView.as_view(), name="token"),
    re_path(
        r"^\.well-known/openid-configuration/?$",
        OidcOppdagelseView.as_view(),
        name="oidc-oppdagelse",
    ),
    re_path(r"^admin/system/?$", SystemView.as_view(), name="system"),
    *filmonstre,  # files of documents and chunked uploads (views/fil.py)
    *ref_urlmonstre(),  # kryssreferanse's `$ref` (rest-api.md §5.4)
    *verdilistemonstre(),  # noekkelord, forfatter … value by value (client-compat.md §1.8)
    *urlmonstre(PAKKER),
    re_path(rf"^(?P<pakke>{_PAKKE})/?$", PakkeView.as_view(), name="pakke"),
    re_path(r"^.*$", UkjentView.as_view(), name="ukjent"),
]

# /api without the slash: the root as well, not a redirect (mounted in config.urls).
api_uten_skraastrek = re_path(r"^api$", RotUtenSkraastrekView.as_view(), name="noark-api-rot")
