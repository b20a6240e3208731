"""Issue trackers against real GitHub traffic, without GitHub.

The GitHub client talks to @octokit/fixtures-server, which replays API
exchanges recorded against github.com (the @octokit/fixtures scenarios) and
answers 404 to any request that is not the next one recorded: so these tests
also pin down exactly which requests Preloop makes, and in which order. A
test that needs several scenarios loads them as one, their recorded
exchanges concatenated in the order Preloop makes them.

Webhooks are GitHub's own example payloads (@octokit/webhooks-examples),
signed with @octokit/webhooks-methods as GitHub signs them.
"""

import json
import subprocess
import time
import uuid

import httpx
import pytest

from conftest import NODE_MODULES, ROOT, free_port, message, stop, wait_http

pytestmark = pytest.mark.native_only

SCENARIOS = NODE_MODULES / "@octokit" / "fixtures" / "scenarios" / "api.github.com"
# The token the recordings were made with (the fixtures replace the real one).
TOKEN = "0000000000000000000000000000000000000001"
SIGNER = ROOT / "tests" / "clients" / "github_webhook.mjs"
SECRET = "webhook-secret-for-acceptance-tests"


def recorded(name: str, first: int = 0, last: int | None = None) -> list[dict]:
    return json.loads((SCENARIOS / name / "normalized-fixture.json").read_text())[first:last]


# Each composite scenario: what Preloop asks, in order.
COMPOSITES = {
    # Connecting (the API's root), listing the scoped owner, then paging
    # through the repository's issues three at a time.
    "preloop-sync": recorded("get-root") + recorded("get-organization") + recorded("paginate-issues"),
    # Connecting, listing the owner, then creating an issue.
    "preloop-create": recorded("get-root") + recorded("get-organization") + recorded("add-labels-to-issue", 0, 1),
    # Connecting only.
    "preloop-connect": recorded("get-root"),
}


def start_octokit(d) -> tuple:
    """A fixtures server with the composite scenarios in directory `d`;
    `load(name)` gives a fresh base URL that replays one."""
    for name, exchanges in COMPOSITES.items():
        (d / f"{name}.json").write_text(json.dumps(exchanges))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        ["node", str(NODE_MODULES / "@octokit" / "fixtures-server" / "bin" / "server.js"),
         "--port", str(port), "--fixtures-url", base, "--ttl", "600000", "--log-level", "error",
         "--fixtures", str(d / "*.json")],
        cwd=ROOT / "tests", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_http(f"{base}/ping", proc=proc)

    def load(name: str) -> str:
        r = httpx.post(f"{base}/fixtures", json={"scenario": name})
        assert r.status_code == 201, r.text
        return r.json()["url"]

    return load, proc


@pytest.fixture(scope="module")
def octokit(tmp_path_factory):
    load, proc = start_octokit(tmp_path_factory.mktemp("octokit-fixtures"))
    yield load
    stop(proc)


@pytest.fixture
def trackers(pl):
    """Trackers made by a test, removed after it (the shared instance's
    other tests see none)."""
    made: list[str] = []
    yield made
    for tid in made:
        pl.api("DELETE", f"/api/v1/trackers/{tid}")


def connect(pl, trackers, url: str, **fields) -> dict:
    body = {"kind": "github", "name": f"gh-{uuid.uuid4().hex[:8]}", "base_url": url, "token": TOKEN,
            "webhook_secret": SECRET, **fields}
    t = pl.ok("POST", "/api/v1/trackers", json=body)
    trackers.append(t["id"])
    return t


