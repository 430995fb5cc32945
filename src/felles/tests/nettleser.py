"""Browser tests: Debian's chromium driven headless by Playwright, and axe-core on each page.

The browser is the system's (`ARKIVAR_CHROMIUM`, default /usr/bin/chromium, installed by
scripts/install.sh); Playwright downloads nothing. axe-core is vendored next to this module and
injected into the page under test.
"""

from __future__ import annotations

import faulthandler
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# WCAG 2.1 A and AA, the level public bodies must meet (forskrift om universell utforming).
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium() -> str:
    return os.environ.get("ARKIVAR_CHROMIUM", "/usr/bin/chromium")


def wcag_brudd(side: Any) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line each: the rule,
    what it says and the elements it found."""
    if not side.evaluate("() => typeof window.axe !== 'undefined'"):
        side.add_script_tag(path=str(AXE))
    resultat = side.evaluate(
        """(tagger) => axe.run(document, {runOnly: {type: 'tag', values: tagger}})
               .then(r => r.violations.map(v => ({
                   id: v.id, hjelp: v.help, noder: v.nodes.map(n => n.target.join(' '))})))""",
        WCAG_21_AA,
    )
    return [f"{b['id']}: {b['hjelp']} ({', '.join(b['noder'][:5])})" for b in resultat]


@contextmanager
def sidens_tilstand_ved_tidsavbrudd(side: Any) -> Iterator[None]:
    """On a Playwright timeout, fail with what the page shows and what every thread of this
    process (the live server's request threads among them) is doing: a wait that runs out
    says nothing of whether the server hung, failed or answered something else."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        yield
    except PlaywrightTimeout as feil:
        try:
            innhold = str(side.locator("body").inner_text(timeout=5_000))[:2000]
        except PlaywrightTimeout:
            innhold = "(siden svarte ikke)"
        with tempfile.TemporaryFile("w+") as stabler:
            faulthandler.dump_traceback(stabler, all_threads=True)
            stabler.seek(0)
            traader = stabler.read()
        melding = f"{feil}\nSiden: {side.url}\n{innhold}\n\nTrådene:\n{traader}"
        raise AssertionError(melding) from feil
