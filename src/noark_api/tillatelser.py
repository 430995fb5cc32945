"""Who may call a resource at all. What a user may see or do with an object is decided by the
selectors and services, and what is advertised by the link builder (lenker.py)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import AllowAny, BasePermission  # type: ignore[import-untyped]


class KreverInnlogging(BasePermission):  # type: ignore[misc]
    """The default: a logged-in user. OPTIONS is open, since browsers preflight without
    credentials and clients may probe any URL with it (client-compat.md §3.1)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method == "OPTIONS":
            return True
        return bool(request.user and request.user.is_authenticated)


# Readable without login: the root and the login descriptions (rest-api.md §1.2). DRF's own
# class, not a subclass: drf-spectacular marks an operation open only for AllowAny itself.
Aapen = AllowAny
