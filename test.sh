#!/usr/bin/env bash
# Runs every test of GridPulse from a clean clone: checks the tools, restores, builds and tests.
set -euo pipefail
cd "$(dirname "$0")"

fail() { echo "test.sh: $*" >&2; exit 1; }

command -v dotnet >/dev/null || fail "缺少 .NET SDK / the .NET 10 SDK is missing: install it (https://dot.net) so that 'dotnet' is on PATH."
sdk=$(dotnet --version 2>/dev/null) || fail "'dotnet --version' failed: the SDK pinned in global.json (10.0.1xx or later) is not installed."
case "$sdk" in 10.*) ;; *) fail "需要 .NET 10 SDK / .NET 10 SDK needed, found $sdk." ;; esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet restore Dashboard.sln
dotnet build Dashboard.sln --no-restore -c Release
dotnet test Dashboard.sln --no-build -c Release "$@"
