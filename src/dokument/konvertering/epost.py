"""E-mail (.eml and Outlook .msg) to PDF/A-2b, with the attachments as documents of their own.

The message is rendered as one self-contained HTML page: the header fields (Fra, Til, Kopi,
Dato, Emne), the body, and a list of the attachments with name and size. LibreOffice
(`kontor.til_pdfa`) turns that page into PDF/A-2b. Every attachment comes back as a `Vedlegg`
with its exact bytes, so the pipeline can archive and convert it on its own; an attached
message (message/rfc822) becomes an `.eml` file, an attached Outlook item an `.msg` file.

An HTML body is received content and is cleaned before LibreOffice sees it: scripts, frames,
embedded objects, forms and event handlers go, and so does every reference that would load
something from outside (images, style sheets, CSS `url()`), because LibreOffice fetches remote
resources while it converts. That would tell the sender that the message was opened, and make
the archived rendering depend on what a server returns on the day. Images sent inside the
message (`cid:`) are kept, as `data:` URIs.
"""

from __future__ import annotations

import base64
import datetime
import email.header
import email.policy
import html
import mimetypes
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from email import errors as epostfeil
from email.message import EmailMessage, Message
from email.parser import BytesParser
from pathlib import Path, PurePosixPath
from typing import Any, cast

import lxml.html  # type: ignore[import-untyped]
from lxml import etree

from dokument.konvertering import kontor
from dokument.konvertering.felles import (
    IKKE_STOETTET,
    KRYPTERT,
    SKADET,
    Konverteringsfeil,
    Konvertert,
    Vedlegg,
)

# Headers of which a message has at least one; a file with none of them is no message.
_MELDINGSFELT = ("from", "sender", "to", "cc", "subject", "date", "message-id")
_MAKS_DYBDE = 40  # multiparts nested deeper than this are an attack, not a message
_MAKS_INNEBYGD_BILDE = 10 * 1024 * 1024  # cid: images larger than this stay attachments
_BILDETYPER = {"image/png", "image/jpeg", "image/gif", "image/bmp"}
_KRYPTERTE_TYPER = {"multipart/encrypted"}
_SMIME_TYPER = {"application/pkcs7-mime", "application/x-pkcs7-mime"}


@dataclass(frozen=True)
class _Del:
    """An attachment, or an image the HTML body shows by its Content-ID."""

    filnavn: str
    data: bytes
    mime_type: str
    innholds_id: str = ""  # Content-ID without the angle brackets


@dataclass
class Melding:
    """What is rendered, the same for .eml and .msg."""

    fra: str = ""
    til: str = ""
    kopi: str = ""
    blindkopi: str = ""
    dato: str = ""
    emne: str = ""
    # Body parts in order as (is_html, content); HTML as bytes when it declares its charset.
    tekster: list[tuple[bool, str | bytes]] = field(default_factory=list)
    deler: list[_Del] = field(default_factory=list)
    ikke_hentet: int = 0  # attachments that could not be read out (damaged, unsupported)


@dataclass
class _Rensing:
    """What cleaning the HTML bodies did: the Content-IDs shown inline, and how many outside
    references (images, style sheets, frames…) were removed."""

    brukte_cid: set[str] = field(default_factory=set)
    fjernet: int = 0


def til_pdfa(kilde: Path, arbeidsmappe: Path, *, filtype: str) -> Konvertert:
    """Render the message `kilde` ("eml" or "msg") as PDF/A-2b in `arbeidsmappe`, with its
    attachments written there as `Vedlegg`."""
    filtype = filtype.lower().lstrip(".")
    if filtype == "eml":
        melding, verktoey = les_eml(kilde), ""
    elif filtype == "msg":
        melding, verktoey = les_msg(kilde), _extract_msg_versjon()
    else:
        raise Konverteringsfeil(
            f"Filtypen «{filtype}» er ikke en e-post som kan konverteres.", kode=IKKE_STOETTET
        )
    mappe = Path(tempfile.mkdtemp(prefix="epost-", dir=arbeidsmappe))
    side, rensing = lag_html(melding)
    htmlfil = mappe / "melding.html"
    htmlfil.write_text(side, encoding="utf-8")
    try:
        pdf = kontor.til_pdfa(htmlfil, arbeidsmappe, filtype="html")
    finally:
        htmlfil.unlink()
    deler = [del_ for del_ in melding.deler if del_.innholds_id not in rensing.brukte_cid]
    return Konvertert(
        fil=pdf.fil,
        til_format=pdf.til_format,
        verktoey=", ".join(v for v in (verktoey, pdf.verktoey) if v),
        kommentar=_kommentar(len(deler), rensing.fjernet, melding.ikke_hentet),
        vedlegg=tuple(_skriv_vedlegg(deler, mappe)),
    )


