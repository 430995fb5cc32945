"""One full registration, twice: through the services, and as plain DB-API inserts.

A registration is a journalpost (type U) with two korrespondanseparter and one document
(dokumentbeskrivelse, dokumenttilknytning, dokumentobjekt with ~2 KB of PDF-like bytes, stored
and hashed), plus its change-log rows, committed as one transaction.

The plain path inserts the *same rows*: its templates are rows the services wrote in the
warm-up, read back with `SELECT *`, so the column lists and stored values match whatever the
models are today. Per registration only what must differ is replaced: systemIDs, keys, numbers,
timestamps, titles, checksums, chain fields.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STOERRELSE = 2048


# The store keeps a file under `ab/cd/<sha256>`. A store that already holds many documents has
# all 65,536 folders; a fresh one would create (and fsync) a folder for almost every file, and
# creating and removing all of them takes minutes on a busy disk. So the bench creates 1,024
# folders (4 under each `ab`) and picks each document's nonce so that its hash lands in one.
MAPPEPREFIKSER = frozenset(f"{i * 64:04x}" for i in range(1024))


def pdf_innhold(nr: int) -> bytes:
    """~2 KB that look like a small PDF, unique per registration as real letters are (the
    store keeps identical content once, which would skip the write), whose SHA-256 starts with
    one of MAPPEPREFIKSER. Made before the clock starts."""
    hode = (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Contents 4 0 R >>\nendobj\n"
    )
    tekst = f"BT /F1 11 Tf 72 770 Td (Svar pa soknad nr. {nr}) Tj ET\n".encode()
    hale = b"xref\n0 5\ntrailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n0\n%%EOF\n"
    fyll = STOERRELSE - len(hode) - len(tekst) - len(hale) - 80
    strom = tekst + os.urandom(max(fyll, 0) // 2).hex().encode()
    objekt = b"4 0 obj\n<< /Length " + str(len(strom)).encode() + b" >>\nstream\n" + strom
    foer = hode + objekt + b"\nendstream\nendobj\n% nonce "
    for nonce in range(1_000_000):
        innhold = foer + str(nonce).encode() + b"\n" + hale
        if hashlib.sha256(innhold).hexdigest()[:4] in MAPPEPREFIKSER:
            return innhold
    raise RuntimeError("no nonce found")


# Through the services


MOTTAKER: Any = None
KOPIMOTTAKER: Any = None


def ola_nordmann(**mer: Any) -> Any:
    """The sender (EM) the benches' journalposts have, with `mer` of his details."""
    from sakarkiv.services.korrespondansepart import NyKorrespondansepart

    return NyKorrespondansepart(
        korrespondanseparttype="EM",
        navn="Ola Nordmann",
        postadresse=["Storgata 1"],
        postnummer="0155",
        poststed="OSLO",
        **mer,
    )


def _parter() -> tuple[Any, Any]:
    global MOTTAKER, KOPIMOTTAKER
    if MOTTAKER is None:
        from sakarkiv.services.korrespondansepart import NyKorrespondansepart

        MOTTAKER = ola_nordmann(epostadresse="ola@example.no")
        KOPIMOTTAKER = NyKorrespondansepart(
            korrespondanseparttype="EK",
            navn="Advokatfirmaet Lov AS",
            subtype="enhet",
            enhetsidentifikator="987654321",
            postadresse=["Postboks 12 Sentrum"],
            postnummer="0101",
            poststed="OSLO",
        )
    return MOTTAKER, KOPIMOTTAKER


@dataclass
class TjenesteResultat:
    journalpost: Any
    dokumentbeskrivelse: Any
    dokumentobjekt: Any


def registrer_med_tjenester(
    bruker: Any, sak: Any, nr: int, innhold: bytes, faser: dict[str, float] | None = None
) -> TjenesteResultat:
    """One registration as a UI request makes it: the upload is stored and checksummed first,
    then one logged transaction runs the services.

    The user's access profile is computed afresh, as it is once per request. With `faser`,
    the seconds spent in each step are added to it (the profiling run).
    """
    from django.conf import settings

    from arkivstruktur.services.dokumentbeskrivelse import dokumentbeskrivelse_opprett
    from dokument.lagring import lagre_innhold
    from dokument.services import dokumentobjekt_opprett
    from sakarkiv.services.journalpost import journalpost_registrer
    from sporing.services import logget_transaksjon
    from tilgang.profil import glem_tilgangsprofil

    klokke = _Faser(faser)
    glem_tilgangsprofil(bruker)
    mottaker, kopimottaker = _parter()
    klokke("begynn")
    lagret = lagre_innhold(innhold, maks_stoerrelse=settings.ARKIVAR_MAKS_FILSTOERRELSE)
    klokke("lagre_innhold")
    with logget_transaksjon():
        journalpost = journalpost_registrer(
            saksmappe=sak,
            tittel=f"Svar på søknad om tilrettelegging {nr}",
            journalposttype="U",
            korrespondanseparter=[mottaker, kopimottaker],
            utfoert_av=bruker,
        )
        klokke("journalpost_registrer")
        dokumentbeskrivelse = dokumentbeskrivelse_opprett(
            registrering=journalpost,
            tittel=f"Svarbrev {nr}",
            utfoert_av=bruker,
        )
        klokke("dokumentbeskrivelse_opprett")
        dokumentobjekt = dokumentobjekt_opprett(
            dokumentbeskrivelse=dokumentbeskrivelse,
            innhold=lagret,
            filnavn=f"svarbrev-{nr}.pdf",
            # Nothing declared: the system identifies the format from the content.
            utfoert_av=bruker,
        )
        klokke("dokumentobjekt_opprett")
    klokke("logg-kjede + commit")
    return TjenesteResultat(journalpost, dokumentbeskrivelse, dokumentobjekt)


