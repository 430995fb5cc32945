"""Claims the test provider puts into its ID tokens."""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

# Provider-side users are Bruker rows too (one database); their name at the provider starts
# with this prefix, so that the user-name claim differs from the provider user's own name.
LEVERANDOER_PREFIKS = "idp."


class TestValidator(OAuth2Validator):
    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        bruker = request.user
        return {
            "preferred_username": bruker.username.removeprefix(LEVERANDOER_PREFIKS),
            "given_name": bruker.first_name,
            "family_name": bruker.last_name,
            "email": bruker.email,
        }