def _kommentar(vedlegg: int, fjernet: int, ikke_hentet: int) -> str:
    """konverteringskommentar (M715): what the rendering leaves out, in Norwegian."""
    setninger = ["E-posten er gjengitt med avsender, mottakere, dato, emne og innhold."]
    if vedlegg:
        setninger.append(f"{vedlegg} vedlegg er tatt ut som egne dokumenter.")
    if fjernet:
        setninger.append(
            f"{fjernet} henvisninger til innhold utenfor e-posten (bilder, stilark o.l.) "
            "er fjernet."
        )
    if ikke_hentet:
        setninger.append(f"{ikke_hentet} vedlegg kunne ikke hentes ut.")
    return " ".join(setninger)


def _skriv_vedlegg(deler: list[_Del], mappe: Path) -> list[Vedlegg]:
    vedlegg = []
    for nummer, del_ in enumerate(deler, start=1):
        # The name on disk is ours; the sender's name may hold anything ("../", NUL, 300 chars).
        fil = mappe / f"vedlegg-{nummer:03d}{_filendelse(del_.filnavn, del_.mime_type)}"
        fil.write_bytes(del_.data)
        vedlegg.append(Vedlegg(filnavn=del_.filnavn, fil=fil, mime_type=del_.mime_type))
    return vedlegg


def _filendelse(filnavn: str, mime_type: str) -> str:
    endelse = PurePosixPath(filnavn).suffix.lower()
    if re.fullmatch(r"\.[a-z0-9]{1,10}", endelse):
        return endelse
    return mimetypes.guess_extension(mime_type) or ".bin"


def _rent_filnavn(navn: str) -> str:
    """The sender's file name without folders and control characters."""
    navn = PurePosixPath(navn.replace("\\", "/")).name
    return "".join(tegn for tegn in navn if tegn.isprintable()).strip()[:255]


# .eml (RFC 5322 / MIME) with the standard library


def les_eml(kilde: Path) -> Melding:
    """Read an .eml file; SKADET when it holds no message, KRYPTERT when it is encrypted."""
    with kilde.open("rb") as fil:
        # policy.default makes EmailMessage objects, with decoded headers.
        melding = BytesParser(policy=email.policy.default).parse(fil)
    if not any(navn in melding for navn in _MELDINGSFELT):
        raise Konverteringsfeil(
            "Filen er ikke en e-post: den mangler avsender, mottaker, emne og dato.", kode=SKADET
        )
    if _er_kryptert(melding):
        raise Konverteringsfeil(
            "E-posten er kryptert (S/MIME eller PGP) og kan ikke gjengis uten nøkkelen.",
            kode=KRYPTERT,
        )
    resultat = Melding(
        fra=_felt(melding, "from"),
        til=_felt(melding, "to"),
        kopi=_felt(melding, "cc"),
        blindkopi=_felt(melding, "bcc"),
        dato=_dato(melding),
        emne=_felt(melding, "subject"),
    )
    _les_deler(melding, resultat)
    return resultat


def _er_kryptert(melding: EmailMessage) -> bool:
    type_ = melding.get_content_type()
    if type_ in _KRYPTERTE_TYPER:
        return True
    smime_type = str(melding.get_param("smime-type", "", header="content-type")).lower()
    return type_ in _SMIME_TYPER and smime_type in ("enveloped-data", "authenveloped-data")


