"""ETags of single instances (rest-api.md §5.3, client-compat.md §7.1).

The models have no version counter, and `endretDato` is not a safe one: it is empty until the
first change and not every service sets it (closing sets `avsluttetDato`). So the ETag is a
hash of the instance's stored state: every concrete column of the row (including those the
API does not show, such as `er_historisk`), in field order. It changes whenever the row
changes and is the same on every GET of an unchanged row, whoever asks and on whichever host
name, which a hash of the response body (with its user- and host-dependent `_links`) is not.
Changes to many-to-many sets (arkivskapere) do not change it; they are sub-resources with
their own requests. Nor do the columns a model lists in `etag_uten`: bookkeeping that adding a
child updates (the number counters), so that a client holding a saksmappe's ETag can still
update it after adding journalposts, as with the reference server's version counter.

The value is a strong ETag, a quoted opaque string; clients treat it as opaque (§5.3).
"""

from __future__ import annotations

import hashlib
import json

from django.db import models


def etag(instans: models.Model) -> str:
    uten = getattr(instans, "etag_uten", ())
    tilstand = [
        [felt.attname, getattr(instans, felt.attname)]
        for felt in instans._meta.concrete_fields
        if felt.attname not in uten
    ]
    tekst = json.dumps(tilstand, default=str, ensure_ascii=False, separators=(",", ":"))
    return '"' + hashlib.sha256(tekst.encode()).hexdigest()[:32] + '"'
