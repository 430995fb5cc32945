"""Saksmappe: create, change, status, close, re-open, delete (model.md §3.7, §6.1–6.4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Exists, OuterRef, Q

from arkivstruktur.models import Arkivdel, Dokumentbeskrivelse, Klasse, Mappe, Registrering
from arkivstruktur.services.arv import arv_oppdater, arv_ved_opprettelse, arvekilder
from arkivstruktur.services.felles import (
    endre_felter,
    koder,
    kopier_koder,
    opprett,
    stemple_opprettet,
)
from arkivstruktur.services.mappe import (
    har_undermapper,
    krev_arkivdel_tar_imot_mapper,
    krev_klasse_paa_laveste_nivaa,
    laas_mappe,
    overmappe_for_ny_undermappe,
    slett_sekundaere,
)
from felles.feil import DomeneFeil
from felles.tid import aar_i_oslo, dato_i_oslo, naa
from felles.validering import krev_tekst, tekstliste, valgfri_tekst
from kodeliste.vsmverdier import vsm_verdier
from organisasjon.models import AdministrativEnhet, Rolle
from sakarkiv import regler
from sakarkiv.models import Avskrivning, Saksmappe, Serie
from sakarkiv.selectors import standard_enhet
from sakarkiv.services.nummerering import neste_nummer
from sporing.services import logg_slettet, logget
from tilgang.eierskap import virksomhet_id_for
from tilgang.profil import tilgangsprofil
from tilgang.regler import krev_tillatelse

# Fields that freeze when the saksmappe is closed (6.1.2, 6.1.13).
FROSSET_VED_AVSLUTNING = (
    "tittel",
    "dokumentmedium",
    "saksdato",
    "referanse_administrativ_enhet",
    "administrativ_enhet",
    "referanse_saksansvarlig",
    "saksansvarlig",
)
ENDRINGSBARE_FELTER = frozenset(
    {
        "tittel",
        "offentlig_tittel",
        "beskrivelse",
        "noekkelord",
        "dokumentmedium",
        "oppbevaringssted",
        "saksdato",
        "journalenhet",
        "utlaant_dato",
        "utlaant_til",
        "referanse_utlaant_til",
        "klasse",
        "virksomhetsspesifikke_metadata",
    }
)


def _krev_gyldig_klasse(arkivdel: Arkivdel, klasse: Klasse | None) -> None:
    """5.4.14: with a classification system, every mappe is classified under it."""
    if arkivdel.klassifikasjonssystem_id is None:
        return
    if klasse is None:
        raise DomeneFeil("Saken må klassifiseres (primærklasse).", felt="klasse", kode="paakrevd")
    krev_klasse_paa_laveste_nivaa(klasse, arkivdel=arkivdel, hva="saker")


def _standard_enhet(bruker: Any, arkivdel: Arkivdel) -> AdministrativEnhet | None:
    """Saksansvar defaults to the unit in which the user works in the arkiv's district."""
    return standard_enhet(bruker=bruker, virksomhet_id=arkivdel.arkiv.virksomhet_id)


