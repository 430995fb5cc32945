"""Following up a registrering: korrespondansepart, avskrivning, dokumentflyt and presedens
(rest-api.md §12.1, §12.2; model.md §4.1, §4.11–4.13; client-compat.md §5.3, §6.4, §6.5).

Created from their owner (client-compat.md §6.4): `ny-korrespondansepartperson|enhet|intern`
on a registrering, journalpost or arkivnotat; `sakarkiv/ny-avskrivning` on a journalpost that
is a restanse kind (I, N); `sakarkiv/ny-dokumentflyt` on a journalpost or arkivnotat;
`sakarkiv/ny-presedens` on a saksmappe or journalpost. Presedens has a package list
(`sakarkiv/presedens/`): the precedents cited by a case or journalpost the user may see.

Names in the standard are names: an internal party's `administrativEnhet` and `saksbehandler`
and a dokumentflyt's `flytTil` name a unit or a person of the registrering's virksomhet (the
unit's name or short name; the person's login or full name), as a saksmappe's saksansvar
does. The code of a new korrespondansepart follows the journalpost's type when not given
(incoming: EA sender and IM internal recipient; otherwise EM recipient and IA internal
sender).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import F, QuerySet

from arkivstruktur.models import Mappe, Registrering
from felles.feil import DomeneFeil, IkkeFunnet
from felles.tid import dato_i_oslo, naa
from noark_api.inndata import Skrivefelt, Verditype
from noark_api.ressurs import (
    REGISTER,
    Entitetstype,
    Forelder,
    Opprettelse,
    Underliste,
    registrer,
    utvid,
)
from noark_api.ressurser.felles import kodeobjekt, uten_tomme
from noark_api.ressurser.mappe import (
    ARKIVNOTAT,
    JOURNALPOST,
    REGISTRERING,
    SAKSMAPPE,
    kan_arbeide,
)
from noark_api.ressurser.sekundaer import (
    adresseargumenter,
    eierannotasjoner,
    eierforeldre,
    kan_endre_innhold,
    les_eier,
    personnummerargument,
    uten_maskerte,
)
from noark_api.serialisering.oppfoelging import (
    AVSKRIVNING_FELTER,
    DOKUMENTFLYT_FELTER,
    KORRESPONDANSEPART_FELTER,
    PRESEDENS_FELTER,
    AvskrivningSerializer,
    DokumentflytSerializer,
    KorrespondansepartEnhetSerializer,
    KorrespondansepartInternSerializer,
    KorrespondansepartPersonSerializer,
    KorrespondansepartSerializer,
    PresedensSerializer,
)
from sakarkiv import regler
from sakarkiv.models import Korrespondanseparttype
from sakarkiv.selectors import (
    administrativ_enhet_etter_navn,
    avskrivning_liste,
    dokumentflyt_liste,
    journalpost_hent,
    korrespondansepart_hent,
    korrespondansepart_liste,
    presedens_liste,
    saksansvarlig_etter_navn,
    standard_enhet,
)
from sakarkiv.services.avskrivning import avskrivning_endre, avskrivning_slett, journalpost_avskriv
from sakarkiv.services.dokumentflyt import (
    dokumentflyt_besvar,
    dokumentflyt_send,
    dokumentflyt_slett,
)
from sakarkiv.services.korrespondansepart import (
    NyKorrespondansepart,
    korrespondansepart_endre,
    korrespondansepart_opprett,
    korrespondansepart_slett,
)
from sakarkiv.services.presedens import presedens_endre, presedens_opprett, presedens_slett

T = Verditype
KORRESPONDANSEPART = "arkivstruktur/korrespondansepart"
AVSKRIVNING = "sakarkiv/avskrivning"
DOKUMENTFLYT = "sakarkiv/dokumentflyt"
PRESEDENS = "sakarkiv/presedens"

_REGISTRERINGER = (REGISTRERING, JOURNALPOST, ARKIVNOTAT)
_SUBTYPER = {
    Korrespondanseparttype.PERSON: "arkivstruktur/korrespondansepartperson",
    Korrespondanseparttype.ENHET: "arkivstruktur/korrespondansepartenhet",
    Korrespondanseparttype.INTERN: "arkivstruktur/korrespondansepartintern",
}


def _virksomhet_id(registrering: Any) -> int:
    return int(registrering.arkiv.virksomhet_id)


def _er_aapen_journalpost(registrering: Any) -> bool:
    return not registrering.er_arkivert and registrering.journalstatus != "U"


def _person(navn: str, registrering: Any, bruker: Any, *, felt: str) -> Any:
    """The person of the registrering's virksomhet a name (login or full name) stands for."""
    if navn in (bruker.visningsnavn, bruker.username):
        return bruker
    person = saksansvarlig_etter_navn(
        bruker=bruker, virksomhet_id=_virksomhet_id(registrering), navn=navn
    )
    if person is None:
        raise DomeneFeil(
            f"Fant ingen saksbehandler med navnet «{navn}» i arkivets virksomhet.", felt=felt
        )
    return person


