"""Issue search and webhook ingest, measured from outside against
`preloop serve`:

- search latency at N issues in one account (10,000 in the quick run,
  100,000 in the full one), by similarity (pgvector's HNSW on Postgres, an
  exact scan on SQLite), by text (tsvector, FTS5) and both (hybrid), as a
  client sees it through `GET /api/v1/issues/search`;
- webhook ingest: signed GitHub deliveries sent by 16 clients at once, how
  many are acknowledged per second, and how soon all are worked.

The issues are seeded straight into the store: titles and bodies drawn from
a word list, vectors random (latency does not depend on what they mean),
stored as the built-in model's so a query's vector is compared with them.
"""

import array
import hashlib
import hmac
import json
import random
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "acceptance"))
import httpx  # noqa: E402
from stats import percentile  # noqa: E402

PASSWORD = "correct horse battery"
DIMS = 64
SECRET = "webhook-secret-for-the-bench"
WORDS = ("login sign error crash upload image theme dark settings page export csv audit trail token session "
         "timeout network proxy cache memory leak slow query index search filter sort button dialog modal "
         "keyboard focus screen reader label color contrast mobile layout table column row pagination api "
         "endpoint webhook retry backoff queue worker deploy release build test flaky ci docker kubernetes "
         "config variable secret vault key rotate password reset email notification slack approval policy "
         "rule condition tool server agent model budget usage ledger price invoice billing plan account team "
         "role permission owner admin viewer invite sso oidc saml redirect callback state nonce").split()


def text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def unit_vector(rng: random.Random) -> list[float]:
    v = [rng.gauss(0, 1) for _ in range(DIMS)]
    norm = sum(x * x for x in v) ** 0.5
    return [x / norm for x in v]


def register(pl, store: str) -> tuple[str, str]:
    email = f"bench-trackers-{store}-{int(time.time() * 1000)}@example.com"
    r = pl.http.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Bench"})
    assert r.status_code == 201, r.text
    account = r.json()["account_id"]
    r = pl.http.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return account, r.json()["access_token"]


def rows(account: str, n: int, now: int):
    rng = random.Random(7)
    for i in range(n):
        yield {
            "id": f"seed-issue-{i:07d}", "account_id": account, "tracker_id": "seed-tracker",
            "project_id": "seed-project", "external_id": str(i), "key": f"seed/repo#{i}", "number": i,
            "kind": "issue", "title": text(rng, 6), "body": text(rng, 40), "state": "open",
            "labels": "[]", "assignees": "[]", "links": "[]", "remote_updated_at": now - i, "created_at": now,
            "updated_at": now, "vector": unit_vector(rng),
        }


PARENTS = """
INSERT INTO trackers (id, account_id, name, kind, base_url, settings, webhook_secret_enc, scope, enabled, created_at, updated_at)
VALUES ('seed-tracker', '{a}', 'seed', 'github', 'https://api.github.com', '{{}}', 'unused', '{{}}', {f}, 0, 0);
INSERT INTO tracker_organizations (id, account_id, tracker_id, external_id, name, in_scope, created_at, updated_at)
VALUES ('seed-org', '{a}', 'seed-tracker', 'seed', 'seed', {t}, 0, 0);
INSERT INTO tracker_projects (id, account_id, tracker_id, organization_id, external_id, name, in_scope, created_at, updated_at)
VALUES ('seed-project', '{a}', 'seed-tracker', 'seed-org', 'seed/repo', 'repo', {t}, 0, 0);
"""

ISSUE_COLUMNS = ("id account_id tracker_id project_id external_id key number kind title body state labels "
                 "assignees links remote_updated_at created_at updated_at").split()


def seed_sqlite(pl, account: str, n: int) -> None:
    now = int(time.time() * 1000)
    db = sqlite3.connect(pl.sqlite_path, timeout=60)
    try:
        db.executescript(PARENTS.format(a=account, t=1, f=0))
        batch = []
        for r in rows(account, n, now):
            batch.append(r)
            if len(batch) == 5000:
                write_sqlite(db, batch, now)
                batch = []
        write_sqlite(db, batch, now)
        db.commit()
    finally:
        db.close()


def write_sqlite(db, batch: list[dict], now: int) -> None:
    # In one transaction with the issues, so the sync never sees them bare.
    db.executemany(f"INSERT INTO issues ({', '.join(ISSUE_COLUMNS)}) VALUES ({', '.join('?' * len(ISSUE_COLUMNS))})",
                   [[r[c] for c in ISSUE_COLUMNS] for r in batch])
    db.executemany("INSERT INTO issue_fts_rows (issue_id) VALUES (?)", [(r["id"],) for r in batch])
    db.executemany("INSERT INTO issues_fts (rowid, issue_id, account_id, title, body) "
                   "SELECT fts_rowid, ?, ?, ?, ? FROM issue_fts_rows WHERE issue_id = ?",
                   [(r["id"], r["account_id"], r["title"], r["body"], r["id"]) for r in batch])
    db.executemany("INSERT INTO embeddings (id, account_id, kind, ref_id, content, embedding, created_at, model, dims, content_hash) "
                   "VALUES (?, ?, 'issue', ?, '', ?, ?, 'potion-base-2M', ?, 'seed')",
                   [(r["id"], r["account_id"], r["id"], array.array("f", r["vector"]).tobytes(), now, DIMS) for r in batch])


