#!/usr/bin/env bash
# Runs every test of GridPulse from a clean clone: checks the tools, restores, builds and tests, then runs the
# benchmark's smoke mode so it never rots. Missing Debian packages (node, npm, chromium, the CJK fonts, wrk,
# postgresql, redis-server) are installed, and a throwaway PostgreSQL server runs for the storage tests.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/require-packages.sh
source scripts/test-postgres.sh

require_dotnet10
# The build restores chart.js and @microsoft/signalr with npm and LibMan (Dashboard.Web/FrontEnd.targets, libman.json).
require_packages "构建需要 / the build needs" nodejs=node npm=npm
# The browser tests (tests/Dashboard.Web.Tests/Browser) drive this chromium; the font draws the Chinese text.
require_packages "浏览器测试需要 / the browser tests need" \
    chromium="${GRIDPULSE_CHROMIUM:-/usr/bin/chromium}" \
    fonts-noto-cjk="${GRIDPULSE_CJK_FONT:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}"
# The benchmark's smoke mode measures single-report ingestion with wrk.
require_packages "基准测试需要 / the benchmark needs" wrk=wrk
# The storage contract runs against PostgreSQL too (tests/Storage.Tests/PostgresEventLogTests.cs), on a server of its own.
require_packages "存储测试需要 / the storage tests need" postgresql="$POSTGRES_BIN/initdb"
# The cluster tests (tests/Dashboard.Web.Tests/Hosting/ClusterTests.cs) start a Redis server of their own for Orleans' membership.
require_packages "集群测试需要 / the cluster tests need" redis-server=/usr/bin/redis-server

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Playwright for .NET drives the chromium above and never downloads a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

start_test_postgres

dotnet restore Dashboard.sln
dotnet build Dashboard.sln --no-restore -c Release
# A test that hangs fails after 10 minutes, naming itself, instead of holding the run until CI gives up.
dotnet test Dashboard.sln --no-build -c Release --blame-hang-timeout 10m --blame-hang-dump-type none "$@"
echo "test.sh: 浏览器测试截图 / browser test screenshots: tests/Dashboard.Web.Tests/bin/Release/net10.0/TestResults/screenshots/"
node --test Benchmark/push/ tests/js/
dotnet run -c Release --no-build --project Benchmark -- --smoke --out TestResults/benchmark-smoke.json
