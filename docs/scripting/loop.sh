#!/usr/bin/env bash
# The whole curation loop from a script, through a running Edgewise server with an API token:
# domain → import → scoring run → wait → review → snapshot → export.
#
#   EDGEWISE_URL=http://127.0.0.1:3000 EDGEWISE_TOKEN=ew_… ENDPOINT="Simulated model (demo)" \
#     docs/scripting/loop.sh pool.jsonl
#
# Settings (environment): DOMAIN (algebra), FORMAT (generic; gsm8k, mmlu, mbpp, chat), ENDPOINT (the
# target model's endpoint name or id), SAMPLE (exploration sample size, 50), K (samples per
# prompt, 8), OUT (export folder, ./export-$DOMAIN), EDGEWISE (how to run the CLI: npx edgewise).
# Tested by docs/scripting/scripting.db.test.ts against a real server, worker and model.
set -euo pipefail

POOL=${1:?usage: loop.sh POOL.jsonl}
DOMAIN=${DOMAIN:-algebra}
FORMAT=${FORMAT:-generic}
ENDPOINT=${ENDPOINT:?set ENDPOINT to the target model endpoint name or id}
SAMPLE=${SAMPLE:-50}
K=${K:-8}
OUT=${OUT:-./export-$DOMAIN}
: "${EDGEWISE_URL:?set EDGEWISE_URL}" "${EDGEWISE_TOKEN:?set EDGEWISE_TOKEN (create one under API tokens)}"

ew() { ${EDGEWISE:-npx edgewise} "$@"; }
# One field of the JSON that `--json` prints (node is there wherever the CLI runs; jq works too).
field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[process.argv[1]]))' "$1"; }

# 1. The domain, unless it exists (a lead's token).
if ! ew domains list --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.exit(JSON.parse(s).some(d=>d.slug===process.argv[1])?0:1))' "$DOMAIN"; then
  ew domains create "$DOMAIN" --name "${DOMAIN^}" --band-low 0.1 --band-high 0.9
fi

# 2. Import the pool (waits for the server's import; exits 1 if nothing could be imported).
ew import "$POOL" --domain "$DOMAIN" --format "$FORMAT"

# 3. Measure difficulty on a random sample, and wait for the run (exit 1 if it fails or is cancelled).
RUN=$(ew runs start "$DOMAIN" --endpoint "$ENDPOINT" --sample "$SAMPLE" --k "$K" --json | field id)
ew runs wait "$RUN"

# 4. Review: a person does this in the browser. Here the token's owner accepts the teachable
#    band, the reference (its worked solution) as the response, so the loop is whole;
#    `review claim` exits 3 when the queue is empty.
while true; do
  set +e
  CANDIDATE=$(ew review claim "$DOMAIN")
  STATUS=$?
  set -e
  [ "$STATUS" -eq 3 ] && break
  [ "$STATUS" -ne 0 ] && exit "$STATUS"
  ew review decide "$CANDIDATE" accept --response reference --json > /dev/null
done
ew review stats "$DOMAIN"

# 5. Freeze the accepted set and export it for SFT, with its manifest.
SNAPSHOT=$(ew snapshot create "$DOMAIN" --note "scripted loop" --json | field id)
ew export --snapshot "$SNAPSHOT" --format messages --out "$OUT"
