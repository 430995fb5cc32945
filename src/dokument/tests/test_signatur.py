"""Verifying PDF signatures (dokument.konvertering.signatur).

Every test makes its own small PKI with `cryptography` (a CA and signer certificates) and signs
a PDF with pyHanko (PAdES B-B), so nothing depends on real certificates or the network.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from dokument.konvertering.signatur import (
    ENDRET,
    IKKE_GODKJENT_UTSTEDER,
    IKKE_VERIFISERT,
    PERSON_HOEY,
    PERSON_STANDARD,
    TILBAKETREKKING,
    VERIFISERT,
    VIRKSOMHETSSERTIFIKAT,
    Signaturresultat,
    verifiser_signaturer,
)

NAA = dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Sertifikat:
    sertifikat: x509.Certificate
    noekkel: ec.EllipticCurvePrivateKey


def _bruk(*, ca: bool) -> x509.KeyUsage:
    """A CA signs certificates and revocation lists; a signer signs documents (non-repudiation)."""
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _sertifikatbygger(
    emne: x509.Name,
    utsteder: x509.Name,
    noekkel: ec.EllipticCurvePrivateKey,
    *,
    ca: bool,
    dager: int,
) -> x509.CertificateBuilder:
    """A certificate for `noekkel`, valid from yesterday for `dager` days."""
    return (
        x509.CertificateBuilder()
        .subject_name(emne)
        .issuer_name(utsteder)
        .public_key(noekkel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NAA - dt.timedelta(days=1))
        .not_valid_after(NAA + dt.timedelta(days=dager))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_bruk(ca=ca), critical=True)
    )


def lag_ca(navn: str = "Arkivar Test-CA") -> Sertifikat:
    noekkel = ec.generate_private_key(ec.SECP256R1())
    emne = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, navn)])
    sertifikat = (
        _sertifikatbygger(emne, emne, noekkel, ca=True, dager=3650)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(noekkel.public_key()), critical=False
        )
        .sign(noekkel, hashes.SHA256())
    )
    return Sertifikat(sertifikat, noekkel)


def lag_underskriver(
    ca: Sertifikat,
    emne: list[x509.NameAttribute],
    *,
    policy: str | None = None,
) -> Sertifikat:
    noekkel = ec.generate_private_key(ec.SECP256R1())
    bygger = _sertifikatbygger(
        x509.Name(emne), ca.sertifikat.subject, noekkel, ca=False, dager=365
    ).add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.noekkel.public_key()),
        critical=False,
    )
    if policy:
        bygger = bygger.add_extension(
            x509.CertificatePolicies([x509.PolicyInformation(x509.ObjectIdentifier(policy), None)]),
            critical=False,
        )
    return Sertifikat(bygger.sign(ca.noekkel, hashes.SHA256()), noekkel)


def person(navn: str) -> list[x509.NameAttribute]:
    return [
        x509.NameAttribute(NameOID.SERIAL_NUMBER, "UN:NO-9578-4050-100000001"),
        x509.NameAttribute(NameOID.COMMON_NAME, navn),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "NO"),
    ]


def virksomhet(navn: str, orgnr: str) -> list[x509.NameAttribute]:
    return [
        x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"NTRNO-{orgnr}"),
        x509.NameAttribute(NameOID.COMMON_NAME, navn),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, navn),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "NO"),
    ]


def pem(tmp_path: Path, ca: Sertifikat, navn: str = "ca.pem") -> Path:
    fil = tmp_path / navn
    fil.write_bytes(ca.sertifikat.public_bytes(serialization.Encoding.PEM))
    return fil


def usignert_pdf(fil: Path) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.pages[0].contents_add(pikepdf.Stream(pdf, b"0 0 1 rg 100 100 200 200 re f"))
    pdf.save(fil, compress_streams=False)  # readable, so a test can change a byte in it
    return fil


def signer(kilde: Path, ut: Path, underskriver: Sertifikat, ca: Sertifikat, felt: str) -> Path:
    """Sign `kilde` into `ut` with pyHanko, PAdES B-B, the CA certificate embedded."""

    def asn1(sertifikat: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(sertifikat.public_bytes(serialization.Encoding.DER))

    noekkel = asn1_keys.PrivateKeyInfo.load(
        underskriver.noekkel.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signerer = signers.SimpleSigner(
        signing_cert=asn1(underskriver.sertifikat),
        signing_key=noekkel,
        cert_registry=SimpleCertificateStore.from_certs([asn1(ca.sertifikat)]),
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=felt, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    with kilde.open("rb") as inn, ut.open("wb") as utfil:
        signers.sign_pdf(IncrementalPdfFileWriter(inn), metadata, signer=signerer, output=utfil)
    return ut


def signaturer(fil: Path) -> Signaturresultat:
    """What `verifiser_signaturer` finds in a file that has signatures (never None)."""
    resultat = verifiser_signaturer(fil)
    assert resultat is not None
    return resultat


@pytest.fixture
def ca() -> Sertifikat:
    return lag_ca()


@pytest.fixture
def klarert(ca: Sertifikat, tmp_path: Path, settings: object) -> None:
    """`ca` is the one trust anchor (ARKIVAR_SIGNATUR_TILLITSANKRE)."""
    settings.ARKIVAR_SIGNATUR_TILLITSANKRE = [str(pem(tmp_path, ca))]  # type: ignore[attr-defined]


@pytest.fixture
def signert(tmp_path: Path, ca: Sertifikat) -> Path:
    underskriver = lag_underskriver(ca, person("Kari Nordmann"))
    return signer(
        usignert_pdf(tmp_path / "brev.pdf"), tmp_path / "signert.pdf", underskriver, ca, "Signatur1"
    )


@pytest.mark.usefixtures("klarert")
def test_klarert_signatur_er_verifisert(signert: Path) -> None:

    resultat = signaturer(signert)

    assert resultat.verifisert == VERIFISERT
    assert resultat.antall == 1
    assert resultat.underskrivere == ["Kari Nordmann"]
    assert resultat.sikkerhetsnivaa == PERSON_STANDARD
    assert resultat.merknad.startswith("Signaturen er intakt")
    assert resultat.merknad.endswith(TILBAKETREKKING)


def test_ukjent_utsteder_er_ikke_verifisert(
    signert: Path, tmp_path: Path, settings: object
) -> None:
    # Another CA is trusted, not the one that issued the signer's certificate.
    settings.ARKIVAR_SIGNATUR_TILLITSANKRE = [str(pem(tmp_path, lag_ca("Annen CA")))]  # type: ignore[attr-defined]

    resultat = signaturer(signert)

    assert resultat.verifisert == IKKE_VERIFISERT
    assert resultat.merknad == f"{IKKE_GODKJENT_UTSTEDER}. {TILBAKETREKKING}"


def test_uten_tillitsankre_er_ingenting_verifisert(signert: Path, settings: object) -> None:
    # Not even the operating system's trust list counts.
    del settings.ARKIVAR_SIGNATUR_TILLITSANKRE  # type: ignore[attr-defined]

    resultat = signaturer(signert)

    assert resultat.verifisert == IKKE_VERIFISERT
    assert IKKE_GODKJENT_UTSTEDER in resultat.merknad


def test_manglende_ankerfil_stopper_ikke_kontrollen(
    signert: Path, tmp_path: Path, settings: object
) -> None:
    settings.ARKIVAR_SIGNATUR_TILLITSANKRE = [str(tmp_path / "finnes_ikke.pem")]  # type: ignore[attr-defined]

    resultat = signaturer(signert)

    assert resultat.verifisert == IKKE_VERIFISERT


@pytest.mark.usefixtures("klarert")
def test_endrede_bytes_i_signert_omraade(signert: Path) -> None:
    innhold = signert.read_bytes()
    # The page's colour "0 0 1 rg" becomes "0 1 1 rg": same length, so the file still parses.
    assert innhold.count(b"0 0 1 rg") == 1
    signert.write_bytes(innhold.replace(b"0 0 1 rg", b"0 1 1 rg"))

    resultat = signaturer(signert)

    assert resultat.verifisert == IKKE_VERIFISERT
    assert resultat.merknad.startswith(ENDRET)


@pytest.mark.usefixtures("klarert")
def test_inkrementell_endring_etter_signering(signert: Path) -> None:
    # A new content stream on the signed page, appended as an incremental update: the
    # signed bytes are untouched, but a signature does not allow changing page content.
    with signert.open("rb+") as f:
        skriver = IncrementalPdfFileWriter(f)
        strøm = skriver.add_object(generic.StreamObject(stream_data=b"1 0 0 rg 0 0 50 50 re f"))
        skriver.add_stream_to_page(0, strøm)
        skriver.write_in_place()

    resultat = signaturer(signert)

    assert resultat.verifisert == IKKE_VERIFISERT
    assert ENDRET in resultat.merknad


@pytest.mark.usefixtures("klarert")
def test_to_signaturer_og_virksomhetssertifikat(tmp_path: Path, ca: Sertifikat) -> None:
    kommune = lag_underskriver(ca, virksomhet("Eksempel kommune", "974760673"))
    leder = lag_underskriver(ca, person("Ola Nordmann"), policy="2.16.578.1.26.1.3.1")
    en = signer(usignert_pdf(tmp_path / "avtale.pdf"), tmp_path / "en.pdf", kommune, ca, "Kommunen")
    # A second signature on another field is an allowed incremental update.
    to = signer(en, tmp_path / "to.pdf", leder, ca, "Leder")

    resultat = signaturer(to)

    assert resultat.verifisert == VERIFISERT
    assert resultat.antall == 2
    assert resultat.underskrivere == ["Eksempel kommune", "Ola Nordmann"]
    assert resultat.sikkerhetsnivaa == VIRKSOMHETSSERTIFIKAT
    assert resultat.merknad.startswith("Alle 2 signaturene er intakte")


@pytest.mark.usefixtures("klarert")
def test_buypass_person_hoey(tmp_path: Path, ca: Sertifikat) -> None:
    leder = lag_underskriver(ca, person("Ola Nordmann"), policy="2.16.578.1.26.1.3.1")
    signert = signer(usignert_pdf(tmp_path / "a.pdf"), tmp_path / "b.pdf", leder, ca, "Signatur1")

    resultat = signaturer(signert)

    assert resultat.sikkerhetsnivaa == PERSON_HOEY


def test_usignert_pdf_gir_ingenting(tmp_path: Path) -> None:
    assert verifiser_signaturer(usignert_pdf(tmp_path / "usignert.pdf")) is None


def test_tomt_signaturfelt_gir_ingenting(tmp_path: Path) -> None:
    usignert = usignert_pdf(tmp_path / "skjema.pdf")
    with usignert.open("rb+") as f:
        skriver = IncrementalPdfFileWriter(f)
        fields.append_signature_field(skriver, fields.SigFieldSpec("Signatur1", box=(0, 0, 1, 1)))
        skriver.write_in_place()

    assert verifiser_signaturer(usignert) is None


def test_uleselig_pdf_gir_ingenting(tmp_path: Path) -> None:
    fil = tmp_path / "skadet.pdf"
    fil.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")

    assert verifiser_signaturer(fil) is None
