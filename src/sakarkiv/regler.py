"""Pure rules of the sakarkiv with no database: status life cycles (model.md §6.2)."""

from __future__ import annotations

# Saksstatus (M052). A → B is re-opening, reserved for the records office (6.1.15).
SAKSSTATUS_OVERGANGER: dict[str, frozenset[str]] = {
    "R": frozenset({"B", "U"}),
    "B": frozenset({"S", "F", "A", "U", "P"}),
    "S": frozenset({"B", "A"}),
    "F": frozenset({"B", "A"}),
    "P": frozenset({"B", "A", "U"}),
    "A": frozenset({"B"}),
    "U": frozenset(),
}
SAKSSTATUS_VED_OPPRETTELSE = frozenset({"R", "B"})

# Journalstatus (M053): the usual Norwegian practice of model.md §6.2. F → R is a draft sent
# back from approval; every state but A may be cancelled with U, which keeps the numbers.
JOURNALSTATUS_OVERGANGER: dict[str, frozenset[str]] = {
    "M": frozenset({"S", "J", "U"}),
    "S": frozenset({"J", "U"}),
    "R": frozenset({"F", "U"}),
    "F": frozenset({"R", "G", "E", "J", "U"}),
    "G": frozenset({"R", "E", "J", "U"}),
    "E": frozenset({"J", "U"}),
    "J": frozenset({"A", "U"}),
    "A": frozenset(),
    "U": frozenset(),
}
INNGAAENDE = "I"
EGNE_DOKUMENTTYPER = frozenset({"U", "N", "X", "S"})
JOURNALSTATUS_VED_OPPRETTELSE: dict[str, frozenset[str]] = {
    "I": frozenset({"M", "S", "J"}),
    "U": frozenset({"R", "F", "G", "E", "J"}),
    "N": frozenset({"R", "F", "G", "J"}),
    "X": frozenset({"R", "F", "G", "J"}),
    "S": frozenset({"R", "F", "G", "J"}),
}
STANDARD_JOURNALSTATUS = {"I": "M", "U": "R", "N": "R", "X": "R", "S": "R"}

# Statuses that make a saksmappe undeletable for ever (6.1.18).
EKSPEDERT_ELLER_JOURNALFOERT = frozenset({"E", "J", "A"})
# Deletion of a journalpost is allowed only while it is reserved or temporary (§6.4).
SLETTBAR_JOURNALSTATUS = frozenset({"R", "M"})
# Only incoming documents and internal ones for follow-up are restanser (§4.11).
AVSKRIVES = frozenset({"I", "N"})
# Write-offs that name the journalpost that answered, and which types that answer can be.
AVSKRIVNING_SVARTYPE: dict[str, frozenset[str]] = {
    "BU": frozenset({"U"}),
    "BE": frozenset({"U"}),
    "BN": frozenset({"N", "X"}),
}
AVSKRIVNING_KREVER_SVAR = frozenset({"BU", "BN"})


def saksstatus_overgang_tillatt(fra: str, til: str) -> bool:
    return til in SAKSSTATUS_OVERGANGER.get(fra, frozenset())


def journalstatus_overgang_tillatt(fra: str, til: str) -> bool:
    return til in JOURNALSTATUS_OVERGANGER.get(fra, frozenset())


def journalstatus_ved_opprettelse_tillatt(journalposttype: str, journalstatus: str) -> bool:
    return journalstatus in JOURNALSTATUS_VED_OPPRETTELSE.get(journalposttype, frozenset())


def er_ferdig_behandlet(journalstatus: str) -> bool:
    """A journalpost counts as closed for the case's closing rule (6.1.8) when A or U."""
    return journalstatus in {"A", "U"}


def saksbehandlers_handlinger(
    journalposttype: str, journalstatus: str, avskrevet: bool, venter_godkjenning: bool = False
) -> set[str]:
    """What a case handler may do next with a journalpost on the case page: finish a draft of
    their own (R → F), send it to a leader for approval (R or F), send an outgoing letter
    (F or G → E), write off a restanse. A document waiting for approval is neither finished
    nor sent until the leader has answered."""
    handlinger: set[str] = set()
    egen = journalposttype in EGNE_DOKUMENTTYPER
    if egen and journalstatus == "R" and not venter_godkjenning:
        handlinger.add("ferdigstill")
    if egen and journalstatus in {"R", "F"} and not venter_godkjenning:
        handlinger.add("til_godkjenning")
    if journalposttype == "U" and journalstatus in {"F", "G"} and not venter_godkjenning:
        handlinger.add("ekspeder")
    if journalposttype in AVSKRIVES and journalstatus != "U" and not avskrevet:
        handlinger.add("avskriv")
    return handlinger
