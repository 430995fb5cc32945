from sakarkiv.models.brevmal import Brevmal
from sakarkiv.models.korrespondansepart import Korrespondansepart, Korrespondanseparttype
from sakarkiv.models.mottak import Mottaksfil, Mottakskanal, Mottakspost, Mottaksstatus
from sakarkiv.models.nummerserie import Nummerserie, Serie
from sakarkiv.models.oppfoelging import Avskrivning, Dokumentflyt, Presedens
from sakarkiv.models.proxyer import Arkivnotat, Journalpost, Saksmappe

__all__ = [
    "Arkivnotat",
    "Avskrivning",
    "Brevmal",
    "Dokumentflyt",
    "Journalpost",
    "Korrespondansepart",
    "Korrespondanseparttype",
    "Mottaksfil",
    "Mottakskanal",
    "Mottakspost",
    "Mottaksstatus",
    "Nummerserie",
    "Presedens",
    "Saksmappe",
    "Serie",
]
