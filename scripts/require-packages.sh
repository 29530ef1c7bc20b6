# Sourced by test.sh and bench.sh: checks the tools they need and installs the missing Debian packages
# (as root or through sudo), or stops saying exactly what to run.

fail() { echo "${0##*/}: $*" >&2; exit 1; }

# require_dotnet10: the .NET 10 SDK pinned in global.json; it does not come from apt, so only say what is missing.
require_dotnet10() {
    command -v dotnet >/dev/null || fail "缺少 .NET SDK / the .NET 10 SDK is missing: install it (https://dot.net) so that 'dotnet' is on PATH."
    local sdk
    sdk=$(dotnet --version 2>/dev/null) || fail "'dotnet --version' failed: the SDK pinned in global.json (10.0.1xx or later) is not installed."
    case "$sdk" in 10.*) ;; *) fail "需要 .NET 10 SDK / .NET 10 SDK needed, found $sdk." ;; esac
}

# require_packages WHY PACKAGE=FILE...: FILE is a command looked up on PATH, or an absolute path that must exist.
# Installs the packages whose file is missing, then checks again.
require_packages() {
    local why=$1 item package file
    shift
    local missing=() packages=()
    for item in "$@"; do
        package=${item%%=*}
        file=${item#*=}
        if [[ $file == /* ]]; then [ -e "$file" ] && continue; else command -v "$file" >/dev/null && continue; fi
        missing+=("$package ($file)")
        packages+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0

    local install="apt-get update && apt-get install -y ${packages[*]}"
    echo "${0##*/}: $why: ${missing[*]}; installing: $install" >&2
    local as_root=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || fail "缺少 ${missing[*]},且无法以 root 安装 / missing ${missing[*]} and cannot install as root: run as root: $install"
        as_root=(sudo)
    fi
    command -v apt-get >/dev/null || fail "缺少 ${missing[*]},且没有 apt-get / missing ${missing[*]} and no apt-get: install them, on Debian: $install"
    { "${as_root[@]}" apt-get update && DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y "${packages[@]}"; } \
        || fail "安装失败 / installing failed; missing ${missing[*]}: run as root: $install"
    for item in "$@"; do
        file=${item#*=}
        if [[ $file == /* ]]; then [ -e "$file" ]; else command -v "$file" >/dev/null; fi \
            || fail "安装后仍缺少 / still missing after installing: $file ($install)"
    done
}
