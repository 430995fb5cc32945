"""The API's entity resources, one module per part of the model. Importing this registers
them all (ressurs.REGISTER). The order matters: a module may add sub-lists and create links
to the types of the modules before it (`ressurs.utvid`), never to those after it."""

# ruff: noqa: I001 - the order below is the registration order, not the alphabet

from noark_api.ressurser import (  # noqa: F401
    arkivstruktur,  # arkivskaper, arkiv, arkivdel
    mappe,  # mappe, saksmappe, registrering, journalpost, arkivnotat
    klassifikasjon,  # klassifikasjonssystem, klasse
    dokument,  # dokumentbeskrivelse, dokumentobjekt, konvertering (and files)
    sekundaer,  # part, merknad, kryssreferanse, nasjonale identifikatorer
    oppfoelging,  # korrespondansepart, avskrivning, dokumentflyt, presedens
    metadata,  # code lists, virksomhetsspesifikkeMetadata
    admin,  # administrativ enhet, bruker, rettighet
    loggingogsporing,  # endringslogg, hendelseslogg
    verdilister,  # the vendor sub-resources of repeated values (noekkelord …)
)