class _Faser:
    def __init__(self, faser: dict[str, float] | None) -> None:
        self.faser = faser
        self.sist = time.perf_counter()

    def __call__(self, navn: str) -> None:
        if self.faser is None:
            return
        naa = time.perf_counter()
        self.faser[navn] = self.faser.get(navn, 0.0) + naa - self.sist
        self.sist = naa


# Plain


@dataclass
class _Mal:
    """One row the services wrote, as an INSERT with the same columns and values."""

    tabell: str
    kolonner: list[str]
    verdier: list[Any]
    sql: str = ""
    indeks: dict[str, int] = field(default_factory=dict)

    def rad(self, **endret: Any) -> list[Any]:
        verdier = self.verdier.copy()
        for kolonne, verdi in endret.items():
            verdier[self.indeks[kolonne]] = verdi
        return verdier


class RenRegistrering:
    """Plain inserts of the rows of one registration, one commit each, on the raw DB-API
    connection that Django opened (so the same PRAGMAs / synchronous_commit apply)."""

    def __init__(
        self,
        *,
        motor: str,
        mal: TjenesteResultat,
        antall_logg: int,
        saker: Sequence[Any],
        filmappe: Path,
    ) -> None:
        from django.db import connection

        connection.ensure_connection()
        assert connection.get_autocommit(), "the Django connection must be in autocommit"
        self.motor = motor
        self.raa = connection.connection
        self.markoer = self.raa.cursor()
        self.plassholder = "%s" if motor == "postgresql" else "?"
        self.begin = "BEGIN IMMEDIATE" if motor == "sqlite" else "BEGIN"
        self.filmappe = filmappe
        filmappe.mkdir(parents=True, exist_ok=True)
        self.saker = [(sak.pk, sak.mappe_id) for sak in saker]
        self.neste_jpnr = dict.fromkeys((pk for pk, _ in self.saker), 0)
        self._les_maler(mal, antall_logg)

    # Values in the form the driver stores them: Django keeps UUIDs as 32 hex characters and
    # datetimes as naive UTC text on SQLite; psycopg takes the Python objects.

    def _uuid(self, verdi: uuid.UUID) -> Any:
        return verdi if self.motor == "postgresql" else verdi.hex

    def _naa(self) -> Any:
        naa = dt.datetime.now(dt.UTC)
        if self.motor == "postgresql":
            return naa
        return naa.replace(tzinfo=None).isoformat(" ", timespec="microseconds")

    def _les_maler(self, mal: TjenesteResultat, antall_logg: int) -> None:
        from arkivstruktur.models import (
            Dokumentbeskrivelse,
            Dokumentobjekt,
            Dokumenttilknytning,
            Registrering,
        )
        from sakarkiv.models import Korrespondansepart
        from sporing.models import Endringslogg

        jp, db, do = mal.journalpost, mal.dokumentbeskrivelse, mal.dokumentobjekt
        self.registrering = self._mal(Registrering, "id = %s", [jp.pk])[0]
        self.parter = self._mal(Korrespondansepart, "registrering_id = %s ORDER BY id", [jp.pk])
        self.dokumentbeskrivelse = self._mal(Dokumentbeskrivelse, "id = %s", [db.pk])[0]
        self.tilknytning = self._mal(Dokumenttilknytning, "registrering_id = %s", [jp.pk])[0]
        self.dokumentobjekt = self._mal(Dokumentobjekt, "id = %s", [do.pk])[0]
        self.logg = list(
            reversed(
                self._mal(
                    Endringslogg, f"1 = 1 ORDER BY loepenummer DESC LIMIT {int(antall_logg)}", []
                )
            )
        )
        assert len(self.parter) == 2
        assert len(self.logg) == antall_logg
        # The log rows point at the template's units; each new registration's rows at its own.
        maler = [self.registrering, *self.parter, self.dokumentbeskrivelse, self.dokumentobjekt]
        self.logg_peker = [
            next(
                i
                for i, m in enumerate(maler)
                if m.verdier[m.indeks["system_id"]]
                == rad.verdier[rad.indeks["referanse_arkivenhet"]]
            )
            for rad in self.logg
        ]
        self.loepenummer = 1_000_000_000
        self.forrige_hash = "0" * 64
        self.journalsekvensnummer = 10_000_000
        self.nr = 0

    def _mal(self, modell: Any, hvor: str, parametre: list[Any]) -> list[_Mal]:
        """`SELECT *` of the service's rows, turned into INSERT templates without the `id`."""
        from django.db.models import JSONField

        tabell = modell._meta.db_table
        json_kolonner = {f.column for f in modell._meta.concrete_fields if isinstance(f, JSONField)}
        hvor = hvor.replace("%s", self.plassholder)
        self.markoer.execute(f"SELECT * FROM {tabell} WHERE {hvor}", parametre)
        navn = [kolonne[0] for kolonne in self.markoer.description]
        maler = []
        for rad in self.markoer.fetchall():
            kolonner = [n for n in navn if n != "id"]
            verdier = [
                self._som_parameter(v, n in json_kolonner)
                for n, v in zip(navn, rad, strict=True)
                if n != "id"
            ]
            liste = ", ".join(kolonner)
            plasser = ", ".join([self.plassholder] * len(kolonner))
            sql = f"INSERT INTO {tabell} ({liste}) VALUES ({plasser})"
            maler.append(
                _Mal(tabell, kolonner, verdier, sql, {k: i for i, k in enumerate(kolonner)})
            )
        return maler

    def _som_parameter(self, verdi: Any, er_json: bool) -> Any:
        if self.motor == "postgresql" and er_json and verdi is not None:
            from psycopg.types.json import Jsonb

            # Django's connection reads jsonb as text; store the same JSON value back.
            return Jsonb(json.loads(verdi) if isinstance(verdi, str) else verdi)
        return verdi

    def lagre_fil(self, innhold: bytes) -> tuple[str, int]:
        """Write, fsync and hash the bytes (SHA-256)."""
        sha = hashlib.sha256(innhold).hexdigest()
        sti = self.filmappe / f"{self.nr:08d}.pdf"
        fd = os.open(sti, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        try:
            os.write(fd, innhold)
            os.fsync(fd)
        finally:
            os.close(fd)
        return sha, len(innhold)

    def registrer(self, innhold: bytes) -> None:
        self.nr += 1
        nr = self.nr
        sak_pk, mappe_id = self.saker[nr % len(self.saker)]
        self.neste_jpnr[sak_pk] += 1
        jpnr = self.neste_jpnr[sak_pk]
        self.journalsekvensnummer += 1
        naa = self._naa()
        reg_sid = _uuid7()
        part_sid = [_uuid7(), _uuid7()]
        db_sid, do_sid = _uuid7(), _uuid7()
        sider = [reg_sid, *part_sid, db_sid, do_sid]
        m = self.markoer

        m.execute(self.begin)
        m.execute(
            self.registrering.sql + " RETURNING id",
            self.registrering.rad(
                system_id=self._uuid(reg_sid),
                mappe_id=sak_pk,
                registrerings_id=f"{mappe_id}-{jpnr}",
                journalpostnummer=jpnr,
                journalsekvensnummer=self.journalsekvensnummer,
                tittel=f"Svar på søknad om tilrettelegging {nr}",
                opprettet_dato=naa,
            ),
        )
        reg_id = m.fetchone()[0]
        m.executemany(
            self.parter[0].sql,
            [
                mal.rad(system_id=self._uuid(sid), registrering_id=reg_id)
                for mal, sid in zip(self.parter, part_sid, strict=True)
            ],
        )
        m.execute(
            self.dokumentbeskrivelse.sql + " RETURNING id",
            self.dokumentbeskrivelse.rad(
                system_id=self._uuid(db_sid),
                tittel=f"Svarbrev {nr}",
                opprettet_dato=naa,
            ),
        )
        db_id = m.fetchone()[0]
        m.execute(
            self.tilknytning.sql,
            self.tilknytning.rad(
                registrering_id=reg_id,
                dokumentbeskrivelse_id=db_id,
                tilknyttet_dato=naa,
            ),
        )
        sjekksum, stoerrelse = self.lagre_fil(innhold)
        m.execute(
            self.dokumentobjekt.sql,
            self.dokumentobjekt.rad(
                system_id=self._uuid(do_sid),
                dokumentbeskrivelse_id=db_id,
                sjekksum=sjekksum,
                filstoerrelse=stoerrelse,
                filnavn=f"svarbrev-{nr}.pdf",
                opprettet_dato=naa,
            ),
        )
        logg_rader = []
        for mal, peker in zip(self.logg, self.logg_peker, strict=True):
            self.loepenummer += 1
            sid = _uuid7()
            hash_ = hashlib.sha256(
                f"{self.forrige_hash}{self.loepenummer}{sid}".encode()
            ).hexdigest()
            logg_rader.append(
                mal.rad(
                    loepenummer=self.loepenummer,
                    system_id=self._uuid(sid),
                    referanse_arkivenhet=self._uuid(sider[peker]),
                    endret_dato=naa,
                    forrige_hash=self.forrige_hash,
                    hash=hash_,
                )
            )
            self.forrige_hash = hash_
        m.executemany(self.logg[0].sql, logg_rader)
        m.execute("COMMIT")


def _uuid7() -> uuid.UUID:
    from felles.ids import uuid7

    return uuid7()


# Timing


def tid(funksjon: Callable[[], Any]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    funksjon()
    return time.perf_counter() - start
