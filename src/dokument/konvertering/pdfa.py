"""A PDF/A-2 check (ISO 19005-2) with pikepdf, for want of veraPDF.

First come our own checks of the requirements that matter most for an archive and that can be
read off the file's structure, each with a Norwegian sentence for the archivist: encryption, the
XMP identification (`pdfaid:part` 2 with conformance A, B or U), the PDF/A output intent with an
embedded ICC profile, embedded fonts, forbidden actions and JavaScript, LZW and external
streams, embedded files that are not PDF/A, the trailer /ID and a few more. A file that passes
them is then given to pikepdf's own PDF/A-2b validator (`pikepdf.pdfa`, the one OCRmyPDF uses),
which also knows colour spaces, transparency and content stream operators; its violations are
reported with their veraPDF rule id and pikepdf's (English) wording.

Fonts are checked as listed in the resources of pages, form XObjects, patterns, soft masks and
annotation appearances, not by following the text operators: a font that is listed but never
drawn must be embedded here too, which veraPDF would not demand. Converters embed everything,
so that strictness costs nothing in practice.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from lxml import etree  # type: ignore[import-untyped]

from dokument.konvertering.felles import UGYLDIG_RESULTAT, Konverteringsfeil

PDFA_2B = "fmt/477"  # PRONOM PUID of PDF/A-2b, what the converters make

_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SAMSVAR = {"A", "B", "U"}

# Actions ISO 19005-2 §6.6.1 forbids; Named actions are limited to page navigation.
_FORBUDTE_HANDLINGER = {
    "/Launch",
    "/Sound",
    "/Movie",
    "/ResetForm",
    "/ImportData",
    "/Hide",
    "/SetOCGState",
    "/Rendition",
    "/Trans",
    "/GoTo3DView",
    "/JavaScript",
    "/SubmitForm",
}
_TILLATTE_NAVNGITTE = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
# Annotation types §6.3.1 forbids.
_FORBUDTE_MERKNADER = {"/Sound", "/Movie", "/Screen", "/3D", "/RichMedia"}
_FONTFILER = ("/FontFile", "/FontFile2", "/FontFile3")
# Embedded PDF files may be PDF/A-1 or PDF/A-2 (§6.8); one level deep is enough for an archive.
_MAKS_DYBDE = 1
# More than this many rule violations from pikepdf's validator tells the archivist nothing more.
_MAKS_BRUDD = 20
# pikepdf checks only the B level and so insists on pdfaid:conformance B; A and U are PDF/A-2
# as well, and `_sjekk_xmp` has judged the claim already.
_SJEKKET_HER = {"ISO_19005_2:6.6.4-3"}


def er_pdfa(fil: Path) -> bool:
    """True when `fil` passes every check in `sjekk_pdfa2`."""
    return not sjekk_pdfa2(fil)


def sjekk_pdfa2(fil: Path) -> list[str]:
    """The problems (Norwegian sentences) that keep `fil` from being PDF/A-2; empty when none."""
    with fil.open("rb") as f:
        hode = f.read(1024)
    problemer = _sjekk_hode(hode)
    try:
        pdf = pikepdf.open(fil)
    except pikepdf.PasswordError:
        return [*problemer, "Filen er kryptert med passord og kan ikke åpnes."]
    except (pikepdf.PdfError, OSError, ValueError) as feil:
        return [*problemer, f"Filen kan ikke leses som PDF ({feil})."]
    with pdf:
        problemer.extend(_sjekk_pdf(pdf, deler={"2"}, dybde=0))
    if not problemer:
        problemer = _andre_mening(fil)
    return _unike(problemer)


def krev_pdfa2(resultat: Path, *, verktoey: str) -> None:
    """Konverteringsfeil UGYLDIG_RESULTAT, with the problems as details, when the tool
    `verktoey` made a `resultat` that is not PDF/A-2."""
    problemer = sjekk_pdfa2(resultat)
    if problemer:
        raise Konverteringsfeil(
            f"{verktoey} laget en PDF som ikke er gyldig PDF/A-2.",
            kode=UGYLDIG_RESULTAT,
            detaljer="\n".join(problemer),
        )


def _andre_mening(fil: Path) -> list[str]:
    """pikepdf's own PDF/A validator (the one OCRmyPDF relies on) checks far more rules than
    the checks here: colour spaces, transparency, font programs, content stream operators. It
    is an allowlist, so it also reports constructs it merely does not know ("unsupported");
    those are no proof of a fault and are ignored, only violations count. Its messages are
    English, so it speaks only when the Norwegian checks above found nothing."""
    try:
        from pikepdf import pdfa
    except ImportError:  # the pikepdf[pdfa] extra (jsonschema, fontTools) is not installed
        return []
    rapport = pdfa.validate_written(fil, "2b")
    brudd = [b for b in rapport.violations if b.rule not in _SJEKKET_HER]
    return [
        f"Filen bryter PDF/A-regelen {b.rule} ({b.where}: {b.message})."
        for b in brudd[:_MAKS_BRUDD]
    ]


def _sjekk_pdf(pdf: pikepdf.Pdf, *, deler: set[str], dybde: int) -> list[str]:
    problemer: list[str] = []
    if pdf.is_encrypted:
        problemer.append("Filen er kryptert; PDF/A tillater ikke kryptering.")
    if "/ID" not in pdf.trailer:
        problemer.append("Filens trailer mangler /ID.")
    problemer.extend(_sjekk_xmp(pdf, deler))
    problemer.extend(_sjekk_output_intent(pdf))
    problemer.extend(_sjekk_katalog(pdf))
    problemer.extend(_sjekk_fonter(pdf))
    problemer.extend(_sjekk_objekter(pdf, dybde))
    return problemer


def _sjekk_hode(hode: bytes) -> list[str]:
    """§6.1.2: `%PDF-1.n` first, then a comment line of at least four bytes above 127."""
    if not hode.startswith(b"%PDF-1."):
        return ["Filen begynner ikke med «%PDF-1.n»."]
    linjer = hode.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    if len(linjer) < 2 or not linjer[1].startswith(b"%") or sum(b > 127 for b in linjer[1]) < 4:
        return ["Filhodet mangler kommentarlinjen med binære tegn som PDF/A krever."]
    return []


# XMP identification (§6.6.4)


def _sjekk_xmp(pdf: pikepdf.Pdf, deler: set[str]) -> list[str]:
    metadata = pdf.Root.get("/Metadata")
    if not isinstance(metadata, pikepdf.Stream):
        return ["Filen mangler XMP-metadata (PDF/A-identifikasjonen)."]
    problemer = []
    if "/Filter" in metadata.stream_dict:
        problemer.append("XMP-metadataene er komprimert; PDF/A krever dem ukomprimert.")
    try:
        del_, samsvar = _pdfaid(metadata.read_bytes())
    except (etree.XMLSyntaxError, pikepdf.PdfError, ValueError):
        return [*problemer, "XMP-metadataene er ikke gyldig XML."]
    if not del_:
        problemer.append("XMP-metadataene sier ikke at filen er PDF/A (pdfaid:part mangler).")
    elif del_ not in deler:
        problemer.append(f"Filen oppgir PDF/A-{del_}, ikke PDF/A-2.")
    if del_ and samsvar.upper() not in _SAMSVAR:
        problemer.append(
            f"XMP-metadataene har ugyldig pdfaid:conformance «{samsvar}» (skal være A, B eller U)."
        )
    return problemer


def _pdfaid(xmp: bytes) -> tuple[str, str]:
    """`pdfaid:part` and `pdfaid:conformance`, as attributes or elements of rdf:Description."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    # XMP packets may carry padding or a trailing NUL; lxml wants clean XML.
    rot = etree.fromstring(xmp.strip(b"\x00 \r\n\t"), parser)
    verdier: dict[str, str] = {}
    for beskrivelse in rot.iter(f"{{{_RDF}}}Description"):
        for navn in ("part", "conformance"):
            verdi = beskrivelse.get(f"{{{_PDFAID}}}{navn}")
            element = beskrivelse.find(f"{{{_PDFAID}}}{navn}")
            if verdi is None and element is not None:
                verdi = element.text
            if verdi is not None:
                verdier.setdefault(navn, verdi.strip())
    return verdier.get("part", ""), verdier.get("conformance", "")


