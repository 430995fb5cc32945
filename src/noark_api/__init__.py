"""The Noark 5 REST API (tjenestegrensesnitt 1.1): HATEOAS, `application/vnd.noark5+json`."""
