"""The development administrator (client-compat.md §3.5): `admin@example.com` with password
`password`, the reference implementation's demo account, which Noark 5 test clients log in
with. It holds every role in the city (a role there counts in every bydel), so it may create
anything, maintain code lists and delete; and it is a Django superuser.

Made by `arkivar demo` and `arkivar utviklingsadmin` only, never by a migration, so that a
production database gets it only when someone asks. The name and password come from
ARKIVAR_UTVIKLINGSADMIN_BRUKERNAVN and ARKIVAR_UTVIKLINGSADMIN_PASSORD.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password

from organisasjon.models import (
    AdministrativEnhet,
    Bruker,
    Rolle,
    Rolletildeling,
    Virksomhet,
    Virksomhetstype,
)

# An organisation for the administrator's roles when the database has no city yet.
UTVIKLING_VIRKSOMHET = ("Utviklingskommune", "utvikling")
UTVIKLING_ENHET = ("systemforvaltning", "Systemforvaltning")


def _enhet() -> AdministrativEnhet:
    """A unit in the city, or else in a shared service; made when there is neither."""
    for virksomhetstype in (Virksomhetstype.KOMMUNE, Virksomhetstype.FELLESTJENESTE):
        enhet = (
            AdministrativEnhet.objects.filter(virksomhet__virksomhetstype=virksomhetstype)
            .order_by("pk")
            .first()
        )
        if enhet is not None:
            return enhet
    navn, kortnavn = UTVIKLING_VIRKSOMHET
    virksomhet, _ = Virksomhet.objects.get_or_create(
        kortnavn=kortnavn, defaults={"navn": navn, "virksomhetstype": Virksomhetstype.KOMMUNE}
    )
    enhet_kortnavn, enhet_navn = UTVIKLING_ENHET
    enhet, _ = AdministrativEnhet.objects.get_or_create(
        virksomhet=virksomhet,
        kortnavn=enhet_kortnavn,
        defaults={"administrativ_enhet_navn": enhet_navn},
    )
    return enhet


def utviklingsadmin_opprett(
    *,
    brukernavn: str | None = None,
    passord: str | None = None,
    enhet: AdministrativEnhet | None = None,
) -> tuple[Bruker, bool]:
    """Create the development administrator, or give an existing one back its roles (its
    password is left as it is). Returns the user and whether it was made now."""
    brukernavn = brukernavn or settings.ARKIVAR_UTVIKLINGSADMIN_BRUKERNAVN
    passord = passord if passord is not None else settings.ARKIVAR_UTVIKLINGSADMIN_PASSORD
    bruker, opprettet = Bruker.objects.get_or_create(
        username=brukernavn,
        defaults={
            "first_name": "Utviklingsadministrator",
            "email": brukernavn if "@" in brukernavn else "",
            "password": make_password(passord),
            "is_staff": True,
            "is_superuser": True,
        },
    )
    enhet = enhet or _enhet()
    for rolle in Rolle.values:
        Rolletildeling.objects.get_or_create(bruker=bruker, administrativ_enhet=enhet, rolle=rolle)
    return bruker, opprettet
