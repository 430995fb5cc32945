"""File sizes as people read them (Norwegian notation)."""

from __future__ import annotations

_MB = 1024 * 1024


def som_mb(antall_byte: int) -> str:
    """Bytes as MB in Norwegian notation: 200, 1,5, 0,01."""
    verdi = antall_byte / _MB
    if verdi.is_integer():
        return str(int(verdi))
    tekst = f"{verdi:.2f}".rstrip("0").rstrip(".")
    if tekst == "0":
        tekst = "0.01"
    return tekst.replace(".", ",")
