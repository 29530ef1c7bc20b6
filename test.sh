#!/usr/bin/env bash
# Runs every test of GridPulse from a clean clone: checks the tools, restores, builds and tests.
# The browser tests drive Debian's chromium; this script installs it (and the CJK fonts) when missing.
set -euo pipefail
cd "$(dirname "$0")"

fail() { echo "test.sh: $*" >&2; exit 1; }

command -v dotnet >/dev/null || fail "缺少 .NET SDK / the .NET 10 SDK is missing: install it (https://dot.net) so that 'dotnet' is on PATH."
sdk=$(dotnet --version 2>/dev/null) || fail "'dotnet --version' failed: the SDK pinned in global.json (10.0.1xx or later) is not installed."
case "$sdk" in 10.*) ;; *) fail "需要 .NET 10 SDK / .NET 10 SDK needed, found $sdk." ;; esac

# The build restores chart.js and @microsoft/signalr with npm (Dashboard.Web/FrontEnd.targets).
for tool in node npm; do
    command -v "$tool" >/dev/null || fail "缺少 $tool / '$tool' is not on PATH: the build restores the front-end libraries with npm. Install Node.js 20 or later, e.g. 'apt-get install -y nodejs npm'."
done

# The browser tests (tests/Dashboard.Web.Tests/Browser) drive this chromium; the font draws the Chinese text.
chromium=${GRIDPULSE_CHROMIUM:-/usr/bin/chromium}
cjk_font=${GRIDPULSE_CJK_FONT:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
browser_install="apt-get update && apt-get install -y chromium fonts-noto-cjk"
if [ ! -x "$chromium" ] || [ ! -f "$cjk_font" ]; then
    missing=()
    [ -x "$chromium" ] || missing+=("chromium ($chromium)")
    [ -f "$cjk_font" ] || missing+=("fonts-noto-cjk ($cjk_font)")
    echo "test.sh: 浏览器测试需要 / the browser tests need: ${missing[*]}; installing: $browser_install" >&2
    if [ "$(id -u)" -eq 0 ]; then
        as_root=()
    elif command -v sudo >/dev/null; then
        as_root=(sudo)
    else
        fail "缺少 ${missing[*]},且无法以 root 安装 / missing ${missing[*]} and cannot install as root: run as root: $browser_install"
    fi
    command -v apt-get >/dev/null || fail "缺少 ${missing[*]},且没有 apt-get / missing ${missing[*]} and no apt-get: install chromium (at $chromium) and the Noto CJK fonts, on Debian: $browser_install"
    { "${as_root[@]}" apt-get update && DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y chromium fonts-noto-cjk; } \
        || fail "安装失败 / installing failed; missing ${missing[*]}: run as root: $browser_install"
    [ -x "$chromium" ] || fail "安装后仍缺少 / still missing after installing: chromium at $chromium ($browser_install)"
    [ -f "$cjk_font" ] || fail "安装后仍缺少 / still missing after installing: $cjk_font ($browser_install)"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Playwright for .NET drives the chromium above and never downloads a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

dotnet restore Dashboard.sln
dotnet build Dashboard.sln --no-restore -c Release
dotnet test Dashboard.sln --no-build -c Release "$@"
echo "test.sh: 浏览器测试截图 / browser test screenshots: tests/Dashboard.Web.Tests/bin/Release/net10.0/TestResults/screenshots/"
