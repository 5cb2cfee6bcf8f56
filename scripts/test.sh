#!/usr/bin/env bash
# Runs every SocketGrid test: unit (Java, and the browser client's under node --test), Arquillian (real Payara Micro), the official socketcluster-client
# interop tests, the protocol, interop and two-instance channel tests again against WildFly (wildfly-tests: WildFly
# 39 from Maven Central, socketgrid-portable.war), the failover test (kill -9 and drain on scripts/cluster.sh --tls: Payara Micro instances behind HAProxy, which
# also terminates TLS), the TLS test (scripts/run.sh --tls) and Selenium (headless Chromium). First installs
# what they need on a fresh Debian machine: Maven, Node.js, curl, HAProxy, jq and openssl if absent, Debian's
# chromium + chromium-driver, and the Node tests' npm packages.
# Extra arguments go to Maven (e.g. scripts/test.sh -pl arquillian-tests -am).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v mvn >/dev/null || missing+=(maven)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v curl >/dev/null || missing+=(curl)
command -v haproxy >/dev/null || missing+=(haproxy)
command -v jq >/dev/null || missing+=(jq)
command -v openssl >/dev/null || missing+=(openssl)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
if (( ${#missing[@]} )); then
  echo "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

echo "installing the interop test's npm packages"
(cd arquillian-tests/src/test/node && npm ci --no-audit --no-fund --loglevel=error)

echo "running the browser client's unit tests (node --test)"
node --test webapp/src/test/js/

mvn -B verify "$@"

echo "all tests passed in $(( $(date +%s) - started )) s"
