"""Verifying the electronic signatures in a received PDF (model.md §4.14 ElektroniskSignatur).

pyHanko checks every signature the PDF carries: that the signed bytes are unchanged and that
later incremental updates are of the kinds the signature allows (integrity), and that the
signer's certificate chains to one of our trust anchors (trust). The anchors are the
certificates in the PEM files of the setting ARKIVAR_SIGNATUR_TILLITSANKRE and nothing else:
not the operating system's list, which would make "verified" mean something different on
every server. Nothing is fetched from the network, so revocation (CRL/OCSP) is not checked,
and `merknad` says so.

The result is what Noark records: elektroniskSignaturVerifisert (M508) "V" only when every
signature is intact and trusted, else "I"; elektroniskSignaturSikkerhetsnivaa (M507) from the
first signer's certificate: "V" for a Norwegian enterprise certificate (the organisation number
in the subject, SEID), "PH" for a person certificate whose policy is a known high-level one
(Buypass, Commfides, or an eIDAS qualified certificate on a signature device), else "PS".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import (
    AdESFailure,
    AdESIndeterminate,
)
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)

# ElektroniskSignaturVerifisert (M508)
VERIFISERT = "V"  # Signatur påført og verifisert
IKKE_VERIFISERT = "I"  # Signatur påført, ikke verifisert

# ElektroniskSignaturSikkerhetsnivaa (M507)
VIRKSOMHETSSERTIFIKAT = "V"
PERSON_HOEY = "PH"
PERSON_STANDARD = "PS"

ENDRET = "Dokumentet er endret etter signering"
IKKE_GODKJENT_UTSTEDER = "Sertifikatet er ikke utstedt av en godkjent utsteder"
TILBAKETREKKING = "Tilbaketrekking (CRL/OCSP) er ikke kontrollert."

# Norwegian enterprise certificates (SEID 1 and 2) carry the 9-digit organisation number as
# serialNumber or as organizationIdentifier "NTRNO-<orgnr>"; person certificates have
# serialNumbers like "9578-4050-…" or "UN:NO-9578-…", which do not match.
_ORGANISASJONSNUMMER = re.compile(r"^(?:NTRNO-?)?\d{9}$")

# Certificate policies (OID prefixes, matched on whole arcs) of the Norwegian CAs' enterprise
# certificates: Buypass Class 3 virksomhet, Commfides Enterprise.
_VIRKSOMHETSPOLICYER = ("2.16.578.1.26.1.3.2", "2.16.578.1.29.13")
# Person certificates at the high level: Buypass Class 3 Person-Høyt, Commfides Person-High,
# and ETSI QCP-n-qscd (a qualified certificate for a natural person on a signature device).
_PERSON_HOEY_POLICYER = ("2.16.578.1.26.1.3.1", "2.16.578.1.29.12", "0.4.0.194112.1.2")


@dataclass(frozen=True)
class Signaturresultat:
    """What the signature check found, as Noark records it."""

    verifisert: str  # M508: "V" or "I"
    sikkerhetsnivaa: str  # M507: "V", "PH" or "PS"
    antall: int  # the number of signatures
    underskrivere: list[str]  # the signers' common names, in signing order
    merknad: str  # why it is not verified, and what was not checked (Norwegian)


@dataclass
class _Vurdering:
    """One signature's outcome."""

    underskriver: str
    sikkerhetsnivaa: str
    feil: list[str] = field(default_factory=list)


def verifiser_signaturer(fil: Path) -> Signaturresultat | None:
    """Verify every signature in the PDF `fil`. None when it has no signed signature field,
    and when it cannot be read at all (the input check reports damaged files)."""
    tillitsankre = _tillitsankre()
    try:
        with fil.open("rb") as f:
            leser = PdfFileReader(f, strict=False)
            if leser.encrypted and not _dekrypter(leser):
                return None
            signaturer = list(leser.embedded_regular_signatures)
            if not signaturer:
                return None
            vurderinger = [_vurder(signatur, tillitsankre) for signatur in signaturer]
    except Exception:  # hostile or broken PDFs make the parser fail in many ways
        logger.info("dokument.signatur_ulesbar", exc_info=True, extra={"fil": str(fil)})
        return None
    return _resultat(vurderinger)


def _dekrypter(leser: Any) -> bool:
    """A PDF with only an owner password opens with the empty user password."""
    try:
        leser.decrypt(b"")
    except Exception:
        return False
    return True


def _tillitsankre() -> list[Any]:
    """The trust anchors: every certificate in the PEM (or DER) files of the setting."""
    ankre: list[Any] = []
    for sti in getattr(settings, "ARKIVAR_SIGNATUR_TILLITSANKRE", []):
        try:
            ankre.extend(load_certs_from_pemder([str(sti)]))  # type: ignore[no-untyped-call]
        except (OSError, ValueError) as feil:
            # A missing anchor file must not stop intake; signatures simply stay unverified.
            logger.warning("dokument.tillitsanker_ulesbart", extra={"fil": str(sti), "feil": feil})
    return ankre


def _vurder(signatur: Any, tillitsankre: list[Any]) -> _Vurdering:
    # A context per signature: pyHanko releases a context's resources after each validation.
    kontekst = ValidationContext(
        trust_roots=tillitsankre, allow_fetching=False, revocation_mode="soft-fail"
    )
    try:
        status = validate_pdf_signature(signatur, signer_validation_context=kontekst)
    except Exception as feil:
        logger.info("dokument.signatur_kan_ikke_kontrolleres", exc_info=True)
        sertifikat = _signatursertifikat(signatur)
        return _Vurdering(
            underskriver=_underskriver(sertifikat),
            sikkerhetsnivaa=_sikkerhetsnivaa(sertifikat),
            feil=[f"Signaturen kan ikke kontrolleres ({type(feil).__name__})"],
        )
    return _Vurdering(
        underskriver=_underskriver(status.signing_cert),
        sikkerhetsnivaa=_sikkerhetsnivaa(status.signing_cert),
        feil=[] if status.bottom_line else _grunner(status),
    )