def _felt(melding: EmailMessage, navn: str) -> str:
    """A header decoded (RFC 2047 encoded words, æøå) on one line; "" when missing."""
    try:
        verdi = melding.get(navn)
        tekst = "" if verdi is None else str(verdi)
    except (epostfeil.HeaderParseError, IndexError, ValueError, TypeError, LookupError):
        # The structured parser gives up on some malformed headers; decode the raw value.
        tekst = _raatt_felt(melding, navn)
    return " ".join(tekst.split())


def _raatt_felt(melding: EmailMessage, navn: str) -> str:
    for felt, verdi in melding.raw_items():
        if felt.lower() == navn:
            try:
                return str(email.header.make_header(email.header.decode_header(str(verdi))))
            except (epostfeil.HeaderParseError, LookupError, UnicodeError, ValueError):
                return str(verdi)
    return ""


def _dato(melding: EmailMessage) -> str:
    try:
        verdi = melding.get("date")
        tidspunkt = getattr(verdi, "datetime", None)
    except (epostfeil.HeaderParseError, IndexError, ValueError, TypeError):
        verdi, tidspunkt = _raatt_felt(melding, "date"), None
    if isinstance(tidspunkt, datetime.datetime):
        return _vis_dato(tidspunkt)
    return " ".join(str(verdi or "").split())


def _vis_dato(tidspunkt: datetime.datetime) -> str:
    tekst = tidspunkt.strftime("%d.%m.%Y kl. %H:%M:%S")
    return f"{tekst} {tidspunkt.strftime('%z')}".strip() if tidspunkt.tzinfo else tekst


def _les_deler(melding: EmailMessage, resultat: Melding) -> None:
    """Sort the message's leaf parts into body texts, attachments and inline images."""
    kropp = melding.get_body(preferencelist=("html", "plain"))
    for del_, forelder in _blader(melding, "", 0):
        if del_ is kropp:
            resultat.tekster.append(_tekst(del_))
        elif _er_alternativ_tekst(del_, forelder):
            continue  # the same body in another form (text/plain beside text/html)
        elif _er_kroppstekst(del_):
            resultat.tekster.append(_tekst(del_))  # a body split around attachments
        else:
            resultat.deler.append(_vedleggsdel(del_, len(resultat.deler) + 1))


def _blader(del_: EmailMessage, forelder: str, dybde: int) -> Iterator[tuple[EmailMessage, str]]:
    """The leaf parts with their parent's content type; an attached message is a leaf."""
    if dybde > _MAKS_DYBDE:
        raise Konverteringsfeil("E-posten har urimelig mange nivåer av deler.", kode=SKADET)
    if del_.get_content_type() == "message/rfc822" or not del_.is_multipart():
        yield del_, forelder
        return
    for underdel in del_.iter_parts():
        yield from _blader(cast(EmailMessage, underdel), del_.get_content_type(), dybde + 1)


def _er_kroppstekst(del_: EmailMessage) -> bool:
    return (
        del_.get_content_type() in ("text/plain", "text/html")
        and del_.get_content_disposition() != "attachment"
        and not _filnavn(del_)
    )


def _er_alternativ_tekst(del_: EmailMessage, forelder: str) -> bool:
    return forelder == "multipart/alternative" and _er_kroppstekst(del_)


def _tekst(del_: EmailMessage) -> tuple[bool, str]:
    er_html = del_.get_content_type() == "text/html"
    try:
        innhold = del_.get_content()
    except (LookupError, UnicodeError, ValueError, KeyError):
        # An unknown or lying charset: show what can be read rather than nothing.
        data = del_.get_payload(decode=True)
        innhold = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else ""
    return er_html, str(innhold)


def _vedleggsdel(del_: EmailMessage, nummer: int) -> _Del:
    type_ = del_.get_content_type()
    navn = _rent_filnavn(_filnavn(del_))
    if type_ == "message/rfc822":
        data = _vedlagt_melding(del_)
        navn = navn or _rent_filnavn(_emne_av(del_)) or f"melding-{nummer}"
        if not navn.lower().endswith(".eml"):
            navn += ".eml"
    else:
        nyttelast = del_.get_payload(decode=True)
        data = nyttelast if isinstance(nyttelast, bytes) else b""
        navn = navn or f"vedlegg-{nummer}{mimetypes.guess_extension(type_) or '.bin'}"
    innholds_id = _felt(del_, "content-id").strip("<>")
    return _Del(filnavn=navn, data=data, mime_type=type_, innholds_id=innholds_id)