def _enhet(navn: str, registrering: Any, bruker: Any) -> Any:
    enhet = administrativ_enhet_etter_navn(
        bruker=bruker, virksomhet_id=_virksomhet_id(registrering), navn=navn
    )
    if enhet is None:
        raise DomeneFeil(
            f"Fant ingen administrativ enhet med navnet «{navn}» i arkivets virksomhet.",
            felt="administrativEnhet",
        )
    return enhet


# --- korrespondansepart -------------------------------------------------------------------------

_KORRESPONDANSEPARTTYPE = Skrivefelt(
    "korrespondanseparttype", "korrespondanseparttype", T.KODE, kan_fjernes=False
)
_ADRESSE = (
    Skrivefelt("postadresse", "postadresse", T.OBJEKT),
    Skrivefelt("kontaktinformasjon", "kontaktinformasjon", T.OBJEKT),
)
_SKRIVEFELTER = {
    Korrespondanseparttype.PERSON: (
        _KORRESPONDANSEPARTTYPE,
        Skrivefelt("navn", "navn", kan_fjernes=False, paakrevd=True),
        Skrivefelt("foedselsnummer", "foedselsnummer"),
        Skrivefelt("dNummer", "dnummer"),
        *_ADRESSE,
    ),
    Korrespondanseparttype.ENHET: (
        _KORRESPONDANSEPARTTYPE,
        Skrivefelt("navn", "navn", kan_fjernes=False, paakrevd=True),
        Skrivefelt("organisasjonsnummer", "enhetsidentifikator"),
        *_ADRESSE,
        Skrivefelt("kontaktperson", "kontaktperson"),
    ),
    Korrespondanseparttype.INTERN: (
        _KORRESPONDANSEPARTTYPE,
        Skrivefelt("administrativEnhet", "administrativ_enhet"),
        Skrivefelt("saksbehandler", "saksbehandler"),
    ),
}


def standard_korrespondanseparttype(registrering: Any, subtype: str) -> str:
    inngaaende = getattr(registrering, "journalposttype", "") == regler.INNGAAENDE
    if subtype == Korrespondanseparttype.INTERN:
        return "IM" if inngaaende else "IA"
    return "EA" if inngaaende else "EM"


def _internt(
    argumenter: dict[str, Any], registrering: Any, bruker: Any, naavaerende: Any = None
) -> dict[str, Any]:
    """The unit and the person an internal party names; an unchanged name stays as stored."""
    ut = dict(argumenter)
    enhet = ut.pop("administrativ_enhet", None)
    if enhet:
        if naavaerende is None or enhet != naavaerende.administrativ_enhet:
            ut["administrativ_enhet"] = _enhet(enhet, registrering, bruker)
    elif enhet == "":
        ut["administrativ_enhet"] = None
    person = ut.pop("saksbehandler", None)
    if person:
        if naavaerende is None or person != naavaerende.saksbehandler:
            ut["saksbehandler"] = _person(person, registrering, bruker, felt="saksbehandler")
    elif person == "":
        ut["saksbehandler"] = None
    return ut


def _ny_korrespondansepart(subtype: str) -> Callable[[Any, dict[str, Any], Any], Any]:
    def utfoer(registrering: Any, argumenter: dict[str, Any], bruker: Any) -> Any:
        if not isinstance(registrering, Registrering):
            raise DomeneFeil("En korrespondansepart hører til en registrering.")
        argumenter = adresseargumenter(personnummerargument(argumenter))
        argumenter = _internt(argumenter, registrering, bruker)
        argumenter.setdefault(
            "korrespondanseparttype", standard_korrespondanseparttype(registrering, subtype)
        )
        data = NyKorrespondansepart(subtype=subtype, **argumenter)
        return korrespondansepart_opprett(registrering=registrering, data=data, utfoert_av=bruker)

    return utfoer


