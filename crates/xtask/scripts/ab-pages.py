#!/usr/bin/env python3
"""A/B page throughput of two hatrack builds, measured alternately in one run on the same
bench data directory (kept by `HATRACK_BENCH_KEEP=1 cargo xtask bench`), best of ROUNDS
rounds of `oha -z 4s -c 16` per page, as the bench loads them. PLAIN=1 asks for
uncompressed answers. Build the other side from a worktree (`cargo build --release -p
server`). Prints new/old per page.
Usage: crates/xtask/scripts/ab-pages.py OLD_BIN NEW_BIN ROUNDS"""
import json, os, subprocess, sys, time, urllib.request, http.client

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__)))))
DATA = os.environ.get("BENCH_DATA", os.path.join(ROOT, "target/tmp/bench-data"))
SITE = os.environ.get("BENCH_SITE", os.path.join(ROOT, "target/site"))
PORT = 4077
PASSWORD = "bench-password-2026"

def start(binary):
    env = dict(os.environ, HATRACK_PORT=str(PORT), HATRACK_DATA_DIR=DATA, HATRACK_SITE_ROOT=SITE, HATRACK_LOG="warn")
    env.pop("DATABASE_URL", None)
    p = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/readyz", timeout=1)
            return p
        except Exception:
            time.sleep(0.2)
    raise SystemExit("server did not start")

def req(method, path, body=None, headers={}):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    h = dict(headers)
    if body is not None:
        h["Content-Type"] = "application/json"
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = c.getresponse()
    return r.status, r.getheaders(), r.read()

def targets(people):
    s, hs, b = req("POST", "/api/v1/auth/login", {"email": f"admin@bench{people}.example", "password": PASSWORD})
    assert s == 200, b
    token = json.loads(b)["access_token"]
    cookie = "; ".join(v.split(";")[0] for k, v in hs if k.lower() == "set-cookie")
    auth = {"Authorization": f"Bearer {token}"}
    _, _, b = req("GET", "/api/v1/people?q=person3%40", headers=auth)
    pid = json.loads(b)["items"][0]["id"]
    _, _, b = req("GET", "/api/v1/teams", headers=auth)
    team = [t for t in json.loads(b) if t["name"] == "Matrix team"][0]["id"]
    out = [(f"person page ({people})", f"/people/{pid}"), (f"directory page ({people})", "/people"),
           (f"skills matrix page ({people})", f"/teams/{team}/skills"),
           (f"competencies page ({people})", f"/people/{pid}/competencies")]
    if people == 1000:
        out.append(("ownership matrix page 200x10", "/ownership"))
    return [(n, p, cookie) for n, p in out]

def oha(path, cookie):
    extra = ["--disable-compression"] if os.environ.get("PLAIN") else []
    out = subprocess.run(["oha", "-z", "4s", "-c", "16", "--no-tui", "--output-format", "json", *extra, "-H", f"Cookie: {cookie}",
                          f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True).stdout
    j = json.loads(out)
    codes = j.get("statusCodeDistribution", {})
    return j["summary"]["requestsPerSec"], codes

def main():
    old, new, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    best = {}
    for r in range(rounds):
        for label, binary in ([("old", old), ("new", new)] if r % 2 == 0 else [("new", new), ("old", old)]):
            p = start(binary)
            try:
                for people in (1000, 10000):
                    for name, path, cookie in targets(people):
                        rps, codes = oha(path, cookie)
                        key = (name, label)
                        best[key] = max(best.get(key, 0), rps)
                        print(f"round {r} {label:3} {name:32} {rps:8.0f} rps {codes}", flush=True)
            finally:
                p.terminate(); p.wait()
    print("\nbest of rounds:")
    for name in sorted({k[0] for k in best}):
        o, n = best[(name, "old")], best[(name, "new")]
        print(f"  {name:32} old {o:7.0f}  new {n:7.0f}  new/old {n / o:.2f}")

main()