@logget
def saksmappe_opprett(
    *,
    arkivdel: Arkivdel | None = None,
    tittel: str,
    klasse: Klasse | None = None,
    overmappe: Mappe | None = None,
    offentlig_tittel: str = "",
    beskrivelse: str = "",
    noekkelord: Sequence[str] = (),
    saksstatus: str = "B",
    saksdato: dt.date | None = None,
    administrativ_enhet: AdministrativEnhet | None = None,
    saksansvarlig: Any = None,
    journalenhet: str = "",
    dokumentmedium: str | None = None,
    oppbevaringssted: Sequence[str] | None = None,
    sekundaerklassifikasjon: Sequence[Klasse] = (),
    virksomhetsspesifikke_metadata: Mapping[str, Any] | None = None,
    utfoert_av: Any,
    tidspunkt: dt.datetime | None = None,
) -> Saksmappe:
    """Open a case in an arkivdel (classified under its system, 5.4.14) or as an undermappe
    of an overmappe, whose arkivdel it shares and whose classification it inherits (the
    same placement rules as a generic mappe). saksaar/sakssekvensnummer are the next in the
    arkiv's series for the year (6.1), and mappeID is `saksaar/sakssekvensnummer`.
    dokumentmedium and oppbevaringssted are inherited from the parent unless given (§6.6)."""
    if overmappe is not None:
        if arkivdel is not None or klasse is not None:
            raise DomeneFeil(
                "En undermappe får arkivdel og klasse fra overmappen; oppgi bare overmappen.",
                felt="overmappe",
            )
        overmappe = overmappe_for_ny_undermappe(overmappe, utfoert_av=utfoert_av)
        arkivdel = overmappe.arkivdel
    elif arkivdel is None:
        raise DomeneFeil(
            "Saken må ligge i en arkivdel, en klasse i arkivdelen eller en overmappe.",
            felt="arkivdel",
            kode="paakrevd",
        )
    else:
        krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", arkivdel)
        krev_arkivdel_tar_imot_mapper(arkivdel)
        _krev_gyldig_klasse(arkivdel, klasse)
    forelder: Mappe | Arkivdel = overmappe if overmappe is not None else arkivdel
    if saksstatus not in regler.SAKSSTATUS_VED_OPPRETTELSE:
        raise DomeneFeil(
            "En ny sak må ha status R (opprettet) eller B (under behandling).", felt="saksstatus"
        )
    tidspunkt = tidspunkt or naa()
    enhet = administrativ_enhet or _standard_enhet(utfoert_av, arkivdel)
    if enhet is None:
        raise DomeneFeil(
            "Saken må ha en administrativ enhet.", felt="administrativ_enhet", kode="paakrevd"
        )
    if enhet.virksomhet_id != arkivdel.arkiv.virksomhet_id:
        raise DomeneFeil("Enheten hører ikke til arkivets virksomhet.", felt="administrativ_enhet")
    ansvarlig = saksansvarlig or utfoert_av

    saksmappe = Saksmappe(
        virksomhetsspesifikke_metadata=vsm_verdier(virksomhetsspesifikke_metadata),
        arkiv=arkivdel.arkiv,
        arkivdel=arkivdel,
        klasse=klasse,
        overmappe=overmappe,
        tittel=krev_tekst(tittel, felt="tittel", visningsnavn="Tittel"),
        offentlig_tittel=valgfri_tekst(
            offentlig_tittel, felt="offentlig_tittel", visningsnavn="Offentlig tittel"
        ),
        beskrivelse=valgfri_tekst(beskrivelse, felt="beskrivelse", visningsnavn="Beskrivelse"),
        noekkelord=tekstliste(list(noekkelord), felt="noekkelord", visningsnavn="Nøkkelord"),
        saksdato=saksdato or dato_i_oslo(tidspunkt),
        administrativ_enhet=enhet.administrativ_enhet_navn,
        referanse_administrativ_enhet=enhet,
        saksansvarlig=ansvarlig.visningsnavn,
        referanse_saksansvarlig=ansvarlig,
        journalenhet=valgfri_tekst(journalenhet, felt="journalenhet", visningsnavn="Journalenhet"),
        oppbevaringssted=list(forelder.oppbevaringssted)
        if oppbevaringssted is None
        else tekstliste(
            list(oppbevaringssted), felt="oppbevaringssted", visningsnavn="Oppbevaringssted"
        ),
    )
    kopier_koder(forelder, saksmappe, "dokumentmedium")
    koder(
        saksmappe,
        {
            "saksstatus": (saksstatus, "saksstatus"),
            "dokumentmedium": (dokumentmedium, "dokumentmedium"),
        },
    )
    stemple_opprettet(saksmappe, utfoert_av=utfoert_av, tidspunkt=tidspunkt)
    arv_ved_opprettelse(saksmappe, *arvekilder(saksmappe))
    # The number is taken last, so the series is locked only until commit.
    saksmappe.saksaar = aar_i_oslo(tidspunkt)
    saksmappe.sakssekvensnummer = neste_nummer(
        arkiv_id=arkivdel.arkiv_id, serie=Serie.SAK, aar=saksmappe.saksaar
    )
    saksmappe.mappe_id = f"{saksmappe.saksaar}/{saksmappe.sakssekvensnummer}"
    opprett(saksmappe, utfoert_av=utfoert_av)
    if sekundaerklassifikasjon:
        saksmappe.sekundaerklassifikasjon.set(sekundaerklassifikasjon)
    return saksmappe


def laas_saksmappe(saksmappe: Mappe) -> Saksmappe:
    """Lock the row before a change that depends on its state (status, counters)."""
    return laas_mappe(saksmappe, modell=Saksmappe)


