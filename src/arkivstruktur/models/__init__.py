from arkivstruktur.models.arkiv import Arkiv, Arkivdel, Arkivskaper
from arkivstruktur.models.datatyper import (
    ElektroniskSignatur,
    Gradering,
    Kassasjon,
    Skjerming,
    Sletting,
    UtfoertKassasjon,
)
from arkivstruktur.models.dokument import (
    Dokumentbeskrivelse,
    Dokumentobjekt,
    Dokumenttilknytning,
    Konvertering,
)
from arkivstruktur.models.klassifikasjon import Klasse, Klassifikasjonssystem
from arkivstruktur.models.mappe import Mappe, Mappetype
from arkivstruktur.models.registrering import Registrering, Registreringstype
from arkivstruktur.models.sekundaer import Kryssreferanse, Merknad, Nasjonalidentifikator, Part

__all__ = [
    "Arkiv",
    "Arkivdel",
    "Arkivskaper",
    "Dokumentbeskrivelse",
    "Dokumentobjekt",
    "Dokumenttilknytning",
    "ElektroniskSignatur",
    "Gradering",
    "Kassasjon",
    "Klasse",
    "Klassifikasjonssystem",
    "Konvertering",
    "Kryssreferanse",
    "Mappe",
    "Mappetype",
    "Merknad",
    "Nasjonalidentifikator",
    "Part",
    "Registrering",
    "Registreringstype",
    "Skjerming",
    "Sletting",
    "UtfoertKassasjon",
]