def _filnavn(del_: EmailMessage) -> str:
    try:
        return del_.get_filename() or ""
    except (epostfeil.HeaderParseError, IndexError, ValueError, TypeError, LookupError):
        return ""


def _vedlagt_melding(del_: EmailMessage) -> bytes:
    indre = _indre_melding(del_)
    if indre is None:
        # Nothing the parser could read as a message: keep the whole part as it came.
        return del_.as_bytes(policy=email.policy.compat32)
    # compat32 writes the headers as they came instead of folding them anew.
    return indre.as_bytes(policy=email.policy.compat32)


def _indre_melding(del_: EmailMessage) -> Message | None:
    nyttelast = del_.get_payload()
    if isinstance(nyttelast, list) and nyttelast and isinstance(nyttelast[0], Message):
        return nyttelast[0]
    return None


def _emne_av(del_: EmailMessage) -> str:
    indre = _indre_melding(del_)
    return _felt(indre, "subject") if isinstance(indre, EmailMessage) else ""


# .msg (Outlook) with extract-msg


def les_msg(kilde: Path) -> Melding:
    """Read an Outlook .msg file; SKADET when extract-msg cannot read it as a message."""
    msg = _aapne_msg(kilde)
    try:
        return melding_fra_msg(msg)
    finally:
        msg.close()


def _aapne_msg(kilde: Path) -> Any:
    import extract_msg
    from extract_msg.msg_classes import MessageBase

    try:
        msg = extract_msg.openMsg(str(kilde), strict=False)
    # extract-msg and olefile fail on damaged files with their own errors, struct.error,
    # OSError, KeyError and more; all of them mean the same here.
    except Exception as feil:
        raise Konverteringsfeil(
            "Filen kan ikke leses som en Outlook-melding (.msg); den er trolig skadet.",
            kode=SKADET,
            detaljer=str(feil),
        ) from feil
    klasse = str(getattr(msg, "classType", "") or "")
    if klasse.lower().startswith("ipm.note.smime") and "signed" not in klasse.lower():
        msg.close()
        raise Konverteringsfeil(
            "E-posten er kryptert (S/MIME) og kan ikke gjengis uten nøkkelen.", kode=KRYPTERT
        )
    if not isinstance(msg, MessageBase):
        msg.close()
        raise Konverteringsfeil(
            f"Outlook-filen er ikke en e-post, men et element av typen «{klasse}».",
            kode=IKKE_STOETTET,
        )
    return msg


def melding_fra_msg(msg: Any) -> Melding:
    """The parts of an opened extract-msg message (MessageBase) to render."""
    resultat = Melding(
        fra=_en_linje(msg.sender),
        til=_en_linje(msg.to),
        kopi=_en_linje(msg.cc),
        blindkopi=_en_linje(msg.bcc),
        dato=_vis_dato(msg.date) if isinstance(msg.date, datetime.datetime) else "",
        emne=_en_linje(msg.subject),
    )
    html_kropp = _msg_html(msg)
    if html_kropp:
        resultat.tekster.append((True, html_kropp))
    elif msg.body:
        resultat.tekster.append((False, str(msg.body)))
    for vedlegg in msg.attachments:
        del_ = _msg_vedlegg(vedlegg, len(resultat.deler) + 1)
        if del_ is None:
            resultat.ikke_hentet += 1
        else:
            resultat.deler.append(del_)
    return resultat


def _msg_html(msg: Any) -> bytes | None:
    """The HTML body: its own stream, or the HTML Outlook wrapped in the RTF body. extract-msg
    falls back to HTML made from the text body, which the text rendering here does better."""
    html_kropp = msg.getStream("__substg1.0_10130102")
    if html_kropp:
        return bytes(html_kropp)
    if not msg.rtfBody:
        return None
    from extract_msg.enums import DeencapType

    try:
        return bytes(msg.deencapsulateBody(msg.rtfBody, DeencapType.HTML) or b"") or None
    except Exception:  # RTF parsing fails in many ways; the text body remains
        return None


