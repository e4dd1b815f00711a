"""Load client for `xfer serve` (Python standard library only, not xfer): CLIENTS threads, each with one
keep-alive connection to 127.0.0.1, POST /v1/predict with a random photo, for SECONDS (and at most MAX_REQUESTS in
all). A CORRUPT fraction of payloads is damaged (a truncated JPEG or random bytes) and must come back 400; nothing
may be a 5xx. Prints one JSON line: counts by status, latency percentiles of valid requests, images/s.
Exits 1 if any 5xx, any corrupt payload not answered 400, or any valid photo not answered 200."""
import argparse
import http.client
import json
import os
import random
import threading
import time
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--photos", required=True, help="a folder of class sub-folders of JPEGs")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--corrupt", type=float, default=0.05)
    ap.add_argument("--max-requests", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.url)
    if u.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loopback only: " + a.url)
    photos = []
    for root, _, files in os.walk(a.photos):
        for f in sorted(files):
            if f.lower().endswith((".jpg", ".jpeg", ".png")):
                with open(os.path.join(root, f), "rb") as fh:
                    photos.append(fh.read())
    if not photos:
        raise SystemExit("no photos under " + a.photos)
    lock = threading.Lock()
    budget = [a.max_requests]
    results = []  # (kind, status, seconds)
    deadline = time.monotonic() + a.seconds

    def client(i):
        rnd = random.Random(a.seed * 1000 + i)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        mine = []
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            body = rnd.choice(photos)
            kind = "valid"
            if rnd.random() < a.corrupt:
                kind = "corrupt"
                body = body[: len(body) // 3] if rnd.random() < 0.5 else rnd.randbytes(len(body))
            t = time.perf_counter()
            try:
                conn.request("POST", "/v1/predict", body=body, headers={"Content-Type": "image/jpeg"})
                r = conn.getresponse()
                r.read()
                status = r.status
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as e:
                status = "error: " + type(e).__name__
                conn.close()
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
            mine.append((kind, status, time.perf_counter() - t))
        conn.close()
        with lock:
            results.extend(mine)

    start = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(a.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    by = {}
    for kind, status, _ in results:
        by.setdefault(kind, {}).setdefault(str(status), 0)
        by[kind][str(status)] += 1
    ok = sorted(s for kind, status, s in results if kind == "valid" and status == 200)

    def pct(p):
        return round(1000 * ok[min(len(ok) - 1, int(p / 100 * len(ok)))], 1) if ok else None

    five = sum(1 for _, s, _ in results if not isinstance(s, int) or s >= 500)
    corrupt_wrong = sum(1 for k, s, _ in results if k == "corrupt" and s != 400)
    valid_wrong = sum(1 for k, s, _ in results if k == "valid" and s != 200)
    out = {"clients": a.clients, "seconds": round(elapsed, 1), "requests": len(results), "by_status": by,
           "5xx_or_failed": five, "corrupt_not_400": corrupt_wrong, "valid_not_200": valid_wrong,
           "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
           "images_per_second": round(len(ok) / elapsed, 2)}
    print(json.dumps(out))
    raise SystemExit(1 if five or corrupt_wrong or valid_wrong else 0)


if __name__ == "__main__":
    main()
