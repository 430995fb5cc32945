#!/usr/bin/env bash
# Install what Arkivar needs on a Debian 12 machine (run as root), then sync the
# Python environment from uv.lock. Safe to run again: it skips what is already there.
#
#   bash scripts/install.sh
#
# Used by `make run`, `make test` and every other Makefile target.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# --- Debian packages ---------------------------------------------------------
# The one place to list the Debian packages Arkivar needs. Missing ones are
# installed with one `apt-get update` and one `apt-get install`; when all are
# present apt is not touched at all.
DEBIAN_PACKAGES=(
    libmagic1                   # python-magic: MIME type by content (dokument.formater)
    libreoffice-writer-nogui    # DOCX, ODT, RTF and e-mail renderings to PDF/A-2
    libreoffice-calc-nogui      # XLSX, ODS to PDF/A-2
    libreoffice-impress-nogui   # PPTX, ODP to PDF/A-2
    tesseract-ocr               # OCR of scans and images (ocrmypdf)
    tesseract-ocr-nor           # … with the Norwegian model (æ, ø, å)
    ghostscript                 # ocrmypdf's PDF/A-2 output
    poppler-utils               # pdftotext: text extraction for search
    fonts-dejavu-core           # fonts LibreOffice embeds in PDF/A renderings
    chromium                    # the browser the Playwright tests drive (headless)
)

log() { printf '==> %s\n' "$*" >&2; }

install_debian_packages() {
    local missing=() pkg
    for pkg in "${DEBIAN_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    local sudo=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null; then
            sudo=(sudo)
        else
            log "Mangler Debian-pakker (${missing[*]}) og er ikke root: installer dem og prøv igjen."
            exit 1
        fi
    fi
    log "Installerer Debian-pakker: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# --- uv ----------------------------------------------------------------------
ensure_uv() {
    if command -v uv >/dev/null; then
        return 0
    fi
    log "Installerer uv med pip"
    local python
    python="$(command -v python3 || command -v python)"
    # Debian's own Python refuses pip installs (PEP 668) unless told otherwise.
    "$python" -m pip install --quiet --disable-pip-version-check uv \
        || "$python" -m pip install --quiet --disable-pip-version-check --break-system-packages uv
    hash -r
    if ! command -v uv >/dev/null && command -v pyenv >/dev/null; then
        pyenv rehash
        hash -r
    fi
    if ! command -v uv >/dev/null; then
        # pip put uv in a scripts folder that is not on PATH: link it into one that is.
        local scripts
        scripts="$("$python" -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
        if [[ -x "$scripts/uv" && -w /usr/local/bin ]]; then
            ln -sf "$scripts/uv" /usr/local/bin/uv
            hash -r
        fi
    fi
    if ! command -v uv >/dev/null; then
        log "Fant ikke uv på PATH etter pip install uv."
        exit 1
    fi
}

install_debian_packages
ensure_uv

# Never download a Python build (there is no network for it): use the machine's 3.11.
export UV_PYTHON_DOWNLOADS="${UV_PYTHON_DOWNLOADS:-never}"
log "uv sync --frozen"
uv sync --frozen
