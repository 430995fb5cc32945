"""The API's views, one small module per kind of resource."""