def _signatursertifikat(signatur: Any) -> Any:
    try:
        return signatur.signer_cert
    except Exception:
        return None


def _grunner(status: Any) -> list[str]:
    """Why a signature that is not good is not good, in the archivist's words."""
    grunner: list[str] = []
    if not status.intact:
        grunner.append(ENDRET)
    elif not status.valid:
        grunner.append("Signaturen er kryptografisk ugyldig")
    if not (status.docmdp_ok or status.modification_level is None):
        grunner.append(ENDRET)
    if status.intact and status.valid and not status.trusted:
        grunner.append(_tillitsgrunn(status.trust_problem_indic))
    tidsstempel = status.timestamp_validity
    if tidsstempel is not None and not (
        tidsstempel.valid and tidsstempel.intact and tidsstempel.trusted
    ):
        grunner.append("Tidsstempelet kan ikke verifiseres")
    if not status.seed_value_ok:
        grunner.append("Signaturen oppfyller ikke kravene signaturfeltet stiller")
    return list(dict.fromkeys(grunner)) or ["Signaturen kan ikke verifiseres"]


def _tillitsgrunn(indikasjon: Any) -> str:
    if indikasjon in (AdESFailure.REVOKED, AdESIndeterminate.REVOKED_NO_POE):
        return "Sertifikatet er trukket tilbake"
    if indikasjon in (
        AdESIndeterminate.EXPIRED,
        AdESIndeterminate.NOT_YET_VALID,
        AdESFailure.NOT_YET_VALID,
        AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
        AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
    ):
        return "Sertifikatet er utløpt eller ikke gyldig på kontrolltidspunktet"
    if indikasjon in (
        AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE,
        AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
    ):
        return "Signaturen bruker en algoritme som ikke lenger er godkjent"
    if indikasjon in (
        AdESIndeterminate.SIG_CONSTRAINTS_FAILURE,
        AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE,
    ):
        return "Sertifikatet er ikke gyldig for signering"
    return IKKE_GODKJENT_UTSTEDER


# The signer's certificate


def _underskriver(sertifikat: Any) -> str:
    if sertifikat is None:
        return "ukjent"
    try:
        emne = sertifikat.subject.native
        navn = emne.get("common_name") or emne.get("organization_name")
        if isinstance(navn, list):  # a repeated attribute
            navn = navn[0]
        return str(navn) if navn else str(sertifikat.subject.human_friendly)
    except Exception:
        return "ukjent"


def _sikkerhetsnivaa(sertifikat: Any) -> str:
    if sertifikat is None:
        return PERSON_STANDARD
    try:
        emne = sertifikat.subject.native
        policyer = _policyer(sertifikat)
    except Exception:
        return PERSON_STANDARD
    if any(
        _ORGANISASJONSNUMMER.match(verdi)
        for verdi in _verdier(emne, "organization_identifier", "serial_number")
    ) or _under(policyer, _VIRKSOMHETSPOLICYER):
        return VIRKSOMHETSSERTIFIKAT
    if _under(policyer, _PERSON_HOEY_POLICYER):
        return PERSON_HOEY
    return PERSON_STANDARD


def _verdier(emne: dict[str, Any], *noekler: str) -> list[str]:
    verdier: list[str] = []
    for noekkel in noekler:
        verdi = emne.get(noekkel)
        verdier.extend(str(v).strip() for v in (verdi if isinstance(verdi, list) else [verdi]) if v)
    return verdier


def _policyer(sertifikat: Any) -> list[str]:
    policyer = sertifikat.certificate_policies_value
    if policyer is None:
        return []
    return [str(policy["policy_identifier"].dotted) for policy in policyer]


def _under(policyer: Iterable[str], prefikser: tuple[str, ...]) -> bool:
    return any(
        p == prefiks or p.startswith(prefiks + ".") for p in policyer for prefiks in prefikser
    )


# The document's result


def _resultat(vurderinger: list[_Vurdering]) -> Signaturresultat:
    verifisert = all(not v.feil for v in vurderinger)
    return Signaturresultat(
        verifisert=VERIFISERT if verifisert else IKKE_VERIFISERT,
        sikkerhetsnivaa=vurderinger[0].sikkerhetsnivaa,
        antall=len(vurderinger),
        underskrivere=[v.underskriver for v in vurderinger],
        merknad=_merknad(vurderinger, verifisert=verifisert),
    )


def _merknad(vurderinger: list[_Vurdering], *, verifisert: bool) -> str:
    if verifisert:
        if len(vurderinger) == 1:
            deler = ["Signaturen er intakt, og sertifikatet er utstedt av en godkjent utsteder."]
        else:
            deler = [
                f"Alle {len(vurderinger)} signaturene er intakte, og sertifikatene er utstedt "
                "av en godkjent utsteder."
            ]
    elif len(vurderinger) == 1:
        deler = [f"{'. '.join(vurderinger[0].feil)}."]
    else:
        deler = [
            f"Signatur {nr} ({v.underskriver}): {'. '.join(v.feil)}."
            for nr, v in enumerate(vurderinger, start=1)
            if v.feil
        ]
    return " ".join([*deler, TILBAKETREKKING])
