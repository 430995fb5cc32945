# Sourced by scripts/run.sh and `make dev`: loads ./.env if it exists.
# Only variables that are not already set are taken from the file, so
# `ARKIVAR_DEBUG=1 make run` still wins over a value in .env.
# Format: KEY=value lines; blank lines and lines starting with # are ignored;
# one pair of surrounding single or double quotes is removed from the value.
load_dotenv() {
    local file="${1:-.env}" line key value
    [[ -f "$file" ]] || return 0
    while IFS= read -r line || [[ -n "$line" ]]; do
        line="${line#"${line%%[![:space:]]*}"}"
        [[ -z "$line" || "$line" == \#* ]] && continue
        line="${line#export }"
        [[ "$line" == *=* ]] || continue
        key="${line%%=*}"
        value="${line#*=}"
        [[ "$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
        if [[ "$value" =~ ^\"(.*)\"$ || "$value" =~ ^\'(.*)\'$ ]]; then
            value="${BASH_REMATCH[1]}"
        fi
        if [[ -z "${!key+set}" ]]; then
            export "$key=$value"
        fi
    done <"$file"
}