def _msg_vedlegg(vedlegg: Any, nummer: int) -> _Del | None:
    data = vedlegg.data
    navn = _rent_filnavn(str(getattr(vedlegg, "name", None) or ""))
    innholds_id = str(getattr(vedlegg, "cid", None) or "").strip().strip("<>")
    if isinstance(data, bytes):
        mime_type = str(vedlegg.mimetype or "") or (
            mimetypes.guess_type(navn)[0] or "application/octet-stream"
        )
        navn = navn or f"vedlegg-{nummer}{mimetypes.guess_extension(mime_type) or '.bin'}"
        return _Del(filnavn=navn, data=data, mime_type=mime_type, innholds_id=innholds_id)
    if hasattr(data, "exportBytes"):  # an attached Outlook item, kept as .msg
        navn = navn or f"melding-{nummer}.msg"
        if not navn.lower().endswith(".msg"):
            navn += ".msg"
        try:
            innhold = bytes(data.exportBytes())
        except Exception:  # a damaged embedded item; counted as not read out
            return None
        return _Del(filnavn=navn, data=innhold, mime_type="application/vnd.ms-outlook")
    return None  # broken, web (a link only) or unsupported attachment


def _en_linje(verdi: Any) -> str:
    return " ".join(str(verdi or "").split())


def _extract_msg_versjon() -> str:
    import extract_msg

    return f"extract-msg {extract_msg.__version__}"


# The HTML page LibreOffice converts


_STIL = """
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; }
table.hode { border-collapse: collapse; margin-bottom: 8pt; }
table.hode th { text-align: left; vertical-align: top; padding: 1pt 8pt 1pt 0; }
table.hode td { vertical-align: top; padding: 1pt 0; }
h1 { font-family: "DejaVu Sans", sans-serif; font-size: 14pt; margin: 0 0 6pt 0; }
"""


def lag_html(melding: Melding) -> tuple[str, _Rensing]:
    """The message as one self-contained HTML page, and what cleaning its HTML did."""
    innebygde = {
        del_.innholds_id: del_
        for del_ in melding.deler
        if del_.innholds_id
        and del_.mime_type in _BILDETYPER
        and len(del_.data) <= _MAKS_INNEBYGD_BILDE
    }
    rensing = _Rensing()
    innhold = [
        rens_html(tekst, innebygde, rensing) if er_html else _tekst_som_html(str(tekst))
        for er_html, tekst in melding.tekster
    ]
    vedlegg = [del_ for del_ in melding.deler if del_.innholds_id not in rensing.brukte_cid]
    emne = html.escape(melding.emne or "(uten emne)")
    side = [
        "<!DOCTYPE html>",
        '<html lang="no"><head><meta charset="utf-8">',
        f"<title>{emne}</title><style>{_STIL}</style></head><body>",
        f"<h1>{emne}</h1>",
        _hode(melding),
        "<hr>",
        *[f"<div>{del_}</div>" for del_ in innhold],
        _vedleggsliste(vedlegg, melding.ikke_hentet),
        "</body></html>",
    ]
    return "\n".join(side), rensing


def _hode(melding: Melding) -> str:
    felt = [
        ("Fra", melding.fra),
        ("Til", melding.til),
        ("Kopi", melding.kopi),
        ("Dato", melding.dato),
        ("Emne", melding.emne),
    ]
    if melding.blindkopi:
        felt.insert(3, ("Blindkopi", melding.blindkopi))
    rader = "".join(
        # LibreOffice's HTML import follows align/valign, not the CSS for table cells.
        f'<tr><th align="left" valign="top">{navn}:</th>'
        f'<td valign="top">{html.escape(verdi)}</td></tr>'
        for navn, verdi in felt
    )
    return f'<table class="hode">{rader}</table>'


