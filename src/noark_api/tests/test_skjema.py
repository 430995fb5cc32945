"""The OpenAPI document (drf-spectacular) generates without warnings and documents errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_skjemaet_lages_uten_advarsler(tmp_path: Path) -> None:
    fil = tmp_path / "skjema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(fil))

    skjema = yaml.safe_load(fil.read_text())
    rot = skjema["paths"]["/api/"]["get"]["responses"]
    assert {"200", "401", "406", "500"} <= set(rot)
    feil = skjema["components"]["schemas"]["Feil"]
    assert set(feil["properties"]) == {"feil", "detail"}


def test_skjemaet_serveres_paa_api_schema(api: APIClient) -> None:
    svar = api.get("/api/schema/")

    assert svar.status_code == 200
    assert b"openapi:" in svar.content
