"""Login and sessions for staff: OpenID Connect against the municipality's identity provider,
local password login for break-glass administrators (throttled by django-axes), and
"log out on all devices" through a per-user session generation (style.md §6)."""
