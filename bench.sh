#!/usr/bin/env bash
# Measures GridPulse against spec section 8 on this machine: checks the tools, builds Release and runs the benchmark.
# Arguments go to the benchmark (./bench.sh --help lists them; ./bench.sh --smoke is the few-second check).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/require-packages.sh
source scripts/test-postgres.sh

require_dotnet10
require_packages "基准测试需要 / the benchmark needs" wrk=wrk nodejs=node npm=npm
# --scenario cluster runs a PostgreSQL server (made by scripts/test-postgres.sh) and a Redis server of its own.
for argument in "$@"; do
    case "$argument" in
        cluster | --scenario=cluster)
            require_packages "集群场景需要 / the cluster scenario needs" postgresql="$POSTGRES_BIN/initdb" redis-server=/usr/bin/redis-server ;;
        # --scenario soak runs the wall's soak test (tests/Dashboard.Web.Tests/Browser/WallSoakTests.cs) in this chromium.
        soak | --scenario=soak)
            require_packages "浸泡场景需要 / the soak scenario needs" \
                chromium="${GRIDPULSE_CHROMIUM:-/usr/bin/chromium}" \
                fonts-noto-cjk="${GRIDPULSE_CJK_FONT:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}" ;;
    esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

dotnet build Dashboard.sln -c Release
dotnet run -c Release --no-build --project Benchmark -- "$@"
