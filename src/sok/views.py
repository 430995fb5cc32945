"""The search page and its JSON twin: thin callers of `sok.selectors.sok`.

Both read the same parameters (sok.forms.SokForm). A parameter that does not parse is left
out of the search; the page says which, the JSON view answers 400. The JSON view is a stop-gap
until the Noark 5 API (noark_api) arrives: errors have the shape {"detail": …}, and a request
without a session gets 401 rather than the login page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from arkivstruktur.models import Mappe
from sakarkiv.models import Saksmappe
from sakarkiv.selectors import etter_nummer
from sok.forms import SokForm
from sok.selectors import Fasettverdi, Soekeresultat, sok
from sok.treff import Treff
from tilgang.skjerming import offentlig_visning

# The facets, in the order the page shows them, with their headings.
FASETTER = (
    ("bydel", "Bydel"),
    ("journalposttype", "Journalposttype"),
    ("journalstatus", "Journalstatus"),
    ("saksstatus", "Saksstatus"),
    ("aar", "År"),
)


def _sok(form: SokForm, request: HttpRequest) -> Soekeresultat:
    return sok(
        bruker=request.user,
        q=form.cleaned_data.get("q") or "",
        filtre=form.filtre(),
        side=form.valgt_side(),
        rekkefoelge=form.valgt_rekkefoelge(),
    )


def _lenke(parametre: dict[str, Any], **endret: Any) -> str:
    """The page's query string with `endret` set (None removes); back to the first page."""
    nye = {**parametre, **endret, "side": endret.get("side")}
    return "?" + urlencode({k: v for k, v in nye.items() if v not in (None, "")})


def _nummertreff(request: HttpRequest, q: str) -> list[tuple[str, Any, Any, str]]:
    """Records whose number is the search text: (number, record, public view, case page)."""
    treff = []
    for objekt in etter_nummer(bruker=request.user, tekst=q):
        sak: Mappe | None = objekt if isinstance(objekt, Saksmappe) else objekt.mappe
        nummer = objekt.mappe_id if isinstance(objekt, Saksmappe) else objekt.registrerings_id
        if sak is not None:
            lenke = reverse("sakarkiv:saksmappe-detalj", kwargs={"system_id": sak.system_id})
            treff.append((nummer, objekt, offentlig_visning(objekt), lenke))
    return treff


@login_required
@require_GET
def sok_vis(request: HttpRequest) -> HttpResponse:
    """Full-text search; a case, journalpost or journal number typed alone goes straight to
    its case when the user sees exactly one such record."""
    form = SokForm(request.GET)
    form.is_valid()
    nummertreff = _nummertreff(request, form.cleaned_data.get("q") or "")
    if len(nummertreff) == 1 and "side" not in request.GET:
        return redirect(nummertreff[0][3])
    resultat = _sok(form, request)
    parametre = {navn: request.GET.get(navn) for navn in form.fields if navn != "side"}
    fasetter = [
        (
            tittel,
            [
                (verdi, _lenke(parametre, **{navn: None if verdi.er_valgt else verdi.verdi}))
                for verdi in resultat.fasetter.get(navn, [])
            ],
        )
        for navn, tittel in FASETTER
        if resultat.fasetter.get(navn)
    ]
    return render(
        request,
        "sok/sok.html",
        {
            "form": form,
            "resultat": resultat,
            "nummertreff": nummertreff,
            "fasetter": fasetter,
            "forrige": _lenke(parametre, side=resultat.side - 1) if resultat.har_forrige else "",
            "neste": _lenke(parametre, side=resultat.side + 1) if resultat.har_neste else "",
        },
    )


def _treff_json(treff: Treff) -> dict[str, Any]:
    return {
        "type": treff.artnavn,
        "systemID": str(treff.system_id),
        "referanse": treff.referanse,
        "tittel": treff.tittel,
        "tittelHtml": str(treff.tittel_html),
        "utdragHtml": str(treff.utdrag_html),
        "skjermet": treff.er_skjermet,
        "dato": treff.dato.isoformat() if treff.dato else None,
        "status": treff.status,
        "sak": str(treff.sak_system_id) if treff.sak_system_id else None,
        "lenke": treff.lenke,
    }


def _fasett_json(verdier: list[Fasettverdi]) -> list[dict[str, Any]]:
    return [
        {"verdi": v.verdi, "navn": v.navn, "antall": v.antall, "valgt": v.er_valgt} for v in verdier
    ]


@require_GET
def sok_api(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "Du må være logget inn for å søke."}, status=401)
    form = SokForm(request.GET)
    if not form.is_valid():
        feil = "; ".join(
            f"{navn}: {' '.join(str(t) for t in tekst)}" for navn, tekst in form.errors.items()
        )
        return JsonResponse({"detail": f"Ugyldige søkeparametre. {feil}"}, status=400)
    resultat = _sok(form, request)
    return JsonResponse(
        {
            "count": resultat.antall,
            "countErMinst": resultat.antall_er_minst,
            "side": resultat.side,
            "neste": resultat.har_neste,
            "results": [_treff_json(treff) for treff in resultat.treff],
            "facetter": {navn: _fasett_json(v) for navn, v in resultat.fasetter.items()},
        }
    )
