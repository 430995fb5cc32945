"""Dokumentflyt (model.md §4.12): sending a draft to a leader for approval and back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from arkivstruktur.models import Registrering
from arkivstruktur.services.felles import endre_felter, opprett
from felles.feil import DomeneFeil
from felles.tid import naa
from felles.validering import valgfri_tekst
from sakarkiv.models import Dokumentflyt
from sporing.services import logg_slettet, logget
from tilgang.regler import krev_tillatelse


@logget
def dokumentflyt_send(
    *,
    registrering: Registrering,
    flyt_til: Any,
    flyt_merknad: str = "",
    flyt_sendt_dato: dt.datetime | None = None,
    utfoert_av: Any,
) -> Dokumentflyt:
    """A step is recorded with who sent it to whom and when; an archived record is frozen.
    flytSendtDato is now unless the caller states when it was sent (not in the future)."""
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", registrering)
    if registrering.registreringstype not in {"journalpost", "arkivnotat"}:
        raise DomeneFeil("Dokumentflyt gjelder journalposter og arkivnotater.", felt="registrering")
    if registrering.er_arkivert or registrering.journalstatus == "U":
        raise DomeneFeil(
            "Registreringen er arkivert eller utgått og kan ikke sendes på flyt.",
            felt="registrering",
        )
    if flyt_til is None or flyt_til == utfoert_av:
        raise DomeneFeil("Velg hvem dokumentet skal sendes til.", felt="flyt_til", kode="paakrevd")
    flyt = Dokumentflyt(
        registrering=registrering,
        flyt_til=flyt_til.visningsnavn,
        referanse_flyt_til=flyt_til,
        flyt_fra=utfoert_av.visningsnavn,
        referanse_flyt_fra=utfoert_av,
        flyt_sendt_dato=_sendt(flyt_sendt_dato),
        flyt_merknad=valgfri_tekst(flyt_merknad, felt="flyt_merknad", visningsnavn="Merknad"),
    )
    return opprett(flyt, utfoert_av=utfoert_av)  # type: ignore[no-any-return]


@logget
def dokumentflyt_besvar(
    *, dokumentflyt: Dokumentflyt, flyt_status: str, flyt_merknad: str = "", utfoert_av: Any
) -> Dokumentflyt:
    """The recipient approves (G), rejects (I) or sends back with comments (S). Only the
    recipient answers, and only once."""
    flyt = Dokumentflyt.objects.select_for_update().get(pk=dokumentflyt.pk)
    if flyt.referanse_flyt_til_id != utfoert_av.pk:
        raise DomeneFeil("Bare mottakeren kan svare på dokumentflyten.", kode="ingen_tilgang")
    if flyt.flyt_status:
        raise DomeneFeil("Dokumentflyten er allerede besvart.", felt="flyt_status")
    if flyt_status == "S" and not flyt_merknad.strip():
        raise DomeneFeil(
            "Skriv en kommentar når dokumentet sendes tilbake.",
            felt="flyt_merknad",
            kode="paakrevd",
        )
    endringer: dict[str, Any] = {"flyt_status": flyt_status, "flyt_mottatt_dato": naa()}
    if flyt_merknad:
        endringer["flyt_merknad"] = valgfri_tekst(
            flyt_merknad, felt="flyt_merknad", visningsnavn="Merknad"
        )
    endre_felter(flyt, endringer, utfoert_av=utfoert_av)
    return flyt


@logget
def dokumentflyt_slett(*, dokumentflyt: Dokumentflyt, utfoert_av: Any) -> None:
    """Withdraw a step that has not been answered: the sender, or someone who may work on the
    record, while it is not archived. An answered step is part of the record's history."""
    flyt = Dokumentflyt.objects.select_for_update().get(pk=dokumentflyt.pk)
    registrering = flyt.registrering
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", registrering)
    if flyt.flyt_status:
        raise DomeneFeil("En besvart dokumentflyt kan ikke slettes.", felt="flyt_status")
    if registrering.er_arkivert:
        raise DomeneFeil("Registreringen er arkivert og kan ikke endres.", kode="laast")
    logg_slettet(flyt, utfoert_av=utfoert_av)
    flyt.delete()


def _sendt(tidspunkt: dt.datetime | None) -> dt.datetime:
    naavaerende = naa()
    if tidspunkt is None:
        return naavaerende
    if tidspunkt > naavaerende + dt.timedelta(minutes=5):
        raise DomeneFeil("Sendt-tidspunktet kan ikke ligge fram i tid.", felt="flyt_sendt_dato")
    return tidspunkt