def wait_for(fetch, done, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached in {timeout}s: {value}")
        time.sleep(0.1)


def test_a_tracker_is_synced_page_by_page_from_recorded_github_traffic(pl, octokit, trackers):
    t = connect(pl, trackers, octokit("preloop-sync"),
                scope={"projects": ["octokit-fixture-org/paginate-issues"]}, settings={"page_size": 3})
    # Connecting checked the token: GitHub's answer named its scopes.
    assert "repo" in t["identity"]["scopes"]
    assert t["has_token"] and t["token_hint"] == "0001" and TOKEN not in json.dumps(t)

    def project():
        ps = pl.ok("GET", "/api/v1/projects")["projects"]
        return next((p for p in ps if p["tracker_id"] == t["id"]), None)

    p = wait_for(project, lambda p: p is not None)
    assert p["external_id"] == "octokit-fixture-org/paginate-issues" and p["in_scope"]
    issues = wait_for(lambda: pl.ok("GET", "/api/v1/issues", params={"project_id": p["id"], "limit": 100})["issues"],
                      lambda found: len(found) == 13)
    # Five recorded pages of three, followed through GitHub's Link headers.
    assert sorted(i["number"] for i in issues) == list(range(1, 14))
    one = next(i for i in issues if i["number"] == 13)
    assert one["key"] == "octokit-fixture-org/paginate-issues#13"
    assert one["title"] == "Test issue 13" and one["state"] == "open" and one["kind"] == "issue"
    assert one["author"] == "octokit-fixture-user-a"

    # The closed issues' listing is not in the recording: the fixture server
    # refuses it, and the project says so, keeping its place.
    p = wait_for(project, lambda p: p["sync"]["last_error"] is not None)
    assert "404" in p["sync"]["last_error"]
    assert p["sync"]["phase"] == "backfill"
    assert p["sync"]["next_sync_at"] > p["sync"]["last_sync_at"]

    status = pl.ok("GET", f"/api/v1/trackers/{t['id']}")
    assert status["issues"] == 13
    org = status["organizations"][0]
    assert org["external_id"] == "octokit-fixture-org" and org["in_scope"]
    # The recording has no webhook registration: Preloop says what to do.
    assert org["webhook"]["status"] == "manual"
    assert org["webhook_url"] in org["webhook"]["message"]
    assert status["last_sync_at"] and status["last_error"] is None

    # Text search ranks the issue that has every word first.
    found = pl.ok("GET", "/api/v1/issues/search", params={"query": "test issue 7"})["results"]
    assert found[0]["issue"]["key"] == "octokit-fixture-org/paginate-issues#7"
    assert all(r["issue"]["tracker_id"] == t["id"] for r in found)

    # Disconnecting forgets what was synced, its full-text copy included.
    assert pl.api("DELETE", f"/api/v1/trackers/{t['id']}").status_code == 204
    trackers.remove(t["id"])
    found = pl.ok("GET", "/api/v1/issues/search", params={"query": "test issue 7", "mode": "text"})["results"]
    assert all(r["issue"]["tracker_id"] != t["id"] for r in found)
    assert pl.api("GET", f"/api/v1/issues/{one['id']}").status_code == 404
    if pl.store == "sqlite":
        import sqlite3

        with sqlite3.connect(pl.sqlite_path) as db:
            left = db.execute("SELECT COUNT(*) FROM issues_fts WHERE issue_id = ?", (one["id"],)).fetchone()[0]
            rows = db.execute("SELECT COUNT(*) FROM issue_fts_rows WHERE issue_id = ?", (one["id"],)).fetchone()[0]
        assert (left, rows) == (0, 0)


def test_an_issue_is_created_in_the_tracker_and_stored_at_once(pl, octokit, trackers):
    t = connect(pl, trackers, octokit("preloop-create"),
                scope={"projects": ["octokit-fixture-org/add-labels-to-issue"]})
    p = wait_for(lambda: next((p for p in pl.ok("GET", "/api/v1/projects")["projects"]
                               if p["tracker_id"] == t["id"]), None), lambda p: p is not None)
    created = pl.ok("POST", "/api/v1/issues", json={"project_id": p["id"], "title": "Issue without a label"})
    assert created["key"] == "octokit-fixture-org/add-labels-to-issue#1"
    assert created["state"] == "open" and created["project_id"] == p["id"]
    assert pl.ok("GET", f"/api/v1/issues/{created['id']}")["title"] == "Issue without a label"
    by_key = pl.ok("GET", "/api/v1/issues", params={"key": created["key"]})["issues"]
    assert [i["id"] for i in by_key] == [created["id"]]


def test_bad_credentials_and_addresses_are_refused_before_anything_is_saved(pl, octokit):
    before = len(pl.ok("GET", "/api/v1/trackers")["trackers"])
    # A token the recording does not have: the fixture server refuses it.
    r = pl.api("POST", "/api/v1/trackers", json={"kind": "github", "base_url": octokit("preloop-connect"),
                                                 "token": "ghp_wrong_token_value_123456"})
    assert r.status_code in (400, 404, 502), r.text
    assert "ghp_wrong" not in r.text
    for bad in ({"kind": "github", "base_url": "http://169.254.169.254", "token": TOKEN},
                {"kind": "github", "base_url": "ftp://x", "token": TOKEN},
                {"kind": "jira", "token": TOKEN},
                {"kind": "svn", "token": TOKEN},
                {"kind": "github", "token": TOKEN, "scope": {"projects": ["a b"]}},
                {"kind": "github", "token": TOKEN, "settings": {"page_size": 1000}},
                {"kind": "github", "token": TOKEN, "webhook_secret": "short"},
                {"kind": "github"}):
        r = pl.api("POST", "/api/v1/trackers", json=bad)
        assert r.status_code == 400, (bad, r.text)
    assert len(pl.ok("GET", "/api/v1/trackers")["trackers"]) == before


def sign(payload: bytes, secret: str = SECRET) -> str:
    out = subprocess.run(["node", str(SIGNER), "sign", secret], input=payload, capture_output=True,
                         cwd=ROOT / "tests", check=True)
    return out.stdout.decode()


def example(event: str, action: str, n: int = 0) -> dict:
    out = subprocess.run(["node", str(SIGNER), "example", event, action, str(n)], capture_output=True,
                         cwd=ROOT / "tests", check=True)
    return json.loads(out.stdout)


@pytest.fixture
def hooked(pl, octokit, trackers):
    """A tracker (not polling) with Codertocat/Hello-World, the repository
    of GitHub's example payloads, added by name; and a way to deliver."""
    t = connect(pl, trackers, octokit("preloop-connect"), enabled=False)
    p = pl.ok("POST", "/api/v1/projects", json={"tracker_id": t["id"], "external_id": "Codertocat/Hello-World"})
    url = f"/api/v1/private/webhooks/github/{p['organization_id']}"

    def deliver(event: str, payload: dict, delivery: str | None = None, signature: str | None = None,
                raw: bytes | None = None) -> httpx.Response:
        body = raw if raw is not None else json.dumps(payload).encode()
        headers = {"X-GitHub-Event": event, "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
                   "Content-Type": "application/json"}
        if signature != "":
            headers["X-Hub-Signature-256"] = signature or sign(body)
        return httpx.post(pl.url + url, content=body, headers=headers, timeout=30)

    return t, p, deliver


def tracker_events(pl, t) -> list[dict]:
    return pl.ok("GET", f"/api/v1/trackers/{t['id']}/events")["events"]


def test_signed_deliveries_are_stored_once_and_normalised(pl, hooked):
    t, p, deliver = hooked
    opened = example("issues", "opened")
    delivery = str(uuid.uuid4())
    r = deliver("issues", opened, delivery)
    assert r.status_code == 202 and r.json()["duplicate"] is False
    issue = wait_for(lambda: pl.ok("GET", "/api/v1/issues", params={"key": "Codertocat/Hello-World#1"})["issues"],
                     lambda found: len(found) == 1)[0]
    assert issue["title"] == opened["issue"]["title"]
    events = wait_for(lambda: tracker_events(pl, t), lambda e: len(e) == 1)
    assert events[0]["event"] == "issue_opened" and events[0]["issue_key"] == "Codertocat/Hello-World#1"
    assert events[0]["actor"] == "Codertocat"

    # The same delivery again: acknowledged, not stored or worked twice.
    r = deliver("issues", opened, delivery)
    assert r.status_code == 202 and r.json()["duplicate"] is True
    time.sleep(0.5)
    assert len(tracker_events(pl, t)) == 1

    # A comment, a label, a merged pull request: one vocabulary.
    assert deliver("issue_comment", example("issue_comment", "created")).status_code == 202
    assert deliver("issues", example("issues", "labeled")).status_code == 202
    closed = example("pull_request", "closed")
    assert deliver("pull_request", closed).status_code == 202
    names = wait_for(lambda: [e["event"] for e in tracker_events(pl, t)], lambda e: len(e) >= 4)
    assert "comment_created" in names and "label_changed" in names
    merged = closed["pull_request"].get("merged")
    assert ("pull_request_merged" if merged else "pull_request_closed") in names
    comments = pl.ok("GET", f"/api/v1/issues/{issue['id']}/comments")["comments"]
    assert any(c["body"] == example("issue_comment", "created")["comment"]["body"] for c in comments)
    assert pl.ok("GET", f"/api/v1/trackers/{t['id']}")["deliveries"].get("done", 0) >= 4


def test_an_older_delivery_never_undoes_a_newer_one(pl, hooked):
    t, p, deliver = hooked
    newer = example("issues", "reopened")  # updated 2021-10-11
    older = example("issues", "edited")  # updated 2019-05-15
    older["issue"]["title"] = "A title from 2019 that arrives late"
    assert deliver("issues", newer).status_code == 202
    wait_for(lambda: pl.ok("GET", "/api/v1/issues", params={"key": "Codertocat/Hello-World#1"})["issues"],
             lambda found: len(found) == 1 and found[0]["remote_updated_at"] >= 1633900000000)
    assert deliver("issues", older).status_code == 202
    wait_for(lambda: pl.ok("GET", f"/api/v1/trackers/{t['id']}")["deliveries"],
             lambda d: d.get("done", 0) == 2)
    issue = pl.ok("GET", "/api/v1/issues", params={"key": "Codertocat/Hello-World#1"})["issues"][0]
    assert issue["title"] == newer["issue"]["title"]
    # Its event is still recorded: flows hear of every change.
    assert "issue_updated" in [e["event"] for e in tracker_events(pl, t)]


def test_unsigned_forged_and_hostile_deliveries_store_nothing(pl, hooked):
    t, p, deliver = hooked
    opened = example("issues", "opened")
    body = json.dumps(opened).encode()
    assert deliver("issues", opened, signature="").status_code == 401
    assert deliver("issues", opened, signature=sign(body, "not-the-secret")).status_code == 401
    assert deliver("issues", opened, signature="sha256=" + "0" * 64).status_code == 401
    # Signed, then changed on the way: the signature is over the raw bytes.
    assert deliver("issues", opened, signature=sign(body), raw=body.replace(b"Codertocat", b"Mallory")).status_code == 401
    # Another kind's address, an unknown organization: the same 401.
    r = httpx.post(f"{pl.url}/api/v1/private/webhooks/gitlab/{p['organization_id']}", content=body,
                   headers={"X-Gitlab-Token": SECRET}, timeout=10)
    assert r.status_code == 401
    r = httpx.post(f"{pl.url}/api/v1/private/webhooks/github/01HZZZZZZZZZZZZZZZZZZZZZZZ", content=body,
                   headers={"X-Hub-Signature-256": sign(body)}, timeout=10)
    assert r.status_code == 401
    # Signed but not JSON.
    assert deliver("issues", {}, raw=b"{not json").status_code == 400
    # Too large to be a delivery: refused before it is read.
    big = b'{"x": "' + b"a" * (3 * 1024 * 1024) + b'"}'
    r = httpx.post(f"{pl.url}/api/v1/private/webhooks/github/{p['organization_id']}", content=big,
                   headers={"X-Hub-Signature-256": "sha256=" + "0" * 64}, timeout=30)
    assert r.status_code == 413
    time.sleep(0.3)
    assert pl.ok("GET", f"/api/v1/trackers/{t['id']}")["deliveries"] == {}
    assert tracker_events(pl, t) == []
    # And the process still serves.
    assert pl.ok("GET", "/api/v1/trackers")["trackers"]


def opened(number: int, title: str, body: str = "") -> dict:
    """GitHub's example `issues.opened` delivery, for another issue."""
    payload = example("issues", "opened")
    payload["issue"].update({"number": number, "id": 9_000_000 + number, "title": title, "body": body,
                             "html_url": f"https://github.com/Codertocat/Hello-World/issues/{number}"})
    return payload


def test_search_finds_issues_by_meaning_as_well_as_by_words(pl, hooked):
    t, p, deliver = hooked
    titles = {11: "Login fails with 500 error", 12: "Add dark mode to settings page",
              13: "Crash when uploading large images", 14: "Spelling error in the README file"}
    for number, title in titles.items():
        assert deliver("issues", opened(number, title)).status_code == 202

    def search(query: str) -> list[dict]:
        return pl.ok("GET", "/api/v1/issues/search", params={"query": query, "project_id": p["id"]})["results"]

    # The built-in model embeds each issue after it is stored.
    wait_for(lambda: search("night theme for preferences"),
             lambda r: r and r[0]["issue"]["number"] == 12)
    best = search("night theme for preferences")[0]
    # No word is shared: only the vectors found it.
    assert best["matched_by"] == ["similarity"] and best["similarity"] > 0.3
    assert search("app dies on big photo upload")[0]["issue"]["number"] == 13
    # Words and meaning together rank first what both find.
    both = search("login error")[0]
    assert both["issue"]["number"] == 11 and set(both["matched_by"]) == {"text", "similarity"}


def test_duplicates_are_suggested_and_a_refused_pair_never_again(pl, hooked):
    t, p, deliver = hooked
    for number, title, body in [(21, "Login fails with 500 error", "The sign-in page answers 500."),
                                (22, "Cannot sign in: server error 500", "Signing in gives an internal server error."),
                                (23, "Add dark mode to settings page", "A dark theme option, please.")]:
        assert deliver("issues", opened(number, title, body)).status_code == 202

    def issue(number: int) -> dict:
        found = pl.ok("GET", "/api/v1/issues", params={"key": f"Codertocat/Hello-World#{number}"})["issues"]
        return found[0] if found else {}

    wait_for(lambda: [issue(n).get("id") for n in (21, 22, 23)], lambda ids: all(ids))
    login, signin, dark = issue(21), issue(22), issue(23)
    candidates = wait_for(
        lambda: pl.ok("GET", f"/api/v1/issues/{login['id']}/duplicates", params={"threshold": 0.6})["candidates"],
        lambda c: c)
    assert candidates[0]["issue"]["id"] == signin["id"] and 0.6 <= candidates[0]["similarity"] <= 1
    assert dark["id"] not in [c["issue"]["id"] for c in candidates]
    pairs = pl.ok("GET", "/api/v1/issues/duplicates", params={"threshold": 0.6, "project_id": p["id"]})["pairs"]
    assert {pairs[0]["issue"]["id"], pairs[0]["other"]["id"]} == {login["id"], signin["id"]}
    # A stricter threshold suggests nothing.
    assert pl.ok("GET", f"/api/v1/issues/{login['id']}/duplicates", params={"threshold": 0.99})["candidates"] == []

    # "Not a duplicate" is remembered: never suggested again, either way round.
    decided = pl.ok("POST", f"/api/v1/issues/{signin['id']}/duplicates",
                    json={"other_id": login["id"], "resolution": "not_duplicate", "comment": "different pages"})
    assert decided["decided"][0]["resolution"] == "not_duplicate"
    assert decided["decided"][0]["decided_by"]
    for a in (login, signin):
        again = pl.ok("GET", f"/api/v1/issues/{a['id']}/duplicates", params={"threshold": 0.6})
        assert again["candidates"] == [] and len(again["decided"]) == 1
    pairs = pl.ok("GET", "/api/v1/issues/duplicates", params={"threshold": 0.6, "project_id": p["id"]})["pairs"]
    assert all({x["issue"]["id"], x["other"]["id"]} != {login["id"], signin["id"]} for x in pairs)

    # Bad decisions are refused.
    for bad in ({"other_id": login["id"], "resolution": "maybe"},
                {"other_id": signin["id"], "resolution": "duplicate"},
                {"other_id": "nope", "resolution": "linked"}):
        r = pl.api("POST", f"/api/v1/issues/{signin['id']}/duplicates", json=bad)
        assert r.status_code in (400, 404), (bad, r.text)
    assert pl.api("GET", f"/api/v1/issues/{login['id']}/duplicates", params={"threshold": "2"}).status_code == 400


def test_built_in_issue_tools_reach_mcp_clients_only_with_a_tracker_and_obey_policy(pl, octokit, trackers):
    from conftest import run_client

    names = {"get_issue", "create_issue", "update_issue", "add_comment", "get_pull_request", "update_pull_request",
             "get_merge_request", "update_merge_request", "search", "estimate_compliance", "improve_compliance"}
    pl.ok("PUT", "/api/v1/settings", json={"default_action": "allow"})
    listed = set(run_client("py2", pl.mcp_url, pl.key, [{"op": "list"}])["results"][0]["tools"])
    assert not names & listed, "issue tools listed without a tracker"
    assert "request_approval" in listed

    t = connect(pl, trackers, octokit("preloop-connect"), enabled=False)
    p = pl.ok("POST", "/api/v1/projects", json={"tracker_id": t["id"], "external_id": "Codertocat/Hello-World"})
    body = json.dumps(opened(31, "Login fails with 500 error", "Blocked by #32. Steps to reproduce: 1. sign in 2. see 500. Expected: a page.")).encode()
    r = httpx.post(f"{pl.url}/api/v1/private/webhooks/github/{p['organization_id']}", content=body, timeout=10,
                   headers={"X-GitHub-Event": "issues", "X-GitHub-Delivery": str(uuid.uuid4()),
                            "X-Hub-Signature-256": sign(body)})
    assert r.status_code == 202
    wait_for(lambda: pl.ok("GET", "/api/v1/issues", params={"key": "Codertocat/Hello-World#31"})["issues"], bool)
    # A rule that denies update_issue holds, whatever the arguments.
    pl.configure("update_issue", [{"action": "deny", "denial_message": "Issues are changed by people."}])
    pl.configure("create_issue", [{"action": "deny", "condition": "args.title.contains('secret')"}])

    out = run_client("py2", pl.mcp_url, pl.key, [
        {"op": "list"},
        {"op": "call", "name": "get_issue", "arguments": {"issue": "https://github.com/Codertocat/Hello-World/issues/31"}},
        {"op": "call", "name": "search", "arguments": {"query": "cannot sign in, server error"}},
        {"op": "call", "name": "update_issue", "arguments": {"issue": "Codertocat/Hello-World#31", "status": "closed"}},
        {"op": "call", "name": "create_issue", "arguments": {"project": "Codertocat/Hello-World", "title": "the secret plan"}},
        {"op": "call", "name": "improve_compliance", "arguments": {"issue": "Codertocat/Hello-World#31"}},
        {"op": "call", "name": "get_issue", "arguments": {"issue": "not a reference"}},
    ])
    tools, got, found, update, create, improve, bad = out["results"]
    # A tool denied outright is not even listed, like any other.
    assert names - {"update_issue"} <= set(tools["tools"]) and "update_issue" not in tools["tools"], tools
    # Compact schemas: every argument is named, nothing else is taken.
    sid = pl.session()
    raw = message(pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers={"mcp-session-id": sid}))
    schemas = {x["name"]: x["inputSchema"] for x in raw["result"]["tools"]}
    assert schemas["update_pull_request"]["additionalProperties"] is False
    assert schemas["search"]["required"] == ["query"]
    assert not got["isError"] and got["structured"]["issue"]["title"] == "Login fails with 500 error"
    assert not found["isError"] and found["structured"]["results"][0]["key"] == "Codertocat/Hello-World#31"
    assert update["isError"] and update["text"] == "Issues are changed by people."
    assert create["isError"]
    assert not improve["isError"] and improve["structured"]["issue"] == "Codertocat/Hello-World#31"
    assert "priority" in {s["check"] for s in improve["structured"]["suggestions"]}
    assert bad["isError"] and "not an issue reference" in bad["text"]

    # Every call went through the audit trail, refusals included.
    assert pl.audit(tool="update_issue")[0]["decision"] == "deny"
    assert pl.audit(tool="update_issue")[0]["outcome"] == "denied"
    assert pl.audit(tool="create_issue")[0]["outcome"] == "denied"
    assert pl.audit(tool="get_issue")[0]["outcome"] == "tool_error"  # the last one: a bad reference
    assert [e["outcome"] for e in pl.audit(tool="search")][:1] == ["ok"]
    # A denied update never reached the store's copy either.
    assert pl.ok("GET", "/api/v1/issues", params={"key": "Codertocat/Hello-World#31"})["issues"][0]["state"] == "open"

    # Without its tracker the tools are gone again.
    for tid in list(trackers):
        pl.api("DELETE", f"/api/v1/trackers/{tid}")
    trackers.clear()
    listed = set(run_client("py2", pl.mcp_url, pl.key, [{"op": "list"}])["results"][0]["tools"])
    assert not names & listed


