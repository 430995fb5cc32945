"""Login and logout pages. Local password login (throttled by django-axes), OIDC login and
callback, logout (POST only, with RP-initiated logout at the provider) and "Logg ut på alle
enheter"."""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from organisasjon.models import Bruker
from tilgang.innlogging.oidc import (
    OIDC_BACKEND,
    OidcAvvist,
    finn_eller_opprett_bruker,
    fullfoer_innlogging,
    start_innlogging,
    utloggings_url,
)
from tilgang.innlogging.okter import OIDC_ID_TOKEN, logg_ut_paa_alle_enheter, stempel_okt

logger = logging.getLogger(__name__)

NESTE_ETTER_OIDC = "_arkivar_oidc_neste"


class InnloggingSkjema(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("Feil brukernavn eller passord."),
        "inactive": gettext_lazy("Feil brukernavn eller passord."),
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Skriv inn brukernavnet ditt.")
        self.fields["password"].error_messages["required"] = _("Skriv inn passordet ditt.")


def _innloggingskontekst() -> dict[str, Any]:
    return {
        "lokal_innlogging": settings.ARKIVAR_LOKAL_INNLOGGING,
        "oidc_paa": settings.ARKIVAR_OIDC_ENABLED,
        "oidc_knappetekst": settings.ARKIVAR_OIDC_KNAPPETEKST,
    }


class InnloggingView(LoginView):
    form_class = InnloggingSkjema
    template_name = "registration/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **_innloggingskontekst()}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.ARKIVAR_LOKAL_INNLOGGING:
            return render(
                request,
                self.template_name,
                {
                    **_innloggingskontekst(),
                    "form": self.get_form_class()(request),
                    "next": self.get_redirect_url(),
                    "avvist": _("Innlogging med passord er slått av."),
                },
                status=403,
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        bruker = form.get_user()
        if isinstance(bruker, Bruker):
            stempel_okt(self.request, bruker)
        self.request.session.pop(OIDC_ID_TOKEN, None)
        return response


def brukernavn_for_sperring(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """AXES_USERNAME_CALLABLE: count failures under the user name as the login form cleans it
    (NFKC, trimmed) and case-folded, so that variants of one name share one counter."""
    verdi = (credentials or {}).get("username")
    if verdi is None:
        verdi = request.POST.get("username", "")
    return unicodedata.normalize("NFKC", str(verdi)).strip().casefold()[:255]


def sperret_svar(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the login page with the lock-out in Norwegian, status 429."""
    minutter = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/login.html",
        {
            **_innloggingskontekst(),
            "form": InnloggingSkjema(request),
            "next": request.POST.get("next", ""),
            "sperret": _(
                "For mange mislykkede innloggingsforsøk. Innlogging for dette brukernavnet "
                "er sperret i %(minutter)s minutter."
            )
            % {"minutter": minutter},
        },
        status=429,
    )


def _logg_ut(request: HttpRequest, melding: str | None) -> HttpResponseBase:
    id_token = request.session.get(OIDC_ID_TOKEN)
    logout(request)
    if melding:
        messages.success(request, melding)
    if id_token and settings.ARKIVAR_OIDC_ENABLED:
        tilbake = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
        url = utloggings_url(id_token=id_token, post_logout_redirect_uri=tilbake)
        if url:
            return HttpResponseRedirect(url)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_POST
def utlogging(request: HttpRequest) -> HttpResponseBase:
    return _logg_ut(request, melding=None)


@require_POST
def utlogging_alle_enheter(request: HttpRequest) -> HttpResponseBase:
    """End every session of the user, on all devices, then log out here as usual."""
    if isinstance(request.user, Bruker):
        logg_ut_paa_alle_enheter(request.user)
        return _logg_ut(request, melding=_("Du er logget ut på alle enheter."))
    return redirect(settings.LOGIN_URL)


def _oidc_feilside(request: HttpRequest, avvist: OidcAvvist) -> HttpResponse:
    logger.warning(avvist.hendelse, extra={"status": avvist.status})
    return render(
        request, "tilgang/innlogging_feil.html", {"melding": avvist.melding}, status=avvist.status
    )


@require_GET
@never_cache
def oidc_start(request: HttpRequest) -> HttpResponseBase:
    if not settings.ARKIVAR_OIDC_ENABLED:
        raise Http404
    neste = request.GET.get("next", "")
    if neste and url_has_allowed_host_and_scheme(
        neste, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[NESTE_ETTER_OIDC] = neste
    else:
        request.session.pop(NESTE_ETTER_OIDC, None)
    try:
        return start_innlogging(request, request.build_absolute_uri(reverse("oidc-tilbake")))
    except OidcAvvist as avvist:
        return _oidc_feilside(request, avvist)


@require_GET
@never_cache
def oidc_tilbake(request: HttpRequest) -> HttpResponseBase:
    """The provider's redirect back with a code: validate, map to a Bruker, log in."""
    if not settings.ARKIVAR_OIDC_ENABLED:
        raise Http404
    try:
        innlogging = fullfoer_innlogging(request)
        bruker = finn_eller_opprett_bruker(issuer=innlogging.issuer, claims=innlogging.claims)
        if not bruker.is_active:
            raise OidcAvvist(
                "innlogging.oidc.bruker_deaktivert",
                _("Brukeren din er deaktivert i Arkivar. Kontakt brukerstøtte."),
            )
    except OidcAvvist as avvist:
        return _oidc_feilside(request, avvist)
    neste = request.session.pop(NESTE_ETTER_OIDC, "") or resolve_url(settings.LOGIN_REDIRECT_URL)
    login(request, bruker, backend=OIDC_BACKEND)
    request.session[OIDC_ID_TOKEN] = innlogging.id_token
    stempel_okt(request, bruker)
    logger.info("innlogging.oidc.ok", extra={"bruker_id": bruker.pk})
    return redirect(neste)
