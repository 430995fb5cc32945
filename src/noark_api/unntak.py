"""The API's own exceptions, for the statuses DRF has no class for. Kept apart from feil.py,
which imports rest_framework.views: the authentication classes (loaded by DRF's settings)
must not."""

from __future__ import annotations

from rest_framework import exceptions  # type: ignore[import-untyped]


class Konflikt(exceptions.APIException):  # type: ignore[misc]
    """The object was changed by someone else (the ETag the client sent is old)."""

    status_code = 409
    default_detail = "The object was changed by someone else."
    default_code = "konflikt"


class ForutsetningFeilet(exceptions.APIException):  # type: ignore[misc]
    status_code = 412
    default_detail = "Precondition failed."
    default_code = "forutsetning_feilet"


class IkkeImplementert(exceptions.APIException):  # type: ignore[misc]
    status_code = 501
    default_detail = "Not implemented."
    default_code = "ikke_implementert"


class Sperret(exceptions.Throttled):  # type: ignore[misc]
    """Too many failed logins for this user name from this address (django-axes)."""

    default_detail = "Too many failed login attempts."
    default_code = "sperret"
