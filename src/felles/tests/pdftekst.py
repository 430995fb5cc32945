"""The text of a PDF as poppler's pdftotext reads it: what a reader's tools would find."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def pdftekst(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as mappe:
        fil = Path(mappe) / "fil.pdf"
        fil.write_bytes(data)
        return subprocess.run(  # noqa: S603 -- a fixed command on a file written here
            ["pdftotext", "-enc", "UTF-8", str(fil), "-"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