def _korrespondansepartmal(subtype: str) -> Callable[[Any, Any], dict[str, Any]]:
    def mal(request: Any, registrering: Any) -> dict[str, Any]:
        verdier: dict[str, Any] = {
            "korrespondanseparttype": kodeobjekt(
                "korrespondanseparttype", standard_korrespondanseparttype(registrering, subtype)
            )
        }
        if subtype == Korrespondanseparttype.INTERN:
            bruker = request.user
            enhet = standard_enhet(bruker=bruker, virksomhet_id=_virksomhet_id(registrering))
            verdier["administrativEnhet"] = enhet.administrativ_enhet_navn if enhet else None
            verdier["saksbehandler"] = bruker.visningsnavn
        return uten_tomme(verdier)

    return mal


def _korrespondansepart_endre(part: Any, argumenter: dict[str, Any], bruker: Any) -> None:
    argumenter = uten_maskerte(part, argumenter, "navn", "administrativ_enhet", "saksbehandler")
    argumenter = adresseargumenter(personnummerargument(argumenter, part), part)
    argumenter = _internt(argumenter, part.registrering, bruker, part)
    korrespondansepart_endre(korrespondansepart=part, utfoert_av=bruker, **argumenter)


def _korrespondansepartlenker(rader: QuerySet[Any], bruker: Any) -> QuerySet[Any]:
    annotert: QuerySet[Any] = rader.annotate(
        administrativ_enhet_system_id=F("referanse_administrativ_enhet__system_id"),
        saksbehandler_system_id=F("referanse_saksbehandler__system_id"),
        **eierannotasjoner("registrering"),
    )
    return annotert


_REGISTRERINGSFORELDRE = eierforeldre("registrering")


def _korrespondanseparttype(part: Any) -> str:
    return _SUBTYPER[part.korrespondansepartsubtype]


def _korrespondansepartstype(navn: str, **kwargs: Any) -> Entitetstype:
    return Entitetstype(
        "arkivstruktur",
        navn,
        feltkart=KORRESPONDANSEPART_FELTER,
        endre=_korrespondansepart_endre,
        slett=lambda part, bruker: korrespondansepart_slett(
            korrespondansepart=part, utfoert_av=bruker
        ),
        annoter=_korrespondansepartlenker,
        foreldre=_REGISTRERINGSFORELDRE,
        kodelister=("korrespondanseparttype",),
        er_arkivenhet=False,
        ved_lesing=les_eier,
        **kwargs,
    )


NY_KORRESPONDANSEPART = tuple(
    Opprettelse(
        f"arkivstruktur/ny-{noekkel.rsplit('/', 1)[1]}/",
        noekkel,
        _ny_korrespondansepart(subtype),
        mal=_korrespondansepartmal(subtype),
        kan=kan_endre_innhold,
    )
    for subtype, noekkel in _SUBTYPER.items()
)


# --- avskrivning --------------------------------------------------------------------------------

STANDARD_AVSKRIVNINGSMAATE = "TE"  # tatt til etterretning: needs no answer to point at


def _svar(system_id: str, bruker: Any) -> Any:
    try:
        return journalpost_hent(bruker=bruker, system_id=system_id)
    except IkkeFunnet:
        raise DomeneFeil(
            "Fant ikke journalposten som avskriver.", felt="referanseAvskrivesAvJournalpost"
        ) from None


def _korrespondansepart(system_id: str, bruker: Any) -> Any:
    try:
        return korrespondansepart_hent(bruker=bruker, system_id=system_id)
    except IkkeFunnet:
        raise DomeneFeil(
            "Fant ikke korrespondanseparten.", felt="referanseAvskrivesAvKorrespondansepart"
        ) from None


def _avskrivningsreferanser(argumenter: dict[str, Any], bruker: Any) -> dict[str, Any]:
    ut = dict(argumenter)
    for arg, hent in (
        ("avskrives_av_journalpost", _svar),
        ("avskrives_av_korrespondansepart", _korrespondansepart),
    ):
        if arg in ut:
            ut[arg] = hent(ut[arg], bruker) if ut[arg] else None
    return ut


