#!/bin/sh
# Upload an SBOM with curl alone and wait until Kanshi has processed it. No gate on findings:
# for that, run the CLI the daemon serves (`node kanshi.mjs sbom upload … --wait --fail-on high`).
# Usage: KANSHI_SERVER=https://kanshi.example KANSHI_TOKEN=… ./upload-with-curl.sh sbom.json product version [part]
# Exit codes as `kanshi sbom upload`: 0 processed, 3 rejected or processing failed (the error body
# is printed), 4 token refused, 5 server unreachable or failing.
set -eu
file=$1 product=$2 version=$3 part=${4:-main}
server=${KANSHI_SERVER:?set KANSHI_SERVER} token=${KANSHI_TOKEN:?set KANSHI_TOKEN}

# Every byte percent-encoded: `7.12.0+build.5` must not arrive as `7.12.0 build.5`.
urlencode() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n' | sed 's/../%&/g'; }

body=$(mktemp)
trap 'rm -f "$body"' EXIT
code=$(curl -sS -o "$body" -w '%{http_code}' -X POST \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/octet-stream' \
  --data-binary "@$file" \
  "$server/api/v1/sboms?product=$(urlencode "$product")&version=$(urlencode "$version")&part=$(urlencode "$part")") || exit 5
case $code in
  202) ;;
  401|403) echo "token refused: HTTP $code" >&2; cat "$body" >&2; echo >&2; exit 4 ;;
  4*) echo "upload rejected: HTTP $code" >&2; cat "$body" >&2; echo >&2; exit 3 ;;
  *) echo "server failing: HTTP $code" >&2; cat "$body" >&2; echo >&2; exit 5 ;;
esac
id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$body")
echo "accepted: $id" >&2

while :; do
  status=$(curl -sS -H "Authorization: Bearer $token" "$server/api/v1/sboms/$id" | sed -n 's/.*"status":"\([^"]*\)".*/\1/p')
  case $status in
    processed) echo "processed" >&2; exit 0 ;;
    failed) echo "processing failed" >&2; exit 3 ;;
  esac
  sleep 2
done