@logget
def saksmappe_endre(*, saksmappe: Mappe, endringer: dict[str, Any], utfoert_av: Any) -> Saksmappe:
    """Change metadata. After closing, tittel, dokumentmedium, saksdato and saksansvar are
    frozen (6.1.2, 6.1.13); other fields stay editable and every change is logged (6.1.14)."""
    saksmappe = laas_saksmappe(saksmappe)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", saksmappe)
    ukjente = set(endringer) - ENDRINGSBARE_FELTER
    if ukjente:
        felt = sorted(ukjente)[0]
        raise DomeneFeil(f"Feltet {felt} kan ikke endres her.", felt=felt, kode="laast")
    if "tittel" in endringer:
        endringer["tittel"] = krev_tekst(endringer["tittel"], felt="tittel", visningsnavn="Tittel")
    if "klasse" in endringer:
        _krev_gyldig_klasse(saksmappe.arkivdel, endringer["klasse"])
    endret = endre_felter(
        saksmappe,
        endringer,
        utfoert_av=utfoert_av,
        frosne=FROSSET_VED_AVSLUTNING if saksmappe.er_avsluttet else (),
        frossen_grunn="etter at saken er avsluttet",
    )
    if "klasse" in endret:
        arv_oppdater(saksmappe)  # a new primary class may carry another kassasjon (5.10.10)
    return saksmappe


@logget
def saksansvar_endre(
    *,
    saksmappe: Mappe,
    administrativ_enhet: AdministrativEnhet | None = None,
    saksansvarlig: Any = None,
    utfoert_av: Any,
) -> Saksmappe:
    """Move a case to another unit or case handler (5.5.12–5.5.13); refused once closed.
    The saksansvarlig, a leder or the records office may; the new handler must work in the
    case's district."""
    saksmappe = laas_saksmappe(saksmappe)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", saksmappe)
    krev_tillatelse(
        utfoert_av,
        "sakarkiv.fordele",
        saksmappe,
        melding="Bare saksansvarlig, en leder eller arkivet kan flytte saken til en annen.",
    )
    if saksansvarlig is not None and not (
        saksansvarlig.is_active
        and tilgangsprofil(saksansvarlig).har_rolle(
            Rolle.SAKSBEHANDLER, Rolle.LEDER, virksomhet_id=virksomhet_id_for(saksmappe)
        )
    ):
        raise DomeneFeil(
            f"{saksansvarlig.visningsnavn} er ikke saksbehandler eller leder i bydelen og kan "
            "ikke få saken.",
            felt="saksansvarlig",
        )
    endringer: dict[str, Any] = {}
    if administrativ_enhet is not None:
        if administrativ_enhet.virksomhet_id != virksomhet_id_for(saksmappe):
            raise DomeneFeil(
                "Enheten hører ikke til arkivets virksomhet.", felt="administrativ_enhet"
            )
        endringer |= {
            "referanse_administrativ_enhet": administrativ_enhet,
            "administrativ_enhet": administrativ_enhet.administrativ_enhet_navn,
        }
    if saksansvarlig is not None:
        endringer |= {
            "referanse_saksansvarlig": saksansvarlig,
            "saksansvarlig": saksansvarlig.visningsnavn,
        }
    endre_felter(
        saksmappe,
        endringer,
        utfoert_av=utfoert_av,
        frosne=FROSSET_VED_AVSLUTNING if saksmappe.er_avsluttet else (),
        frossen_grunn="etter at saken er avsluttet",
    )
    return saksmappe


def _hindringer_for_avslutning(saksmappe: Mappe) -> list[str]:
    """The closing conditions of 6.1.7, 6.1.8, 6.1.11 and 6.1.12, as readable reasons."""
    hindringer = []
    if saksmappe.klasse_id is None and saksmappe.arkivdel.klassifikasjonssystem_id is not None:
        hindringer.append("saken mangler primærklasse")
    aapne_undermapper = Mappe.objects.filter(
        overmappe=saksmappe, avsluttet_dato__isnull=True
    ).count()
    if aapne_undermapper:
        hindringer.append(f"{aapne_undermapper} undermappe(r) er ikke avsluttet")
    registreringer = Registrering.objects.filter(mappe=saksmappe)
    uarkiverte = registreringer.filter(
        Q(registreringstype="journalpost") & ~Q(journalstatus__in=["A", "U"])
        | ~Q(registreringstype="journalpost") & Q(arkivert_dato__isnull=True)
    ).count()
    if uarkiverte:
        hindringer.append(f"{uarkiverte} registrering(er) er ikke arkivert")
    uten_arkivformat = (
        Dokumentbeskrivelse.objects.filter(
            tilknytninger__registrering__in=registreringer.exclude(journalstatus="U"),
            dokumentobjekter__isnull=False,
        )
        .exclude(dokumentobjekter__variantformat="A")
        .distinct()
        .count()
    )
    if uten_arkivformat:
        hindringer.append(f"{uten_arkivformat} dokument(er) er ikke i arkivformat")
    restanser = (
        registreringer.filter(registreringstype="journalpost", journalposttype__in=regler.AVSKRIVES)
        .exclude(journalstatus="U")
        .exclude(Exists(Avskrivning.objects.filter(journalpost=OuterRef("pk"))))
        .count()
    )
    if restanser:
        hindringer.append(f"{restanser} restanse(r) er ikke avskrevet")
    return hindringer


