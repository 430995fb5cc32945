"""What every converter returns or raises (dokument.konvertering)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Feilkoder: why a file could not be converted. The archivist sees `melding`; the code lets the
# pipeline tell a file that will never convert (kept as received, flagged) from a tool failure
# worth retrying.
SKADET = "skadet"  # corrupt or truncated content
KRYPTERT = "kryptert"  # password-protected or encrypted
BOMBE = "bombe"  # would expand beyond the limits (zip or image decompression bomb)
IKKE_STOETTET = "ikke_stoettet"  # no converter for this format
TIDSAVBRUDD = "tidsavbrudd"  # the tool did not finish in time
VERKTOEYFEIL = "verktoeyfeil"  # the tool failed for another reason
UGYLDIG_RESULTAT = "ugyldig_resultat"  # the tool's output is not valid PDF/A-2
AVVIST = "avvist"  # the archive refused the result (the uploader lost access, document frozen)

# Errors that retrying by itself cannot fix: the file itself, or a refusal only a person can
# resolve.
ENDELIGE_FEIL = frozenset({SKADET, KRYPTERT, BOMBE, IKKE_STOETTET, AVVIST})


class Konverteringsfeil(Exception):
    """A conversion that did not succeed, with a reason in Norwegian for the archivist."""

    def __init__(self, melding: str, *, kode: str = VERKTOEYFEIL, detaljer: str = "") -> None:
        super().__init__(melding)
        self.melding = melding
        self.kode = kode
        # The tool's own output (stderr tail), for the log and the archivist's details view.
        self.detaljer = detaljer

    @property
    def er_endelig(self) -> bool:
        return self.kode in ENDELIGE_FEIL


@dataclass(frozen=True)
class Vedlegg:
    """A file found inside another (an e-mail attachment) that becomes a document of its own."""

    filnavn: str
    fil: Path
    mime_type: str = ""


@dataclass(frozen=True)
class Konvertert:
    """The archival-format rendering of one file."""

    fil: Path  # in `arbeidsmappe`; the caller stores it
    til_format: str  # PRONOM PUID of the result, e.g. "fmt/477" (PDF/A-2b)
    verktoey: str  # tool and version, e.g. "LibreOffice 7.4.7.2" (konverteringsverktoey M714)
    kommentar: str = ""  # konverteringskommentar M715
    # Text found on the way (OCR); None: the pipeline extracts it from `fil`.
    tekst: str | None = None
    vedlegg: tuple[Vedlegg, ...] = field(default_factory=tuple)