def test_hostile_issue_requests_are_refused_at_their_bounds_and_others_still_served(pl):
    # A query past its length, a limit past its range, a body past its size,
    # an issue reference built to be expensive, a search of only syntax.
    assert pl.api("GET", "/api/v1/issues/search", params={"query": "a" * 1_001}).status_code == 400
    assert pl.api("GET", "/api/v1/issues/search", params={"query": "x", "limit": 1_000}).status_code == 400
    assert pl.api("GET", "/api/v1/issues/search", params={"query": "x", "mode": "sql"}).status_code == 400
    assert pl.ok("GET", "/api/v1/issues/search", params={"query": '"*() OR NEAR: -'})["results"] == []
    r = pl.api("POST", "/api/v1/issues", content=b'{"project_id": "' + b"p" * 300_000 + b'"}',
               headers={"content-type": "application/json"})
    assert r.status_code == 413
    r = pl.api("POST", "/api/v1/trackers", json={"kind": "github", "token": "t", "scope": {"projects": ["a/b"] * 501}})
    assert r.status_code == 400
    assert pl.api("GET", "/api/v1/issues", params={"cursor": "not-a-cursor"}).status_code == 400
    assert pl.api("GET", "/api/v1/issues/duplicates", params={"threshold": "NaN"}).status_code == 400
    assert pl.ok("GET", "/api/v1/trackers")["trackers"] is not None
