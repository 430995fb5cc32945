"""E-mail to PDF/A-2b with the attachments as documents of their own
(dokument.konvertering.epost).

The messages are made here: .eml with the standard library, .msg as a compound file built by
`eksempelfiler.lag_ole2` with the streams Outlook writes. One of each goes through LibreOffice;
reading, cleaning HTML and the failure paths are tested without it.
"""

from __future__ import annotations

import datetime
import io
import struct
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from PIL import Image

from dokument.konvertering import epost
from dokument.konvertering.felles import (
    IKKE_STOETTET,
    KRYPTERT,
    SKADET,
    Konverteringsfeil,
    Konvertert,
)
from dokument.tests import eksempelfiler
from dokument.tests.eksempelfiler import lag_ole2
from dokument.tests.hjelpere import sjekk_pdfa_2b

EMNE = "Søknad om støtte til blåbærfestival på Årnes"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 12), (0, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def lag_eml() -> tuple[bytes, bytes]:
    """A message as a mail client sends it: text and HTML alternatives, the HTML with an
    inline logo (cid:), a PDF attachment and a forwarded message. The raw bytes, and the PDF."""
    melding = EmailMessage()
    melding["From"] = "Åse Ærlig <ase@example.no>"
    melding["To"] = "Ørjan Øverås <orjan@example.no>, postmottak@kommune.example"
    melding["Cc"] = "Kåre Lød <kare@example.no>"
    melding["Subject"] = EMNE
    melding["Date"] = "Tue, 03 Feb 2026 14:05:00 +0100"
    melding["Message-ID"] = "<1@example.no>"
    melding.set_content("Hei!\n\nVi søker om støtte til kjøkkenutstyr.\n\nHilsen Åse\n")
    melding.add_alternative(
        "<html><head><style>p { color: #333; }</style></head><body>"
        "<p>Hei!</p><p>Vi søker om støtte til <b>kjøkkenutstyr</b>.</p>"
        '<p><img src="cid:logo@example.no" alt="Logo"></p><p>Hilsen Åse</p>'
        "</body></html>",
        subtype="html",
    )
    html_del = melding.get_payload()[1]
    html_del.add_related(_png(), maintype="image", subtype="png", cid="<logo@example.no>")
    pdf = eksempelfiler.blank_pdf()
    melding.add_attachment(
        pdf, maintype="application", subtype="pdf", filename="Budsjett for blåbærfestival.pdf"
    )
    videresendt = EmailMessage()
    videresendt["From"] = "kare@example.no"
    videresendt["Subject"] = "Tidligere søknad"
    videresendt.set_content("Den gamle søknaden.\n")
    melding.add_attachment(videresendt)
    return melding.as_bytes(), pdf


def test_eml_blir_pdfa_2b_med_vedleggene_for_seg(tmp_path: Path, arbeidsmappe: Path) -> None:
    raatt, pdf = lag_eml()
    assert b"=?utf-8?" in raatt  # the subject really travels as RFC 2047 encoded words
    kilde = tmp_path / "lagret-fil"
    kilde.write_bytes(raatt)

    resultat = epost.til_pdfa(kilde, arbeidsmappe, filtype="eml")

    tekst = sjekk_pdfa_2b(resultat, arbeidsmappe)
    for forventet in (
        EMNE,
        "Åse Ærlig <ase@example.no>",
        "Ørjan Øverås",
        "Kåre Lød",
        "03.02.2026",
        "kjøkkenutstyr",
        "Budsjett for blåbærfestival.pdf",
        "Tidligere søknad.eml",
    ):
        assert forventet in tekst
    # The inline logo is part of the rendering, not an attachment of its own.
    assert [v.filnavn for v in resultat.vedlegg] == [
        "Budsjett for blåbærfestival.pdf",
        "Tidligere søknad.eml",
    ]
    budsjett, videresendt = resultat.vedlegg
    assert budsjett.fil.read_bytes() == pdf
    assert budsjett.mime_type == "application/pdf"
    assert budsjett.fil.is_relative_to(arbeidsmappe)
    assert budsjett.fil.suffix == ".pdf"
    assert videresendt.mime_type == "message/rfc822"
    indre = BytesParser(policy=policy.default).parsebytes(videresendt.fil.read_bytes())
    assert indre["Subject"] == "Tidligere søknad"
    assert "2 vedlegg" in resultat.kommentar


def _msg_egenskaper(hode: bytes, faste: list[tuple[int, int]]) -> bytes:
    # Property stream (MS-OXMSG 2.4): a header, then 16-byte entries (tag, flags, value).
    return hode + b"".join(struct.pack("<IIQ", tag, 6, verdi) for tag, verdi in faste)


def _utf16(tekst: str) -> bytes:
    return tekst.encode("utf-16-le")


def lag_msg(vedlegg: bytes) -> bytes:
    """An Outlook message with the streams MS-OXMSG names: subject, text body, transport
    headers (From, To, Cc), the submit time, and one attachment by value."""
    sendt = datetime.datetime(2026, 2, 3, 13, 5, tzinfo=datetime.UTC)
    filetime = int((sendt - datetime.datetime(1601, 1, 1, tzinfo=datetime.UTC)).total_seconds())
    hoder = (
        "From: =?utf-8?q?=C3=85se_=C3=86rlig?= <ase@example.no>\r\n"
        "To: postmottak@kommune.example\r\n"
        "Cc: =?utf-8?q?K=C3=A5re_L=C3=B8d?= <kare@example.no>\r\n\r\n"
    )
    vedlegg_mappe = "__attach_version1.0_#00000000"
    return lag_ole2(
        {
            # Top-level header: reserved, next recipient id, next attachment id, counts.
            "__properties_version1.0": _msg_egenskaper(
                struct.pack("<8sIIII8s", b"", 0, 1, 0, 1, b""),
                [(0x00390040, filetime * 10_000_000)],  # PR_CLIENT_SUBMIT_TIME
            ),
            "__substg1.0_001A001F": _utf16("IPM.Note"),
            "__substg1.0_0037001F": _utf16(EMNE),
            "__substg1.0_1000001F": _utf16("Hei!\r\n\r\nVi søker om støtte til kjøkkenutstyr.\r\n"),
            "__substg1.0_007D001F": _utf16(hoder),
            "__nameid_version1.0/__substg1.0_00020102": b"",
            "__nameid_version1.0/__substg1.0_00030102": b"",
            "__nameid_version1.0/__substg1.0_00040102": b"",
            f"{vedlegg_mappe}/__properties_version1.0": _msg_egenskaper(
                b"\0" * 8,
                [(0x37050003, 1)],  # PR_ATTACH_METHOD: by value
            ),
            f"{vedlegg_mappe}/__substg1.0_37010102": vedlegg,
            f"{vedlegg_mappe}/__substg1.0_3707001F": _utf16("Budsjett.pdf"),
            f"{vedlegg_mappe}/__substg1.0_370E001F": _utf16("application/pdf"),
        }
    )


def test_msg_blir_pdfa_2b_med_vedlegget_for_seg(tmp_path: Path, arbeidsmappe: Path) -> None:
    pdf = eksempelfiler.blank_pdf()
    kilde = tmp_path / "lagret-fil"
    kilde.write_bytes(lag_msg(pdf))

    resultat = epost.til_pdfa(kilde, arbeidsmappe, filtype="msg")

    tekst = sjekk_pdfa_2b(resultat, arbeidsmappe)
    for forventet in (EMNE, "Åse Ærlig <ase@example.no>", "Kåre Lød", "03.02.2026", "kjøkken"):
        assert forventet in tekst
    assert resultat.verktoey.startswith("extract-msg ")
    assert [(v.filnavn, v.mime_type) for v in resultat.vedlegg] == [
        ("Budsjett.pdf", "application/pdf")
    ]
    assert resultat.vedlegg[0].fil.read_bytes() == pdf


# Reading and rendering, without LibreOffice


def test_kodede_topptekster_leses_riktig(tmp_path: Path) -> None:
    kilde = tmp_path / "melding.eml"
    kilde.write_bytes(
        b"From: =?iso-8859-1?q?=C5se_=C6rlig?= <ase@example.no>\r\n"
        b"To: =?utf-8?b?w5hyamFuIMOYdmVyw6Vz?= <orjan@example.no>\r\n"
        b"Subject: =?iso-8859-1?q?Bl=E5b=E6rsyltet=F8y?= og\r\n"
        b" =?utf-8?q?kj=C3=B8kken?=\r\n"
        b"Date: Tue, 03 Feb 2026 14:05:00 +0100\r\n"
        b"Content-Type: text/plain; charset=iso-8859-1\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n"
        b"\r\n"
        b"Br=F8dtekst med =E6=F8=E5.\r\n"
    )

    melding = epost.les_eml(kilde)

    assert melding.fra == "Åse Ærlig <ase@example.no>"
    assert melding.til == "Ørjan Øverås <orjan@example.no>"
    assert melding.emne == "Blåbærsyltetøy og kjøkken"
    assert melding.dato == "03.02.2026 kl. 14:05:00 +0100"
    assert melding.tekster == [(False, "Brødtekst med æøå.\n")]


def test_html_renses_for_skript_og_eksterne_ressurser() -> None:
    logo = epost._Del("logo.png", _png(), "image/png", innholds_id="logo@x")
    melding = epost.Melding(
        fra="a@example.no",
        emne="Nyhetsbrev",
        tekster=[
            (
                True,
                "<html><head><style>@import url(https://spor.example/a.css);"
                " p { background: url(https://spor.example/b.png) }</style>"
                '<link rel="stylesheet" href="https://spor.example/c.css">'
                "<script>alert(1)</script></head>"
                '<body onload="spor()"><p onclick="x()">Nyheter om æøå</p>'
                '<img src="https://spor.example/piksel.gif" width="1">'
                '<img src="https://spor.example/bilde.jpg" alt="Sommerbilde">'
                '<img src="cid:logo@x">'
                '<iframe src="https://spor.example/ramme"></iframe>'
                '<div style="background-image: url(https://spor.example/d.png)">Boks</div>'
                '<a href="https://kommune.example/sak">Les mer</a>'
                '<a href="javascript:alert(1)">Klikk</a>'
                "<form action=https://spor.example/f><input name=q><button>Send</button></form>"
                "</body></html>",
            )
        ],
        deler=[logo, epost._Del("notat.txt", b"x" * 2048, "text/plain")],
    )

    side, rensing = epost.lag_html(melding)

    assert "spor.example" not in side
    assert "<script" not in side
    assert "alert" not in side
    assert "onload" not in side
    assert "onclick" not in side
    assert "<iframe" not in side
    assert "<input" not in side
    assert "Nyheter om æøå" in side
    assert "[Bilde: Sommerbilde]" in side
    assert '<a href="https://kommune.example/sak">Les mer</a>' in side
    assert ">Klikk</a>" in side
    assert ">Send<" in side
    assert "data:image/png;base64," in side
    assert rensing.brukte_cid == {"logo@x"}
    assert rensing.fjernet == 7
    # The logo is shown in the body, so only the note is listed as an attachment.
    assert "notat.txt (2,0 kB, text/plain)" in side
    assert "logo.png" not in side


def test_tekstkropp_beholder_linjer_og_innrykk() -> None:
    melding = epost.Melding(emne="Svar", tekster=[(False, "Hei <du>\n\n> sitat\n>   innrykk")])

    side, _ = epost.lag_html(melding)

    assert "<p>Hei &lt;du&gt;</p>" in side
    assert "<p>&gt; sitat<br>&gt;\u00a0\u00a0\u00a0innrykk</p>" in side


def test_vedleggsnavn_kan_ikke_peke_ut_av_arbeidsmappen(
    tmp_path: Path, arbeidsmappe: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kilde = tmp_path / "melding.eml"
    kilde.write_bytes(
        eksempelfiler.eml(
            emne="Vedlegg",
            tekst="Se vedlegg.",
            vedlegg=("../../ut.txt", b"innhold", "text/plain"),
        )
    )
    monkeypatch.setattr(epost.kontor, "til_pdfa", _uten_libreoffice)

    resultat = epost.til_pdfa(kilde, arbeidsmappe, filtype="eml")

    (vedlegg,) = resultat.vedlegg
    assert vedlegg.filnavn == "ut.txt"
    assert vedlegg.fil.parent.parent == arbeidsmappe
    assert vedlegg.fil.read_bytes() == b"innhold"


def _uten_libreoffice(kilde: Path, arbeidsmappe: Path, *, filtype: str) -> Konvertert:
    ut = arbeidsmappe / "melding.pdf"
    ut.write_bytes(kilde.read_bytes())
    return Konvertert(fil=ut, til_format="fmt/477", verktoey="LibreOffice (test)")


@pytest.mark.parametrize(
    ("antall_byte", "forventet"),
    [(0, "0 byte"), (1023, "1023 byte"), (1536, "1,5 kB"), (5 * 1024**2, "5,0 MB")],
)
def test_lesbar_stoerrelse(antall_byte: int, forventet: str) -> None:
    assert epost.lesbar_stoerrelse(antall_byte) == forventet


# Failures


@pytest.mark.parametrize(
    "innhold",
    [b"", b"\x00\x01\x02\xff" * 200, b"Bare litt tekst uten noen topptekster.\n"],
)
def test_fil_som_ikke_er_en_epost_gir_skadet(
    tmp_path: Path, arbeidsmappe: Path, innhold: bytes
) -> None:
    kilde = tmp_path / "rot.eml"
    kilde.write_bytes(innhold)

    with pytest.raises(Konverteringsfeil) as feil:
        epost.til_pdfa(kilde, arbeidsmappe, filtype="eml")

    assert feil.value.kode == SKADET
    assert feil.value.melding.startswith("Filen er ikke en e-post")


@pytest.mark.parametrize(
    ("filtype", "innhold", "kode", "i_meldingen"),
    [
        pytest.param(
            "msg", b"ikke en Outlook-fil" * 50, SKADET, "Outlook-melding", id="uleselig-msg"
        ),
        pytest.param(
            "eml",
            b"From: a@example.no\r\nSubject: Hemmelig\r\nMIME-Version: 1.0\r\n"
            b'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"\r\n'
            b"Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHA6CAMIACAQAx\r\n",
            KRYPTERT,
            "kryptert",
            id="kryptert-eml",
        ),
        pytest.param("ics", b"BEGIN:VCALENDAR", IKKE_STOETTET, "«ics»", id="annen-filtype"),
    ],
)
def test_epost_som_ikke_kan_gjengis(
    tmp_path: Path, arbeidsmappe: Path, filtype: str, innhold: bytes, kode: str, i_meldingen: str
) -> None:
    kilde = tmp_path / f"fil.{filtype}"
    kilde.write_bytes(innhold)

    with pytest.raises(Konverteringsfeil) as feil:
        epost.til_pdfa(kilde, arbeidsmappe, filtype=filtype)

    assert feil.value.kode == kode
    assert i_meldingen in feil.value.melding
