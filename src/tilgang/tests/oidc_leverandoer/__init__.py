"""A local OpenID provider for the login tests: django-oauth-toolkit in the test server.

settings_test.py adds `oauth2_provider` and its base settings; `urls.py` mounts it under /o/
next to Arkivar's own URLs; the tests generate the signing key and register the client."""
