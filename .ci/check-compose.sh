#!/usr/bin/env bash
# Checks docker-compose.yml without a Docker engine: Debian's docker-compose (installed here when missing)
# parses it, resolves anchors and merge keys, and validates it against the Compose schema.
# The JUnit tests in app (ComposeFileTest, MonitoringConfigTest) check what the services run.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v docker-compose >/dev/null 2>&1; then
  echo "check-compose: installing Debian's docker-compose" >&2
  if [[ "$(id -u)" -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq docker-compose >/dev/null
fi

docker-compose version | head -n 1
# config -q: parse and validate only; a bad file exits non-zero with the reason.
docker-compose -f docker-compose.yml config -q
echo "check-compose: docker-compose.yml is valid ($(docker-compose -f docker-compose.yml config --services | wc -l) services)"