# Output intent (§6.2.3)


def _sjekk_output_intent(pdf: pikepdf.Pdf) -> list[str]:
    hensikter = pdf.Root.get("/OutputIntents")
    if isinstance(hensikter, pikepdf.Array):
        for hensikt in hensikter:
            if isinstance(hensikt, pikepdf.Dictionary) and hensikt.get("/S") == "/GTS_PDFA1":
                if isinstance(hensikt.get("/DestOutputProfile"), pikepdf.Stream):
                    return []
                return ["PDF/A-utdatahensikten mangler innebygd ICC-profil (DestOutputProfile)."]
    return ["Filen mangler en PDF/A-utdatahensikt (OutputIntent /GTS_PDFA1)."]


# Catalogue-level features PDF/A forbids


def _sjekk_katalog(pdf: pikepdf.Pdf) -> list[str]:
    rot = pdf.Root
    problemer = []
    navn = rot.get("/Names")
    if isinstance(navn, pikepdf.Dictionary) and "/JavaScript" in navn:
        problemer.append("Filen inneholder JavaScript, som PDF/A ikke tillater.")
    if "/AA" in rot:
        problemer.append("Dokumentkatalogen har automatiske handlinger (/AA).")
    skjema = rot.get("/AcroForm")
    if isinstance(skjema, pikepdf.Dictionary):
        if "/XFA" in skjema:
            problemer.append("Filen har et XFA-skjema, som PDF/A ikke tillater.")
        if _sann(skjema.get("/NeedAppearances")):
            problemer.append("Skjemaet ber leseren lage feltenes utseende (NeedAppearances).")
    if _sann(rot.get("/NeedsRendering")):
        problemer.append("Filen krever at leseren tegner innholdet selv (NeedsRendering).")
    for side in pdf.pages:
        if "/AA" in side.obj:
            problemer.append("En side har automatiske handlinger (/AA).")
    return problemer