@logget
def saksmappe_endre_status(*, saksmappe: Mappe, saksstatus: str, utfoert_av: Any) -> Saksmappe:
    """Change saksstatus along the allowed transitions (6.2). A sets avsluttetDato/Av and
    requires the closing conditions (6.1.6–6.1.12); re-opening A → B is for the records office
    and clears avsluttetDato, with the old value kept in the log (model.md §9.7)."""
    saksmappe = laas_saksmappe(saksmappe)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", saksmappe)
    fra = saksmappe.saksstatus
    if not regler.saksstatus_overgang_tillatt(fra, saksstatus):
        raise DomeneFeil(
            f"Saksstatus kan ikke endres fra {fra} til {saksstatus}.",
            felt="saksstatus",
            kode="ugyldig_overgang",
        )
    tidspunkt = naa()
    endringer: dict[str, Any] = {"saksstatus": saksstatus}
    if saksstatus == "A":
        krev_tillatelse(utfoert_av, "sakarkiv.arkivere", saksmappe)
        hindringer = _hindringer_for_avslutning(saksmappe)
        if hindringer:
            raise DomeneFeil(
                "Saken kan ikke avsluttes: " + "; ".join(hindringer) + ".",
                felt="saksstatus",
                kode="kan_ikke_avsluttes",
            )
        endringer |= {
            "avsluttet_dato": tidspunkt,
            "avsluttet_av": utfoert_av.visningsnavn,
            "referanse_avsluttet_av": utfoert_av,
        }
    if fra == "A":
        krev_tillatelse(utfoert_av, "sakarkiv.arkivere", saksmappe)
        endringer |= {"avsluttet_dato": None, "avsluttet_av": "", "referanse_avsluttet_av": None}
    endre_felter(
        saksmappe, endringer, utfoert_av=utfoert_av, beskrivelse="Gjenåpnet" if fra == "A" else ""
    )
    return saksmappe


def saksmappe_avslutt(*, saksmappe: Mappe, utfoert_av: Any) -> Saksmappe:
    return saksmappe_endre_status(saksmappe=saksmappe, saksstatus="A", utfoert_av=utfoert_av)


@logget
def saksmappe_slett(*, saksmappe: Mappe, utfoert_av: Any) -> None:
    """Only an empty, open case that never held a journalpost in E, J or A (6.1.17–6.1.18)."""
    saksmappe = laas_saksmappe(saksmappe)
    krev_tillatelse(utfoert_av, "arkivstruktur.arbeide", saksmappe)
    if saksmappe.er_avsluttet:
        raise DomeneFeil("En avsluttet sak kan ikke slettes.", kode="kan_ikke_slettes")
    if saksmappe.har_hatt_ekspedert_eller_journalfoert:
        raise DomeneFeil(
            "Saken har hatt ekspederte eller journalførte dokumenter og kan ikke slettes.",
            kode="kan_ikke_slettes",
        )
    if Registrering.objects.filter(mappe=saksmappe).exists():
        raise DomeneFeil("Saken har registreringer og kan ikke slettes.", kode="kan_ikke_slettes")
    if har_undermapper(saksmappe):
        raise DomeneFeil("Saken har undermapper og kan ikke slettes.", kode="kan_ikke_slettes")
    slett_sekundaere(saksmappe, utfoert_av=utfoert_av)
    logg_slettet(saksmappe, utfoert_av=utfoert_av)
    saksmappe.sekundaerklassifikasjon.clear()
    Mappe.objects.filter(pk=saksmappe.pk).delete()
