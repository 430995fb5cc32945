"""`make screenshots`: PNG pictures of the main pages of a case handler, a leader and the
records office, taken from a running server with demo data (scripts/skjermbilder.sh starts
one), so a reader sees the UI without running it.

Run as `python -m demo.skjermbilder --url http://127.0.0.1:8123 --ut docs/screenshots`. The
pages are reached as a user does, by logging in and following links, with Debian's chromium
at an iPad's width.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

BREDDE, HOEYDE = 1024, 768


def ta_bilder(url: str, ut: Path, brukernavn: str, passord: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    ut.mkdir(parents=True, exist_ok=True)
    bilder: list[Path] = []
    chromium = os.environ.get("ARKIVAR_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        nettleser = playwright.chromium.launch(executable_path=chromium, headless=True)
        side = nettleser.new_context(
            base_url=url, locale="nb-NO", viewport={"width": BREDDE, "height": HOEYDE}
        ).new_page()

        def bilde(navn: str) -> None:
            side.wait_for_load_state("networkidle")
            fil = ut / f"{navn}.png"
            side.screenshot(path=str(fil), full_page=True)
            bilder.append(fil)

        side.goto("/logg-inn/")
        bilde("01-innlogging")
        _logg_inn(side, brukernavn, passord)
        bilde("02-min-side")
        _meny(side, "Saker")
        bilde("03-saker")
        side.get_by_role("link", name="Ny sak").click()
        bilde("10-ny-sak")
        _meny(side, "Saker")
        side.locator("table a").first.click()
        bilde("04-sak")
        side.get_by_role("link", name="Ny journalpost").click()
        bilde("11-ny-journalpost")
        side.go_back()
        dokument = side.locator("a[href^='/dokument/beskrivelse/']").first
        if dokument.count():
            dokument.click()
            bilde("05-dokument")
        _meny(side, "Søk")
        side.get_by_role("searchbox").first.fill("søknad")
        side.keyboard.press("Enter")
        bilde("06-sok")
        _meny(side, "Filbehandling")
        bilde("07-filbehandling")
        side.get_by_role("button", name="Logg ut", exact=True).click()
        _logg_inn(side, brukernavn.replace("saksbehandler.", "leder."), passord)
        _meny(side, "Min enhet")
        bilde("08-min-enhet")
        side.get_by_role("button", name="Logg ut", exact=True).click()
        _logg_inn(side, brukernavn.replace("saksbehandler.", "arkivar."), passord)
        _meny(side, "Journalkontroll")
        bilde("09-journalkontroll")
        _meny(side, "Mottak")
        bilde("12-mottak")
        side.locator("table a").first.click()
        bilde("13-registrer-post")
        _meny(side, "Løpende journal")
        _journaldag(side)
        bilde("14-lopende-journal")
        _meny(side, "Arkivdeler")
        bilde("16-arkivdeler")
        _meny(side, "Deponering")
        side.locator("summary").first.click()  # the failing checks of the first arkivdel
        bilde("17-deponering")
        _meny(side, "Kassasjon")
        bilde("18-kassasjon")
        side.get_by_role("button", name="Logg ut", exact=True).click()
        side.get_by_role("link", name="Offentlig journal").click()
        _journaldag(side)
        bilde("15-offentlig-journal")
        nettleser.close()
    return bilder


def _logg_inn(side: Any, brukernavn: str, passord: str) -> None:
    side.goto("/logg-inn/")
    side.get_by_label("Brukernavn").fill(brukernavn)
    side.get_by_label("Passord").fill(passord)
    side.get_by_role("button", name="Logg inn").click()
    side.wait_for_url(lambda adresse: "/logg-inn/" not in adresse)


def _journaldag(side: Any) -> None:
    """Go back from today to the last day with entries (the demo's cases end in the past)."""
    forrige = side.get_by_role("link", name="Forrige dag med journalposter", exact=False)
    if forrige.count():
        forrige.click()


def _meny(side: Any, navn: str) -> None:
    side.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name=navn).click()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m demo.skjermbilder", description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--ut", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--bruker", default="saksbehandler.alna")
    parser.add_argument("--passord", default="demo")
    args = parser.parse_args()
    for fil in ta_bilder(args.url, args.ut, args.bruker, args.passord):
        sys.stdout.write(f"{fil}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