def _vedleggsliste(vedlegg: list[_Del], ikke_hentet: int) -> str:
    if not vedlegg and not ikke_hentet:
        return ""
    punkter = "".join(
        f"<li>{html.escape(del_.filnavn)} ({lesbar_stoerrelse(len(del_.data))}, "
        f"{html.escape(del_.mime_type)})</li>"
        for del_ in vedlegg
    )
    if ikke_hentet:
        punkter += f"<li>{ikke_hentet} vedlegg som ikke kunne hentes ut</li>"
    return f"<hr><p><b>Vedlegg ({len(vedlegg) + ikke_hentet}):</b></p><ul>{punkter}</ul>"


def lesbar_stoerrelse(antall_byte: int) -> str:
    """A size the way a Norwegian reader writes it: "512 byte", "12,3 kB", "4,5 MB"."""
    if antall_byte < 1024:
        return f"{antall_byte} byte"
    stoerrelse = antall_byte / 1024
    enhet = "kB"
    for neste in ("MB", "GB"):
        if stoerrelse < 1024:
            break
        stoerrelse, enhet = stoerrelse / 1024, neste
    return f"{stoerrelse:.1f} {enhet}".replace(".", ",")


def _tekst_som_html(tekst: str) -> str:
    """A text body as paragraphs; line breaks and indentation (quoted replies) are kept."""
    avsnitt = re.split(r"\n\s*\n", tekst.replace("\r\n", "\n").replace("\r", "\n").strip())
    return "".join(
        "<p>"
        + "<br>".join(_bevar_mellomrom(html.escape(linje)) for linje in a.split("\n"))
        + "</p>"
        for a in avsnitt
        if a.strip()
    )


def _bevar_mellomrom(linje: str) -> str:
    # HTML collapses runs of spaces and drops them at the start of a line; no-break spaces
    # keep indentation and alignment as the sender typed them.
    linje = linje.replace("\t", "    ")
    return re.sub(r" {2,}|^ ", lambda treff: "\u00a0" * len(treff.group()), linje)


# Cleaning received HTML

# Dropped with their content: they run code, embed other documents or load from outside.
_FJERNES_HELT = (
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "link",
    "meta",
    "base",
    "svg",
    "math",
    "audio",
    "video",
    "source",
    "track",
    "template",
    "canvas",
    "input",
    "select",
    "textarea",
    "title",
)
# Dropped, keeping their text: LibreOffice would make PDF form fields of forms and buttons,
# and no mail reader runs scripts, so what <noscript> holds is what the recipient saw.
_FJERNES_TAGG = ("form", "button", "noscript")
# Attributes that name something to load or run.
_LENKEATTRIBUTTER = {
    "src",
    "srcset",
    "lowsrc",
    "dynsrc",
    "background",
    "poster",
    "data",
    "codebase",
    "classid",
    "archive",
    "action",
    "formaction",
    "longdesc",
    "usemap",
    "cite",
    "profile",
    "manifest",
    "ping",
}
_LASTER_NOE = {"src", "href", "data", "srcset"}  # an element with these loaded something
_TRYGGE_LENKER = ("http:", "https:", "mailto:")
_CSS_URL = re.compile(r"url\s*\([^)]*\)|@import[^;]*;?|expression\s*\(|behavior\s*:", re.I)


