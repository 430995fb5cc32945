"""Document storage on S3 (issue 4 §1), against a local S3 server that speaks the S3 REST
protocol (moto's server, on 127.0.0.1): the same code path a MinIO or cloud bucket gets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer

from dokument.lagring import aapne, lagre_innhold, rydd_foreldreloese, sti_for, verifiser
from dokument.services import dokumentobjekt_opprett

BOETTE = "arkivar-dokumenter"
NOEKLER = {"aws_access_key_id": "arkivar", "aws_secret_access_key": "hemmelig"}


@pytest.fixture(scope="module")
def s3_adresse() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        vert, port = server.get_host_and_port()
        yield f"http://{vert}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_adresse: str, settings: Any) -> Any:
    # moto keeps its buckets per process: start each test empty.
    requests.post(f"{s3_adresse}/moto-api/reset", timeout=10).raise_for_status()
    klient = boto3.client("s3", endpoint_url=s3_adresse, region_name="eu-north-1", **NOEKLER)
    klient.create_bucket(
        Bucket=BOETTE, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    # The same options config.settings builds from ARKIVAR_S3_*.
    settings.STORAGES = {
        **settings.STORAGES,
        "dokumenter": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BOETTE,
                "endpoint_url": s3_adresse,
                "region_name": "eu-north-1",
                "access_key": NOEKLER["aws_access_key_id"],
                "secret_key": NOEKLER["aws_secret_access_key"],
                "file_overwrite": True,
                "default_acl": None,
            },
        },
    }
    return klient


@pytest.mark.django_db
def test_fil_lagres_i_boetten_under_sjekksummen_og_leses_tilbake(s3: Any) -> None:
    innhold = "Vedtak om bostøtte for Åse".encode()

    lagret = lagre_innhold(innhold)

    objekt = s3.get_object(Bucket=BOETTE, Key=sti_for(lagret.sjekksum))
    assert objekt["Body"].read() == innhold
    assert storages["dokumenter"].__class__.__name__ == "S3Storage"
    assert verifiser(lagret.sjekksum) is True
    with aapne(lagret.sjekksum) as fil:
        assert fil.read() == innhold
    # Content-addressed: the same bytes are stored once.
    assert lagre_innhold(innhold) == lagret
    assert s3.list_objects_v2(Bucket=BOETTE)["KeyCount"] == 1


@pytest.mark.django_db
def test_dokumentobjekt_med_fil_i_s3(s3: Any, oppsett: Any, dokument: Any) -> None:
    objekt = dokumentobjekt_opprett(
        dokumentbeskrivelse=dokument,
        innhold=b"Referat fra bydelsutvalget\n",
        filnavn="referat.txt",
        utfoert_av=oppsett.saksbehandler,
    )

    assert s3.head_object(Bucket=BOETTE, Key=sti_for(objekt.sjekksum))["ContentLength"] == 27


@pytest.mark.django_db
def test_foreldreloes_fil_ryddes_bort_fra_boetten(s3: Any) -> None:
    lagret = lagre_innhold(b"ingen viser til meg")

    assert rydd_foreldreloese(eldre_enn=dt.timedelta(hours=1)) == []
    slettet = rydd_foreldreloese(eldre_enn=dt.timedelta(seconds=-60))

    assert slettet == [lagret.sti]
    assert s3.list_objects_v2(Bucket=BOETTE)["KeyCount"] == 0
