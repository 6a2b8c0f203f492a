"""The whole curation loop over Edgewise's HTTP API with `requests`, for notebooks and scripts:
domain → import → scoring run → wait → review → snapshot → export.

    EDGEWISE_URL=http://127.0.0.1:3000 EDGEWISE_TOKEN=ew_… python3 loop.py pool.jsonl "Simulated model (demo)"

Every endpoint is in the OpenAPI document at GET /api/openapi.json (and on the app's
API reference page). Tested by docs/scripting/scripting.db.test.ts.
"""
import os
import sys
import time

import requests

URL = os.environ["EDGEWISE_URL"].rstrip("/")
api = requests.Session()
api.headers["Authorization"] = f"Bearer {os.environ['EDGEWISE_TOKEN']}"


def call(method, path, **kwargs):
    r = api.request(method, URL + path, **kwargs)
    if r.status_code >= 400:  # errors are {"error": {"code", "message"}}
        raise SystemExit(f"{method} {path}: {r.status_code} {r.json()['error']['message']}")
    return r.json() if r.content else None


def wait(path, done=("done",), failed=("failed", "cancelled", "interrupted")):
    while True:
        thing = call("GET", path)
        if thing["status"] in done:
            return thing
        if thing["status"] in failed:
            raise SystemExit(f"{path} {thing['status']}: {thing.get('errorMessage')}")
        time.sleep(1)


def main(pool, endpoint_name, domain=os.environ.get("DOMAIN", "algebra"), fmt=os.environ.get("FORMAT", "generic"),
         sample=int(os.environ.get("SAMPLE", "50")), k=int(os.environ.get("K", "8")), out=os.environ.get("OUT", "export-py")):
    # 1. The domain, unless it exists.
    if not any(d["slug"] == domain for d in call("GET", "/api/domains")["items"]):
        call("POST", "/api/domains", json={"slug": domain, "name": domain.title(), "bandLow": 0.1, "bandHigh": 0.9})

    # 2. Import: the file is the request body; the server's worker imports it.
    with open(pool, "rb") as f:
        batch = call("POST", "/api/imports", params={"domain": domain, "format": fmt, "fileName": os.path.basename(pool)},
                     data=f, headers={"Content-Type": "application/x-ndjson"})
    imported = wait(f"/api/imports/{batch['batchId']}")
    print(f"imported {imported['inserted']} (duplicates {imported['duplicates']}, rejected {imported['rejected']})")

    # 3. An exploration run on the target model, followed to its end.
    target = next(e["id"] for e in call("GET", "/api/endpoints")["items"] if e["name"] == endpoint_name)
    run = call("POST", "/api/runs", json={"domain": domain, "targetEndpointId": target, "phase": "exploration", "sampleSize": sample, "k": k})
    run = wait(f"/api/runs/{run['id']}")
    print(f"run #{run['id']} done: bands {run['progress']['bands']}")

    # 4. Review (people do this in the browser): accept the teachable band.
    while (claimed := call("POST", "/api/review/claim", json={"domain": domain})) is not None:  # 204 when empty
        call("POST", "/api/review/decisions", json={"candidateId": claimed["item"]["candidateId"], "decision": "accept", "responseId": "reference"})

    # 5. Freeze a snapshot, export it, download the files.
    snapshot = call("POST", "/api/snapshots", json={"domain": domain, "note": "python loop"})
    job = call("POST", "/api/exports", json={"snapshotId": snapshot["id"], "format": "messages"})
    job = wait(f"/api/exports/{job['id']}")
    os.makedirs(out, exist_ok=True)
    for f in job["files"]:
        with api.get(f"{URL}/api/exports/{job['id']}/files/{f['name']}", stream=True) as r:
            r.raise_for_status()
            os.makedirs(os.path.dirname(os.path.join(out, f["name"])), exist_ok=True)
            with open(os.path.join(out, f["name"]), "wb") as dst:
                for chunk in r.iter_content(1 << 20):
                    dst.write(chunk)
    print(f"snapshot v{snapshot['version']}: {snapshot['itemCount']} items → {out}/")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
