#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry (run by hand when upgrading; the
# files are committed, so nothing is fetched at run time or in CI). Pinned versions below.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DESIGNSYSTEMET_CSS=1.22.0     # @digdir/designsystemet-css: the components
DESIGNSYSTEMET_THEME=1.11.0   # @digdir/designsystemet-theme: the Digdir theme's tokens
HTMX=2.0.11                   # htmx.org
INTER=5.3.0                   # @fontsource/inter: the theme's typeface
AXE=4.14.1                    # axe-core: the WCAG checks of the browser tests

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent \
    "@digdir/designsystemet-css@$DESIGNSYSTEMET_CSS" \
    "@digdir/designsystemet-theme@$DESIGNSYSTEMET_THEME" \
    "htmx.org@$HTMX" "@fontsource/inter@$INTER" "axe-core@$AXE" >/dev/null)
pakk_ut() { mkdir -p "$tmp/$1" && tar xzf "$tmp"/$2 -C "$tmp/$1"; }
pakk_ut css "digdir-designsystemet-css-$DESIGNSYSTEMET_CSS.tgz"
pakk_ut tema "digdir-designsystemet-theme-$DESIGNSYSTEMET_THEME.tgz"
pakk_ut htmx "htmx.org-$HTMX.tgz"
pakk_ut inter "fontsource-inter-$INTER.tgz"
pakk_ut axe "axe-core-$AXE.tgz"

v=src/felles/static/vendor
install -D -m 644 "$tmp/css/package/dist/src/index.css" "$v/designsystemet/designsystemet.css"
install -D -m 644 "$tmp/tema/package/brand/digdir.css" "$v/designsystemet/tema-digdir.css"
install -D -m 644 "$tmp/css/package/LICENSE" "$v/designsystemet/LICENSE"
install -D -m 644 "$tmp/htmx/package/dist/htmx.min.js" "$v/htmx/htmx.min.js"
install -D -m 644 "$tmp/htmx/package/LICENSE" "$v/htmx/LICENSE"
for vekt in 400 500 600 700; do
    install -D -m 644 "$tmp/inter/package/files/inter-latin-$vekt-normal.woff2" "$v/inter/"
done
install -D -m 644 "$tmp/inter/package/LICENSE" "$v/inter/LICENSE"
install -D -m 644 "$tmp/axe/package/axe.min.js" src/felles/tests/vendor/axe.min.js
install -D -m 644 "$tmp/axe/package/LICENSE" src/felles/tests/vendor/LICENSE-axe-core
echo "Vendored: Designsystemet $DESIGNSYSTEMET_CSS (theme $DESIGNSYSTEMET_THEME), htmx $HTMX, Inter $INTER, axe-core $AXE"
