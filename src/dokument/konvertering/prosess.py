"""Running a conversion tool in a child process (dokument.konvertering).

A tool runs in a session of its own, so that on timeout the whole process group can be killed:
`soffice` is a wrapper whose `soffice.bin` would otherwise live on, and OCRmyPDF starts
Tesseract and Ghostscript, a hung one of which must not hang the worker. Its temporary files go
into the conversion's folder and leave with it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from dokument.konvertering.felles import TIDSAVBRUDD, Konverteringsfeil

# How much of a tool's output goes into `Konverteringsfeil.detaljer`.
DETALJER_TEGN = 2000


@dataclass(frozen=True)
class Kjoering:
    """A finished run of a tool: its exit status and its output, decoded as UTF-8."""

    returkode: int
    utdata: str
    feilutdata: str


def kjoer(
    argumenter: Sequence[str],
    mappe: Path,
    *,
    navn: str,
    miljoe: Mapping[str, str] | None = None,
    frist: float | None = None,
) -> Kjoering:
    """Run `argumenter` in `mappe` (also its TMPDIR), with `miljoe` added to the environment,
    within ARKIVAR_KONVERTERING_TIDSAVBRUDD seconds, or until `frist` (`time.monotonic()`)
    when that is given (at least a second). On timeout the whole process group is killed and
    Konverteringsfeil TIDSAVBRUDD raised, with the tool called `navn` in the message."""
    tidsavbrudd = settings.ARKIVAR_KONVERTERING_TIDSAVBRUDD
    with subprocess.Popen(  # noqa: S603 - an argument list, never a shell command line
        argumenter,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=mappe,
        env={**os.environ, "TMPDIR": str(mappe), **(miljoe or {})},
        start_new_session=True,
    ) as prosess:
        ventetid = tidsavbrudd if frist is None else max(frist - time.monotonic(), 1)
        try:
            utdata, feilutdata = prosess.communicate(timeout=ventetid)
        except subprocess.TimeoutExpired:
            _drep_gruppe(prosess)
            raise Konverteringsfeil(
                f"{navn} brukte mer enn {tidsavbrudd} sekunder og ble stoppet.",
                kode=TIDSAVBRUDD,
            ) from None
    return Kjoering(
        returkode=prosess.returncode,
        utdata=utdata.decode("utf-8", errors="replace"),
        feilutdata=feilutdata.decode("utf-8", errors="replace"),
    )


def _drep_gruppe(prosess: subprocess.Popen[bytes]) -> None:
    """Kill the process group `prosess` leads (it was started in a session of its own)."""
    with contextlib.suppress(ProcessLookupError):  # the group may be gone already
        os.killpg(prosess.pid, signal.SIGKILL)
    # Reap the leader only; reading the pipes could wait on a process that left the group.
    prosess.wait()


def hale(tekst: str, *, uten: str | None = None) -> str:
    """The end of a tool's output for `detaljer`, stripped, without the lines that contain
    `uten` (a harmless warning the tool always writes)."""
    tekst = tekst.strip()
    if uten is not None:
        tekst = "\n".join(linje for linje in tekst.splitlines() if uten not in linje)
    return tekst[-DETALJER_TEGN:]


def versjonsutdata(program: str, *, tidsavbrudd: float) -> subprocess.CompletedProcess[bytes]:
    """What `program --version` writes, for the tool's version in konverteringsverktoey (M714).
    OSError or subprocess.SubprocessError when it cannot be run or fails."""
    return subprocess.run(  # noqa: S603 - an argument list with a program found on PATH
        [program, "--version"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=tidsavbrudd,
        check=True,
        start_new_session=True,
    )