# Fonts (§6.2.11.4): every font program embedded, except Type 3


def _sjekk_fonter(pdf: pikepdf.Pdf) -> list[str]:
    mangler: dict[str, None] = {}
    besoekt: set[tuple[int, int]] = set()
    for side in pdf.pages:
        for ressurser in _sideressurser(side.obj):
            for font in _fonter(ressurser, besoekt):
                if not _er_innebygd(font):
                    mangler[_fontnavn(font)] = None
    return [f"Fonten «{navn}» er ikke innebygd." for navn in mangler]


def _sideressurser(side: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    """The page's resources (inherited from the page tree if need be) and its annotations'."""
    node: pikepdf.Object | None = side
    for _ in range(64):  # a page tree deeper than this is broken; stop rather than loop
        if not isinstance(node, pikepdf.Dictionary):
            break
        ressurser = node.get("/Resources")
        if isinstance(ressurser, pikepdf.Dictionary):
            yield ressurser
            break
        node = node.get("/Parent")
    merknader = side.get("/Annots")
    if isinstance(merknader, pikepdf.Array):
        for merknad in merknader:
            if isinstance(merknad, pikepdf.Dictionary):
                yield from _utseende_ressurser(merknad.get("/AP"))


def _utseende_ressurser(utseende: pikepdf.Object | None) -> Iterator[pikepdf.Dictionary]:
    if not isinstance(utseende, pikepdf.Dictionary):
        return
    for noekkel in ("/N", "/R", "/D"):
        verdi = utseende.get(noekkel)
        # An appearance is a stream, or a dictionary of streams by appearance state.
        strømmer: list[pikepdf.Object] = [verdi] if isinstance(verdi, pikepdf.Stream) else []
        if isinstance(verdi, pikepdf.Dictionary):
            strømmer = [v for v in verdi.values() if isinstance(v, pikepdf.Stream)]
        for strøm in strømmer:
            ressurser = strøm.stream_dict.get("/Resources")
            if isinstance(ressurser, pikepdf.Dictionary):
                yield ressurser


def _fonter(
    ressurser: pikepdf.Dictionary, besoekt: set[tuple[int, int]]
) -> Iterator[pikepdf.Dictionary]:
    """Every font reachable from `ressurser`: its own, and those of forms, patterns, soft
    masks and Type 3 glyphs, each indirect object once."""
    if ressurser.is_indirect:
        if ressurser.objgen in besoekt:
            return
        besoekt.add(ressurser.objgen)
    fonter = ressurser.get("/Font")
    if isinstance(fonter, pikepdf.Dictionary):
        for font in fonter.values():
            if isinstance(font, pikepdf.Dictionary):
                yield font
                if font.get("/Subtype") == "/Type3":
                    yield from _under(font.get("/Resources"), besoekt)
    for kategori in ("/XObject", "/Pattern"):
        samling = ressurser.get(kategori)
        if isinstance(samling, pikepdf.Dictionary):
            for objekt in samling.values():
                if isinstance(objekt, pikepdf.Stream):
                    yield from _under(objekt.stream_dict.get("/Resources"), besoekt)
    tilstander = ressurser.get("/ExtGState")
    if isinstance(tilstander, pikepdf.Dictionary):
        for tilstand in tilstander.values():
            maske = tilstand.get("/SMask") if isinstance(tilstand, pikepdf.Dictionary) else None
            gruppe = maske.get("/G") if isinstance(maske, pikepdf.Dictionary) else None
            if isinstance(gruppe, pikepdf.Stream):
                yield from _under(gruppe.stream_dict.get("/Resources"), besoekt)


def _under(
    ressurser: pikepdf.Object | None, besoekt: set[tuple[int, int]]
) -> Iterator[pikepdf.Dictionary]:
    if isinstance(ressurser, pikepdf.Dictionary):
        yield from _fonter(ressurser, besoekt)


def _er_innebygd(font: pikepdf.Dictionary) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # its glyphs are content streams in the file
    if font.get("/Subtype") == "/Type0":
        etterkommere = font.get("/DescendantFonts")
        if not isinstance(etterkommere, pikepdf.Array) or len(etterkommere) == 0:
            return False
        etterkommer = etterkommere[0]
        if not isinstance(etterkommer, pikepdf.Dictionary):
            return False
        font = etterkommer
    beskrivelse = font.get("/FontDescriptor")
    return isinstance(beskrivelse, pikepdf.Dictionary) and any(
        isinstance(beskrivelse.get(n), pikepdf.Stream) for n in _FONTFILER
    )


def _fontnavn(font: pikepdf.Dictionary) -> str:
    navn = str(font.get("/BaseFont", "/ukjent")).lstrip("/")
    # A subset's name is "ABCDEF+Name"; the archivist knows the font by "Name".
    prefiks, pluss, rest = navn.partition("+")
    return rest if pluss and len(prefiks) == 6 and prefiks.isupper() else navn


# Every object in the file: actions, JavaScript, streams, embedded files


def _sjekk_objekter(pdf: pikepdf.Pdf, dybde: int) -> list[str]:
    problemer: list[str] = []
    for objekt in pdf.objects:
        if isinstance(objekt, pikepdf.Stream):
            problemer.extend(_sjekk_stroem(objekt))
            problemer.extend(_sjekk_ordbok(objekt.stream_dict, dybde))
        elif isinstance(objekt, (pikepdf.Dictionary, pikepdf.Array)):
            problemer.extend(_sjekk_ordbok(objekt, dybde))
    return problemer


def _sjekk_stroem(strøm: pikepdf.Stream) -> list[str]:
    problemer = []
    ordbok = strøm.stream_dict
    if "/F" in ordbok or "/FFilter" in ordbok:
        problemer.append("Filen har strømmer med innhold i eksterne filer.")
    filtre = ordbok.get("/Filter")
    navn = [str(f) for f in filtre] if isinstance(filtre, pikepdf.Array) else [str(filtre)]
    if "/LZWDecode" in navn:
        problemer.append("Filen har LZW-komprimerte strømmer, som PDF/A ikke tillater.")
    subtype = ordbok.get("/Subtype")
    if subtype == "/PS" or (subtype == "/Form" and ordbok.get("/Subtype2") == "/PS"):
        problemer.append("Filen har PostScript-innhold (PostScript XObject).")
    if subtype == "/Image":
        if _sann(ordbok.get("/Interpolate")):
            problemer.append("Et bilde har /Interpolate satt, som PDF/A ikke tillater.")
        if "/Alternates" in ordbok or "/OPI" in ordbok:
            problemer.append("Et bilde har alternative versjoner eller OPI-referanser.")
    return problemer


def _sjekk_ordbok(rot: pikepdf.Object, dybde: int) -> list[str]:
    """Check `rot` and the direct objects inside it; indirect ones are visited on their own.

    What a dictionary is depends on where it hangs (a structure role map may well map /TR,
    a table row), so actions and graphics states are judged by the key that leads to them."""
    problemer: list[str] = []
    stabel = [rot]
    while stabel:
        objekt = stabel.pop()
        if isinstance(objekt, pikepdf.Dictionary):
            problemer.extend(_sjekk_en_ordbok(objekt, dybde))
            barn = list(objekt.values())
        elif isinstance(objekt, pikepdf.Array):
            barn = list(objekt)
        else:
            continue
        stabel.extend(
            b
            for b in barn
            if isinstance(b, (pikepdf.Dictionary, pikepdf.Array))
            and not isinstance(b, pikepdf.Stream)
            and not b.is_indirect
        )
    return problemer


def _sjekk_en_ordbok(ordbok: pikepdf.Dictionary, dybde: int) -> list[str]:
    problemer: list[str] = []
    for noekkel in ("/A", "/OpenAction", "/Next"):
        for handling in _ordboker(ordbok.get(noekkel)):
            problemer.extend(_sjekk_handling(handling))
    automatiske = ordbok.get("/AA")
    if isinstance(automatiske, pikepdf.Dictionary):
        for utloest in automatiske.values():
            problemer.extend(_sjekk_handling(utloest))
    tilstander = ordbok.get("/ExtGState")
    if isinstance(tilstander, pikepdf.Dictionary):
        for tilstand in tilstander.values():
            problemer.extend(_sjekk_grafikktilstand(tilstand))
    subtype = str(ordbok.get("/Subtype", ""))
    if subtype in _FORBUDTE_MERKNADER and "/Rect" in ordbok:
        problemer.append(f"Filen har en merknad av typen {subtype[1:]}, som PDF/A ikke tillater.")
    innebygd = ordbok.get("/EF")
    if isinstance(innebygd, pikepdf.Dictionary):
        problemer.extend(_sjekk_innebygd_fil(innebygd, dybde))
    return problemer


def _ordboker(verdi: pikepdf.Object | None) -> list[pikepdf.Dictionary]:
    """/Next holds one action or an array of them."""
    if isinstance(verdi, pikepdf.Dictionary):
        return [verdi]
    if isinstance(verdi, pikepdf.Array):
        return [v for v in verdi if isinstance(v, pikepdf.Dictionary)]
    return []


def _sjekk_handling(handling: pikepdf.Object) -> list[str]:
    if not isinstance(handling, pikepdf.Dictionary):
        return []
    # Rendition actions may carry JavaScript too.
    if "/JS" in handling or handling.get("/S") == "/JavaScript":
        return ["Filen inneholder JavaScript, som PDF/A ikke tillater."]
    type_ = str(handling.get("/S", ""))
    if type_ in _FORBUDTE_HANDLINGER:
        return [f"Filen har en handling av typen {type_[1:]}, som PDF/A ikke tillater."]
    if type_ == "/Named" and str(handling.get("/N")) not in _TILLATTE_NAVNGITTE:
        return ["Filen har en navngitt handling som PDF/A ikke tillater."]
    return []


def _sjekk_grafikktilstand(tilstand: pikepdf.Object) -> list[str]:
    """§6.2.5: no transfer functions (/TR, /TR2 other than /Default)."""
    if not isinstance(tilstand, pikepdf.Dictionary):
        return []
    if "/TR" in tilstand or tilstand.get("/TR2", "/Default") != "/Default":
        return ["Filen bruker overføringsfunksjoner (/TR), som PDF/A ikke tillater."]
    return []


def _sjekk_innebygd_fil(ef: pikepdf.Dictionary, dybde: int) -> list[str]:
    """§6.8: an embedded file must itself be PDF/A-1 or PDF/A-2."""
    for strøm in ef.values():
        if not isinstance(strøm, pikepdf.Stream):
            continue
        if dybde >= _MAKS_DYBDE:
            return ["Filen har innebygde filer i flere lag."]
        try:
            data = strøm.read_bytes()
        except pikepdf.PdfError:
            return ["Filen har en innebygd fil som ikke kan leses."]
        if not data.startswith(b"%PDF-") or _sjekk_hode(data[:1024]):
            return ["Filen har en innebygd fil som ikke er PDF/A."]
        try:
            with pikepdf.open(io.BytesIO(data)) as vedlegg:
                if _sjekk_pdf(vedlegg, deler={"1", "2"}, dybde=dybde + 1):
                    return ["Filen har en innebygd fil som ikke er PDF/A."]
        except pikepdf.PdfError:
            return ["Filen har en innebygd fil som ikke er PDF/A."]
    return []


def _sann(verdi: object) -> bool:
    # pikepdf hands PDF booleans over as Python bools.
    return verdi is True


def _unike(problemer: list[str]) -> list[str]:
    return list(dict.fromkeys(problemer))