def _ny_avskrivning(journalpost: Any, argumenter: dict[str, Any], bruker: Any) -> Any:
    argumenter = _avskrivningsreferanser(argumenter, bruker)
    argumenter.setdefault("avskrivningsmaate", STANDARD_AVSKRIVNINGSMAATE)
    return journalpost_avskriv(journalpost=journalpost, utfoert_av=bruker, **argumenter)


def _avskrivning_endre(avskrivning: Any, argumenter: dict[str, Any], bruker: Any) -> None:
    gjeldende = {
        "avskrives_av_journalpost": avskrivning.referanse_avskrives_av_journalpost,
        "avskrives_av_korrespondansepart": avskrivning.referanse_avskrives_av_korrespondansepart,
    }
    # What a PUT sends back unchanged is not passed on.
    argumenter = {
        n: v
        for n, v in argumenter.items()
        if not (n in gjeldende and v == (str(gjeldende[n].system_id) if gjeldende[n] else ""))
    }
    if argumenter.get("avskrivningsmaate") == avskrivning.avskrivningsmaate:
        argumenter.pop("avskrivningsmaate")
    if argumenter:
        avskrivning_endre(
            avskrivning=avskrivning,
            utfoert_av=bruker,
            **_avskrivningsreferanser(argumenter, bruker),
        )


def _kan_avskrive(bruker: Any, journalpost: Any) -> bool:
    return (
        journalpost.journalposttype in regler.AVSKRIVES
        and _er_aapen_journalpost(journalpost)
        and kan_arbeide(bruker, journalpost)
    )


_AVSKRIVNINGSFELTER = (
    Skrivefelt("avskrivningsmaate", "avskrivningsmaate", T.KODE, kan_fjernes=False),
    Skrivefelt("referanseAvskrivesAvJournalpost", "avskrives_av_journalpost"),
    Skrivefelt("referanseAvskrivesAvKorrespondansepart", "avskrives_av_korrespondansepart"),
)

NY_AVSKRIVNING = Opprettelse(
    "sakarkiv/ny-avskrivning/",
    AVSKRIVNING,
    _ny_avskrivning,
    mal=lambda request, journalpost: uten_tomme(
        {"avskrivningsmaate": kodeobjekt("avskrivningsmaate", STANDARD_AVSKRIVNINGSMAATE)}
    ),
    kan=_kan_avskrive,
)


# --- dokumentflyt -------------------------------------------------------------------------------


def _ny_dokumentflyt(registrering: Any, argumenter: dict[str, Any], bruker: Any) -> Any:
    fra = argumenter.pop("flyt_fra", None)
    if fra is not None and fra not in (bruker.visningsnavn, bruker.username):
        raise DomeneFeil("flytFra er den innloggede brukeren, som sender.", felt="flytFra")
    til = _person(argumenter.pop("flyt_til"), registrering, bruker, felt="flytTil")
    return dokumentflyt_send(
        registrering=registrering, flyt_til=til, utfoert_av=bruker, **argumenter
    )


def _dokumentflytmal(request: Any, registrering: Any) -> dict[str, Any]:
    """client-compat.md §5.3: flytFra the current user, flytSendtDato now."""
    from rest_framework import serializers  # type: ignore[import-untyped]

    return {
        "flytFra": request.user.visningsnavn,
        "flytSendtDato": serializers.DateTimeField().to_representation(naa()),
    }


def _dokumentflyt_endre(flyt: Any, argumenter: dict[str, Any], bruker: Any) -> None:
    """The recipient answers with flytStatus (and flytMerknad); nothing else changes."""
    status = argumenter.get("flyt_status")
    merknad = argumenter.get("flyt_merknad")
    if status is None or status == flyt.flyt_status:
        if merknad is not None and merknad != flyt.flyt_merknad:
            raise DomeneFeil(
                "flytMerknad endres sammen med svaret (flytStatus).", felt="flytMerknad"
            )
        return
    dokumentflyt_besvar(
        dokumentflyt=flyt, flyt_status=status, flyt_merknad=merknad or "", utfoert_av=bruker
    )


def _kan_sende_paa_flyt(bruker: Any, registrering: Any) -> bool:
    return _er_aapen_journalpost(registrering) and kan_arbeide(bruker, registrering)


