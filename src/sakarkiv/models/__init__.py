from sakarkiv.models.korrespondansepart import Korrespondansepart, Korrespondanseparttype
from sakarkiv.models.nummerserie import Nummerserie, Serie
from sakarkiv.models.oppfoelging import Avskrivning, Dokumentflyt, Presedens
from sakarkiv.models.proxyer import Arkivnotat, Journalpost, Saksmappe

__all__ = [
    "Arkivnotat",
    "Avskrivning",
    "Dokumentflyt",
    "Journalpost",
    "Korrespondansepart",
    "Korrespondanseparttype",
    "Nummerserie",
    "Presedens",
    "Saksmappe",
    "Serie",
]