def rens_html(kropp: str | bytes, innebygde: Mapping[str, _Del], rensing: _Rensing) -> str:
    """A received HTML body as a fragment that loads nothing and runs nothing: the body's
    content inside a `<div>`. `cid:` images found in `innebygde` become `data:` URIs."""
    if isinstance(kropp, str):
        if not kropp.strip():
            return ""
        data, koding = kropp.encode("utf-8"), "utf-8"
    else:
        if not kropp.strip():
            return ""
        data, koding = kropp, None  # bytes: lxml follows the page's own <meta charset>
    parser = lxml.html.HTMLParser(
        encoding=koding, remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        dokument = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(dokument.iter(*_FJERNES_HELT)):
        if element.getparent() is not None:
            if _LASTER_NOE.intersection(element.attrib):
                rensing.fjernet += 1
            element.drop_tree()
    for element in list(dokument.iter(*_FJERNES_TAGG)):
        element.drop_tag()
    for element in list(dokument.iter(etree.Element)):
        _rens_element(element, innebygde, rensing)
    for stil in list(dokument.iter("style")):
        _rens_stilark(stil, rensing)
    return _kropp_som_div(dokument)


def _kropp_som_div(dokument: Any) -> str:
    """The body's content in a <div>, with the style sheets from <head> first."""
    kropp = dokument.find("body")
    if kropp is None:
        return ""
    hode = dokument.find("head")
    stilark = list(hode.iter("style")) if hode is not None else []
    for nummer, stil in enumerate(stilark):
        kropp.insert(nummer, stil)
    kropp.tag = "div"
    for attributt in list(kropp.attrib):
        del kropp.attrib[attributt]  # body's margins and colours do not belong on a div
    return str(lxml.html.tostring(kropp, encoding="unicode", method="html"))


def _rens_element(element: Any, innebygde: Mapping[str, _Del], rensing: _Rensing) -> None:
    for navn in list(element.attrib):
        verdi = str(element.attrib[navn]).strip()
        navn_ = navn.lower()
        if navn_.startswith("on"):
            del element.attrib[navn]
        elif navn_ == "style":
            _rens_stil(element, navn, verdi, rensing)
        elif navn_ == "href" or navn_.endswith(":href"):
            _rens_lenke(element, navn, verdi, rensing)
        elif navn_ == "src" and element.tag == "img":
            _rens_bilde(element, verdi, innebygde, rensing)
        elif navn_ in _LENKEATTRIBUTTER:
            del element.attrib[navn]
            if verdi:
                rensing.fjernet += 1
    if element.tag == "img" and "src" not in element.attrib:
        _erstatt_bilde(element)


def _rens_stil(element: Any, navn: str, verdi: str, rensing: _Rensing) -> None:
    # A backslash can hide "url(" from the pattern (CSS escapes); such a style goes entirely.
    if "\\" in verdi:
        del element.attrib[navn]
        rensing.fjernet += 1
        return
    renset, antall = _CSS_URL.subn("", verdi)
    if antall:
        element.attrib[navn] = renset
        rensing.fjernet += antall


def _rens_stilark(stil: Any, rensing: _Rensing) -> None:
    tekst = stil.text or ""
    if "\\" in tekst:
        stil.drop_tree()
        rensing.fjernet += 1
        return
    renset, antall = _CSS_URL.subn("", tekst)
    stil.text = renset
    rensing.fjernet += antall


def _rens_lenke(element: Any, navn: str, verdi: str, rensing: _Rensing) -> None:
    # A link on <a> loads nothing and shows where it went; any other href is a load.
    if element.tag in ("a", "area") and verdi.lower().startswith(_TRYGGE_LENKER):
        return
    del element.attrib[navn]
    if element.tag not in ("a", "area") and verdi:
        rensing.fjernet += 1


def _rens_bilde(element: Any, verdi: str, innebygde: Mapping[str, _Del], rensing: _Rensing) -> None:
    if verdi.lower().startswith("cid:"):
        innholds_id = verdi[4:].strip().strip("<>")
        del_ = innebygde.get(innholds_id)
        if del_ is not None:
            kodet = base64.b64encode(del_.data).decode("ascii")
            element.attrib["src"] = f"data:{del_.mime_type};base64,{kodet}"
            rensing.brukte_cid.add(innholds_id)
            return
    elif re.match(r"data:image/(png|jpeg|gif|bmp)[;,]", verdi, re.I):
        return  # already inside the message
    del element.attrib["src"]
    rensing.fjernet += 1


def _erstatt_bilde(element: Any) -> None:
    """An image that cannot be shown leaves its alt text, so the reader knows it was there."""
    alt = str(element.attrib.get("alt", "")).strip()
    if alt:
        erstatning = lxml.html.Element("span")
        erstatning.text = f"[Bilde: {alt}]"
        erstatning.tail = element.tail
        element.getparent().replace(element, erstatning)
    else:
        element.drop_tree()
