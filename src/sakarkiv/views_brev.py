"""A letter from a template, from the case page (issue 6 item 4): an answer to an incoming letter
goes to its sender; otherwise the user names the recipient."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from felles.feil import DomeneFeil
from felles.handlinger import utfoer
from felles.ids import som_uuid
from sakarkiv.selectors import brevmaler, journalpost_liste
from sakarkiv.services.brev import brev_skriv, mottaker_fra
from sakarkiv.services.korrespondansepart import NyKorrespondansepart
from sakarkiv.views import hent_sak


@login_required
@require_POST
def nytt_brev(request: HttpRequest, system_id: UUID) -> HttpResponse:
    sak = hent_sak(request, system_id)
    data = request.POST

    def skriv() -> Any:
        mal_id = som_uuid(data.get("brevmal", ""))
        mal = (
            brevmaler(bruker=request.user, saksmappe=sak).filter(system_id=mal_id).first()
            if mal_id
            else None
        )
        if mal is None:
            raise DomeneFeil("Velg en brevmal.", felt="brevmal")
        svar_paa = None
        if data.get("svar_paa"):
            svar_id = som_uuid(data["svar_paa"])
            svar_paa = (
                journalpost_liste(bruker=request.user, saksmappe=sak)
                .filter(system_id=svar_id, journalposttype="I")
                .first()
                if svar_id
                else None
            )
            if svar_paa is None:
                raise DomeneFeil("Fant ikke brevet det svares på i saken.", felt="svar_paa")
        navn = data.get("mottaker", "").strip()
        avsender = svar_paa.korrespondanseparter.first() if svar_paa else None
        if navn or avsender is None:
            mottaker = NyKorrespondansepart(korrespondanseparttype="EM", navn=navn)
        else:
            mottaker = mottaker_fra(avsender)
        tittel = data.get("tittel", "").strip() or (f"Svar: {svar_paa.tittel}" if svar_paa else "")
        return brev_skriv(
            saksmappe=sak,
            brevmal=mal,
            tittel=tittel,
            mottaker=mottaker,
            svar_paa=svar_paa,
            utfoert_av=request.user,
        )

    utfoer(
        request,
        skriv,
        melding=lambda jp: (
            f"Brevet {jp.registrerings_id} er laget fra malen. Last det ned, rediger og last opp "
            "ny versjon på dokumentsiden, og send det til godkjenning eller ekspeder det."
        ),
    )
    return redirect("sakarkiv:saksmappe-detalj", system_id=sak.system_id)
