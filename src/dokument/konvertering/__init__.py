"""Conversion to archival format (style.md §8): one module per kind of input.

Every converter is a plain function
`(kilde: Path, arbeidsmappe: Path, *, filtype: str) -> Konvertert` that runs an outside tool on a
file and knows nothing of the database; `dokument.behandling` chooses the converter by the
identified format, stores the result and records it.
"""