NY_DOKUMENTFLYT = Opprettelse(
    "sakarkiv/ny-dokumentflyt/",
    DOKUMENTFLYT,
    _ny_dokumentflyt,
    mal=_dokumentflytmal,
    kan=_kan_sende_paa_flyt,
    felter=(
        Skrivefelt("flytTil", "flyt_til", paakrevd=True),
        Skrivefelt("flytFra", "flyt_fra"),
        Skrivefelt("flytSendtDato", "flyt_sendt_dato", T.DATOTID),
        Skrivefelt("flytMerknad", "flyt_merknad"),
    ),
)


def _dokumentflytlenker(rader: QuerySet[Any], bruker: Any) -> QuerySet[Any]:
    annotert: QuerySet[Any] = rader.annotate(**eierannotasjoner("registrering"))
    return annotert


# --- presedens ----------------------------------------------------------------------------------


def _ny_presedens(kilde: Any, argumenter: dict[str, Any], bruker: Any) -> Any:
    if isinstance(kilde, Mappe):
        return presedens_opprett(saksmappe=kilde, utfoert_av=bruker, **argumenter)
    return presedens_opprett(journalpost=kilde, utfoert_av=bruker, **argumenter)


def _presedensmal(request: Any, kilde: Any) -> dict[str, Any]:
    """presedensDato: the journalpost's dokumentetsDato, otherwise today (model.md §4.13)."""
    dato = getattr(kilde, "dokumentets_dato", None) or dato_i_oslo(naa())
    return {"presedensDato": dato.isoformat()}


def _presedens_endre(presedens: Any, argumenter: dict[str, Any], bruker: Any) -> None:
    endringer = {n: v for n, v in argumenter.items() if getattr(presedens, n, None) != v}
    if endringer:
        presedens_endre(presedens=presedens, utfoert_av=bruker, **endringer)


NY_PRESEDENS = Opprettelse(
    "sakarkiv/ny-presedens/",
    PRESEDENS,
    _ny_presedens,
    mal=_presedensmal,
    kan=lambda bruker, kilde: kan_arbeide(bruker, kilde),
)


# --- registration -------------------------------------------------------------------------------

registrer(
    _korrespondansepartstype(
        "korrespondansepart",
        rader=lambda bruker: korrespondansepart_liste(bruker=bruker),
        serializer=KorrespondansepartSerializer,
        konkret=_korrespondanseparttype,
        beskrivelse="Korrespondanseparter av alle slag.",
    ),
    _korrespondansepartstype(
        "korrespondansepartperson",
        rader=lambda bruker: korrespondansepart_liste(bruker=bruker).filter(
            korrespondansepartsubtype=Korrespondanseparttype.PERSON
        ),
        serializer=KorrespondansepartPersonSerializer,
        skrivefelter=_SKRIVEFELTER[Korrespondanseparttype.PERSON],
    ),
    _korrespondansepartstype(
        "korrespondansepartenhet",
        rader=lambda bruker: korrespondansepart_liste(bruker=bruker).filter(
            korrespondansepartsubtype=Korrespondanseparttype.ENHET
        ),
        serializer=KorrespondansepartEnhetSerializer,
        skrivefelter=_SKRIVEFELTER[Korrespondanseparttype.ENHET],
    ),
    _korrespondansepartstype(
        "korrespondansepartintern",
        rader=lambda bruker: korrespondansepart_liste(bruker=bruker).filter(
            korrespondansepartsubtype=Korrespondanseparttype.INTERN
        ),
        serializer=KorrespondansepartInternSerializer,
        skrivefelter=_SKRIVEFELTER[Korrespondanseparttype.INTERN],
    ),
    Entitetstype(
        "sakarkiv",
        "avskrivning",
        rader=lambda bruker: avskrivning_liste(bruker=bruker),
        serializer=AvskrivningSerializer,
        feltkart=AVSKRIVNING_FELTER,
        skrivefelter=_AVSKRIVNINGSFELTER,
        endre=_avskrivning_endre,
        slett=lambda avskrivning, bruker: avskrivning_slett(
            avskrivning=avskrivning, utfoert_av=bruker
        ),
        foreldre=(
            Forelder("sakarkiv/journalpost/", "sakarkiv/journalpost/", "journalpost.system_id"),
        ),
        kodelister=("avskrivningsmaate",),
        er_arkivenhet=False,
    ),
    Entitetstype(
        "sakarkiv",
        "dokumentflyt",
        rader=lambda bruker: dokumentflyt_liste(bruker=bruker),
        serializer=DokumentflytSerializer,
        feltkart=DOKUMENTFLYT_FELTER,
        skrivefelter=(
            Skrivefelt("flytStatus", "flyt_status", T.KODE, ved_opprettelse=False),
            Skrivefelt("flytMerknad", "flyt_merknad"),
        ),
        endre=_dokumentflyt_endre,
        slett=lambda flyt, bruker: dokumentflyt_slett(dokumentflyt=flyt, utfoert_av=bruker),
        annoter=_dokumentflytlenker,
        foreldre=_REGISTRERINGSFORELDRE,
        kodelister=("flytstatus",),
        er_arkivenhet=False,
    ),
    Entitetstype(
        "sakarkiv",
        "presedens",
        rader=lambda bruker: presedens_liste(bruker=bruker),
        serializer=PresedensSerializer,
        feltkart=PRESEDENS_FELTER,
        skrivefelter=(
            Skrivefelt("tittel", "tittel", kan_fjernes=False, paakrevd=True),
            Skrivefelt("beskrivelse", "beskrivelse"),
            Skrivefelt("presedensHjemmel", "presedens_hjemmel"),
            Skrivefelt("rettskildefaktor", "rettskildefaktor", kan_fjernes=False, paakrevd=True),
            Skrivefelt("presedensDato", "presedens_dato", T.DATO, kan_fjernes=False),
            Skrivefelt(
                "presedensStatus",
                "presedens_status",
                T.KODE,
                kan_fjernes=False,
                ved_opprettelse=False,
            ),
        ),
        endre=_presedens_endre,
        slett=lambda presedens, bruker: presedens_slett(presedens=presedens, utfoert_av=bruker),
        underlister=(
            Underliste(
                "sakarkiv/saksmappe/",
                "saksmappe",
                SAKSMAPPE,
                lambda bruker, presedens: (
                    REGISTER[SAKSMAPPE].rader(bruker).filter(presedenser=presedens)
                ),
            ),
            Underliste(
                "sakarkiv/journalpost/",
                "journalpost",
                JOURNALPOST,
                lambda bruker, presedens: (
                    REGISTER[JOURNALPOST].rader(bruker).filter(presedenser=presedens)
                ),
            ),
        ),
        kodelister=("presedensstatus",),
        er_arkivenhet=False,
    ),
)


