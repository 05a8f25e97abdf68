#!/bin/sh
# Upload an SBOM with curl alone and wait until Kanshi has processed it.
# Usage: KANSHI_SERVER=https://kanshi.example KANSHI_TOKEN=… ./upload-with-curl.sh sbom.json product version [part]
set -eu
file=$1 product=$2 version=$3 part=${4:-main}
server=${KANSHI_SERVER:?set KANSHI_SERVER} token=${KANSHI_TOKEN:?set KANSHI_TOKEN}

response=$(curl -sS --fail-with-body -X POST \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/octet-stream' \
  --data-binary "@$file" \
  "$server/api/v1/sboms?product=$product&version=$version&part=$part")
id=$(printf '%s' "$response" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
echo "accepted: $id" >&2

while :; do
  status=$(curl -sS -H "Authorization: Bearer $token" "$server/api/v1/sboms/$id" | sed -n 's/.*"status":"\([^"]*\)".*/\1/p')
  case $status in
    processed) echo "processed" >&2; exit 0 ;;
    failed) echo "processing failed" >&2; exit 1 ;;
  esac
  sleep 2
done