def seed_postgres(pl, account: str, n: int) -> None:
    now = int(time.time() * 1000)
    subprocess.run(["psql", pl.database_url, "-qc", PARENTS.format(a=account, t="true", f="false")], check=True)
    esc = lambda v: str(v).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")  # noqa: E731
    vectors = "".join(f"{r['id']}\t{account}\tissue\t{r['id']}\t\t[{','.join(f'{x:.6f}' for x in r['vector'])}]\t{now}"
                      f"\tpotion-base-2M\t{DIMS}\tseed\n" for r in rows(account, n, now))
    subprocess.run(["psql", pl.database_url, "-qc",
                    "COPY embeddings (id, account_id, kind, ref_id, content, embedding, created_at, model, dims, content_hash) FROM STDIN"],
                   input=vectors, text=True, check=True)
    # The issues after their vectors: the sync finds nothing to embed.
    issues = "".join("\t".join(esc(r[c]) for c in ISSUE_COLUMNS) + "\n" for r in rows(account, n, now))
    subprocess.run(["psql", pl.database_url, "-qc", f"COPY issues ({', '.join(ISSUE_COLUMNS)}) FROM STDIN"],
                   input=issues, text=True, check=True)
    subprocess.run(["psql", pl.database_url, "-qc", "ANALYZE issues; ANALYZE embeddings"], check=True)


def search_latency(pl, token: str, mode: str, queries: int) -> dict:
    rng = random.Random(11)
    headers = {"Authorization": f"Bearer {token}"}
    times = []
    with httpx.Client(base_url=pl.url, timeout=60) as c:
        for i in range(queries + 10):
            q = text(rng, 3)
            started = time.perf_counter()
            r = c.get("/api/v1/issues/search", params={"query": q, "mode": mode, "limit": 10}, headers=headers)
            elapsed = (time.perf_counter() - started) * 1000
            assert r.status_code == 200, r.text
            assert r.json()["results"], (mode, q)
            if i >= 10:
                times.append(elapsed)
    return {"p50": percentile(times, 50), "p99": percentile(times, 99), "n": len(times)}


def ingest(pl, token: str, load, deliveries: int) -> dict:
    headers = {"Authorization": f"Bearer {token}"}
    r = pl.http.post("/api/v1/trackers", headers=headers, json={
        "kind": "github", "name": f"ingest-{uuid.uuid4().hex[:6]}", "base_url": load("preloop-connect"),
        "token": "0000000000000000000000000000000000000001", "webhook_secret": SECRET, "enabled": False})
    assert r.status_code == 201, r.text
    tracker = r.json()["id"]
    r = pl.http.post("/api/v1/projects", headers=headers,
                     json={"tracker_id": tracker, "external_id": "Codertocat/Hello-World"})
    assert r.status_code == 201, r.text
    url = f"{pl.url}/api/v1/private/webhooks/github/{r.json()['organization_id']}"
    base = json.loads(subprocess.run(["node", str(HERE.parents[0] / "clients" / "github_webhook.mjs"), "example",
                                      "issues", "opened"], capture_output=True, text=True, check=True,
                                     cwd=HERE.parents[0]).stdout)
    bodies = []
    for i in range(deliveries):
        base["issue"].update({"number": 100_000 + i, "id": 50_000_000 + i, "title": f"Delivered issue {i}"})
        body = json.dumps(base).encode()
        bodies.append((body, "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()))
    statuses = []
    lock = threading.Lock()

    def sender(chunk):
        with httpx.Client(timeout=30) as c:
            for body, signature in chunk:
                r = c.post(url, content=body, headers={"X-GitHub-Event": "issues", "X-GitHub-Delivery": str(uuid.uuid4()),
                                                       "X-Hub-Signature-256": signature})
                with lock:
                    statuses.append(r.status_code)

    started = time.perf_counter()
    threads = [threading.Thread(target=sender, args=(bodies[i::16],)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    acknowledged = time.perf_counter() - started
    assert statuses.count(202) == deliveries, {s: statuses.count(s) for s in set(statuses)}
    while True:
        done = pl.http.get(f"/api/v1/trackers/{tracker}", headers=headers).json()["deliveries"].get("done", 0)
        if done >= deliveries or time.perf_counter() - started > 300:
            break
        time.sleep(0.05)
    worked = time.perf_counter() - started
    assert done >= deliveries, f"only {done} of {deliveries} worked"
    return {"deliveries": deliveries, "acknowledged_per_s": deliveries / acknowledged,
            "worked_per_s": deliveries / worked}


def bench_trackers(preloops: dict, quick: bool, tmp: Path, say) -> dict:
    from test_trackers import start_octokit

    n = 10_000 if quick else 100_000
    queries = 100 if quick else 500
    deliveries = 300 if quick else 2000
    say(f"\n## Issue search at {n:,} issues, and webhook ingest\n")
    say(f"Search: {queries} queries of three words through GET /api/v1/issues/search (limit 10), in ms.")
    say(f"Ingest: {deliveries} signed GitHub deliveries from 16 clients at once.\n")
    octo_dir = tmp / "octokit"
    octo_dir.mkdir(exist_ok=True)
    load, octokit = start_octokit(octo_dir)
    results = {}
    try:
        for store, pl in preloops.items():
            account, token = register(pl, store)
            started = time.perf_counter()
            (seed_postgres if store == "postgres" else seed_sqlite)(pl, account, n)
            say(f"{store}: seeded {n:,} issues with vectors in {time.perf_counter() - started:.1f} s")
            out = {"issues": n}
            for mode in ("similarity", "text", "hybrid"):
                out[mode] = search_latency(pl, token, mode, queries)
                say(f"  {mode:10} p50 {out[mode]['p50']:7.1f}   p99 {out[mode]['p99']:7.1f}")
            out["ingest"] = ingest(pl, token, load, deliveries)
            say(f"  ingest     {out['ingest']['acknowledged_per_s']:7.0f} deliveries/s acknowledged, "
                f"{out['ingest']['worked_per_s']:7.0f}/s worked (events and index)")
            results[store] = out
    finally:
        subprocess.run(["kill", str(octokit.pid)], check=False)
    return results