# --- below the owners ---------------------------------------------------------------------------


def _presedenser(bruker: Any, kilde: Any) -> QuerySet[Any]:
    if isinstance(kilde, Mappe):
        return presedens_liste(bruker=bruker, saksmappe=kilde)
    return presedens_liste(bruker=bruker, journalpost=kilde)


_KORRESPONDANSEPARTLISTE = Underliste(
    "arkivstruktur/korrespondansepart/",
    "korrespondansepart",
    KORRESPONDANSEPART,
    lambda bruker, registrering: korrespondansepart_liste(bruker=bruker, registrering=registrering),
)
_DOKUMENTFLYTLISTE = Underliste(
    "sakarkiv/dokumentflyt/",
    "dokumentflyt",
    DOKUMENTFLYT,
    lambda bruker, registrering: dokumentflyt_liste(bruker=bruker, registrering=registrering),
)
_PRESEDENSLISTE = Underliste(
    "sakarkiv/presedens/",
    "presedens",
    PRESEDENS,
    _presedenser,
)

for _noekkel in _REGISTRERINGER:
    utvid(_noekkel, underlister=(_KORRESPONDANSEPARTLISTE,), opprettelser=NY_KORRESPONDANSEPART)
utvid(
    JOURNALPOST,
    underlister=(
        Underliste(
            "sakarkiv/avskrivning/",
            "avskrivning",
            AVSKRIVNING,
            lambda bruker, journalpost: avskrivning_liste(bruker=bruker, journalpost=journalpost),
        ),
        _DOKUMENTFLYTLISTE,
        _PRESEDENSLISTE,
    ),
    opprettelser=(NY_AVSKRIVNING, NY_DOKUMENTFLYT, NY_PRESEDENS),
)
utvid(ARKIVNOTAT, underlister=(_DOKUMENTFLYTLISTE,), opprettelser=(NY_DOKUMENTFLYT,))
utvid(SAKSMAPPE, underlister=(_PRESEDENSLISTE,), opprettelser=(NY_PRESEDENS,))
