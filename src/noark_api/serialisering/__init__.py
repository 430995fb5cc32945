"""Serializers of the API's entities: the standard's camelCase names over our models."""
