"""Validation of Noark 5 archive extracts (arkivuttrekk), ours or another system's.

`valider(mappe)` checks an extract's content directory and returns a `Rapport`: one
`Kontroll` per check, in a fixed order, each with its findings (`Funn`). The checks
reproduce the pass/fail controls of Arkivverket's Arkade 5 (the N5 test numbers, see
`shared/docs/noark5/arkivuttrekk.md` §8 and the checklist in §10), with a few additions of
ours:

* ADDML: arkivuttrekk.xml is valid against addml.xsd and shaped the way Arkade reads it
  (§3).
* N5.30 also compares `filstoerrelse` with the file's size (error).
* N5.64 (a statistic in Arkade) warns about empty document files.
* PREFIKS warns about namespace prefixes on element names, another prefix than `xsi` for
  the XML Schema instance namespace, and prefixed `xsi:type` values, all of which make Arkade
  miscount (§4, §10 item 18).
* N5.59 also compares each journal's `antallJournalposter` with its number of
  `journalregistrering` elements.

Avlevering and deponering. Arkivverket takes over only closed archive parts, so in an
avlevering every arkivdel has arkivdelstatus «Avsluttet periode», and Arkade fails a case
status other than Avsluttet/Utgår (N5.15), a journal status other than Arkivert/Utgår (N5.22)
and a document status other than «Dokumentet er ferdigstilt» (N5.25). A deponering is a
deposit copy of a running archive and is expected to hold open cases, unfinished journal
posts and draft documents (arkivuttrekk.md §4). Our rule: when any arkivdel in
arkivstruktur.xml has an arkivdelstatus other than «Avsluttet periode», the extract is taken
to be a deponering and the findings of N5.15, N5.22 and N5.25 are warnings (ADVARSEL); with all
arkivdeler «Avsluttet periode» they are errors (FEIL), as in Arkade.

Large extracts. arkivstruktur.xml is read streaming (a pass for the schema, a pass for the
content, and for N5.63 a third, only when the content pass met empty elements), and what
must be remembered across the file (systemIDs, references, document paths) is kept in a
temporary SQLite database, so memory stays flat for millions of registrations. Each check
keeps at most `MAKS_FUNN` findings (per file for N5.03) and counts the rest.

`rapportlinjer(rapport)` renders the report as text.
"""

from .kjoering import KATALOG, valider
from .rapport import MAKS_FUNN, Alvor, Funn, Kontroll, Rapport, rapportlinjer

__all__ = [
    "KATALOG",
    "MAKS_FUNN",
    "Alvor",
    "Funn",
    "Kontroll",
    "Rapport",
    "rapportlinjer",
    "valider",
]
