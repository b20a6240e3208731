"""GitLab and Jira trackers against their own documentation's examples.

The trackers are tests/fakes/tracker_docs_server.py: one process that
answers GitLab's REST v4 and Jira's REST v3 (Cloud) and v2 (Server) with
the example payloads of GitLab's and Atlassian's documentation
(tests/fixtures/gitlab, tests/fixtures/jira; their SOURCES.md say where
each comes from and what the fake adjusts). It checks the credentials and
records every request, so these tests also pin down what Preloop asks.

Webhooks are the documented example deliveries: GitLab's with its
`X-Gitlab-Token`, Jira's signed `X-Hub-Signature: sha256=…` as Jira signs
webhooks that have a secret.
"""

import copy
import hashlib
import hmac
import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from test_trackers import trackers, wait_for  # noqa: F401  (a fixture, and its helper)
from conftest import ROOT, free_port, stop, wait_http

pytestmark = pytest.mark.native_only

FAKE = ROOT / "tests" / "fakes" / "tracker_docs_server.py"
FIXTURES = ROOT / "tests" / "fixtures"
GITLAB_TOKEN = "glpat-docs-example-token-0001"
JIRA_EMAIL = "mia@example.com"
JIRA_TOKEN = "atlassian-api-token-docs-0001"
JIRA_PAT = "jira-server-pat-docs-0001"
SECRET = "webhook-secret-for-acceptance-tests"


def fixture(kind: str, name: str):
    return json.loads((FIXTURES / kind / name).read_text())


class Docs:
    """The fake trackers' address and the requests they have had."""

    def __init__(self, url: str, record: Path):
        self.url = url
        self.record = record

    def requests(self, since: int = 0) -> list[dict]:
        if not self.record.exists():
            return []
        return [json.loads(line) for line in self.record.read_text().splitlines()[since:]]

    def mark(self) -> int:
        return len(self.requests())


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    d = tmp_path_factory.mktemp("tracker-docs")
    record = d / "requests.jsonl"
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(FAKE), "--port", str(port), "--record", str(record),
         "--gitlab-token", GITLAB_TOKEN, "--jira-email", JIRA_EMAIL, "--jira-token", JIRA_TOKEN,
         "--jira-pat", JIRA_PAT],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_http(f"{url}/api/v4/user", proc=proc)
    yield Docs(url, record)
    stop(proc)


def connect_gitlab(pl, trackers, docs, **fields) -> dict:
    body = {"kind": "gitlab", "name": f"gl-{uuid.uuid4().hex[:8]}", "base_url": docs.url,
            "token": GITLAB_TOKEN, "webhook_secret": SECRET, **fields}
    t = pl.ok("POST", "/api/v1/trackers", json=body)
    trackers.append(t["id"])
    return t


def connect_jira(pl, trackers, docs, server: bool = False, **fields) -> dict:
    settings = ({"edition": "server"} if server else {"edition": "cloud", "username": JIRA_EMAIL})
    settings.update(fields.pop("settings", {}))
    body = {"kind": "jira", "name": f"jira-{uuid.uuid4().hex[:8]}", "base_url": docs.url,
            "token": JIRA_PAT if server else JIRA_TOKEN, "webhook_secret": SECRET, "settings": settings,
            **fields}
    t = pl.ok("POST", "/api/v1/trackers", json=body)
    trackers.append(t["id"])
    return t


def project_of(pl, t) -> dict | None:
    ps = pl.ok("GET", "/api/v1/projects")["projects"]
    return next((p for p in ps if p["tracker_id"] == t["id"]), None)


def issues_of(pl, p) -> list[dict]:
    return pl.ok("GET", "/api/v1/issues", params={"project_id": p["id"], "limit": 100})["issues"]


def tracker_events(pl, t) -> list[dict]:
    return pl.ok("GET", f"/api/v1/trackers/{t['id']}/events")["events"]


def by_key(pl, key: str) -> list[dict]:
    return pl.ok("GET", "/api/v1/issues", params={"key": key})["issues"]


# -- connecting --------------------------------------------------------


def test_credentials_are_checked_and_a_bad_token_is_refused(pl, docs, trackers):
    before = len(pl.ok("GET", "/api/v1/trackers")["trackers"])
    for body, secret in (
        ({"kind": "gitlab", "base_url": docs.url, "token": "glpat-wrong-token-value"}, "glpat-wrong"),
        ({"kind": "jira", "base_url": docs.url, "token": "wrong-atlassian-token",
          "settings": {"edition": "cloud", "username": JIRA_EMAIL}}, "wrong-atlassian"),
        ({"kind": "jira", "base_url": docs.url, "token": "wrong-server-pat",
          "settings": {"edition": "server"}}, "wrong-server"),
    ):
        r = pl.api("POST", "/api/v1/trackers", json=body)
        assert r.status_code == 400, r.text
        assert "401" in r.text and secret not in r.text
    # Jira Cloud needs the account's email with its API token.
    r = pl.api("POST", "/api/v1/trackers", json={"kind": "jira", "base_url": docs.url, "token": JIRA_TOKEN,
                                                  "settings": {"edition": "cloud"}})
    assert r.status_code == 400 and "username" in r.text
    assert len(pl.ok("GET", "/api/v1/trackers")["trackers"]) == before

    mark = docs.mark()
    gl = connect_gitlab(pl, trackers, docs, enabled=False)
    assert gl["identity"]["login"] == "root" and gl["identity"]["rate_remaining"] == 1999
    assert GITLAB_TOKEN not in json.dumps(gl)
    jc = connect_jira(pl, trackers, docs, enabled=False)
    assert jc["identity"]["login"] == JIRA_EMAIL
    asked = [(r["method"], r["path"], r["auth"]) for r in docs.requests(mark)]
    assert asked == [("GET", "/api/v4/user", "private-token"), ("GET", "/rest/api/3/myself", "basic")]


# -- GitLab ------------------------------------------------------------


def test_a_gitlab_project_is_discovered_synced_and_written_to(pl, docs, trackers):
    mark = docs.mark()
    t = connect_gitlab(pl, trackers, docs, scope={"projects": ["twitter/typeahead-js"]},
                       settings={"page_size": 1})
    p = wait_for(lambda: project_of(pl, t), lambda p: p is not None)
    assert p["external_id"] == "twitter/typeahead-js" and p["in_scope"]
    # Two documented issues, a page each, followed through GitLab's Link.
    issues = wait_for(lambda: issues_of(pl, p), lambda found: len(found) == 2)
    first = next(i for i in issues if i["number"] == 1)
    assert first["key"] == "twitter/typeahead-js#1" and first["kind"] == "issue"
    assert first["title"] == "Ut commodi ullam eos dolores perferendis nihil sunt."
    assert first["state"] == "closed" and first["labels"] == ["foo", "bar"]
    assert first["assignees"] == ["lennie"] and first["author"] == "root"
    p = wait_for(lambda: project_of(pl, t), lambda p: p["sync"]["phase"] == "up_to_date")
    assert p["sync"]["last_error"] is None

    status = pl.ok("GET", f"/api/v1/trackers/{t['id']}")
    org = status["organizations"][0]
    assert org["external_id"] == "twitter" and org["name"] == "Twitter"
    # GitLab Free refuses group webhooks: Preloop says how to add one.
    assert org["webhook"]["status"] == "manual"
    message = org["webhook"]["message"]
    assert org["webhook_url"] in message and "secret token" in message
    assert "issues" in message and "notes" in message and "merge requests" in message
    assert SECRET not in message

    asked = docs.requests(mark)
    assert all(r["auth"] == "private-token" for r in asked)
    listings = [r for r in asked if r["method"] == "GET" and r["path"].endswith(("/issues", "/merge_requests"))]
    assert [r["path"] for r in listings] == [
        "/api/v4/projects/twitter%2Ftypeahead-js/issues",
        "/api/v4/projects/twitter%2Ftypeahead-js/issues",
        "/api/v4/projects/twitter%2Ftypeahead-js/merge_requests",
    ]
    assert listings[0]["query"]["order_by"] == "updated_at" and listings[0]["query"]["sort"] == "asc"
    assert listings[0]["query"]["per_page"] == "1" and listings[1]["query"]["page"] == "2"
    hook = next(r for r in asked if r["path"] == "/api/v4/groups/twitter/hooks")
    assert hook["body"]["token"] == SECRET and hook["body"]["issues_events"] is True
    assert hook["body"]["note_events"] is True and hook["body"]["merge_requests_events"] is True

    # Created, commented and closed in GitLab; each answer stored at once.
    mark = docs.mark()
    created = pl.ok("POST", "/api/v1/issues", json={"project_id": p["id"], "title": "Issues with auth",
                                                    "labels": ["bug"]})
    assert created["key"] == "twitter/typeahead-js#14" and created["state"] == "open"
    assert created["author"] == "eileen.lowe"
    comment = pl.ok("POST", f"/api/v1/issues/{created['id']}/comments", json={"body": "Seen on staging too."})
    assert comment["body"] == "Seen on staging too." and comment["author"] == "pipin"
    changed = pl.ok("PUT", f"/api/v1/issues/{created['id']}", json={"state": "closed",
                                                                    "title": "Issues with auth (fixed)"})
    assert changed["state"] == "closed" and changed["title"] == "Issues with auth (fixed)"
    # The issue's links, read when it changed (GitLab's related issues).
    assert changed["links"] == [{"type": "relates_to", "key": "example/example#14"}]
    writes = [(r["method"], r["path"], r["body"]) for r in docs.requests(mark) if r["method"] != "GET"]
    base = "/api/v4/projects/twitter%2Ftypeahead-js/issues"
    assert writes == [
        ("POST", base, {"title": "Issues with auth", "labels": "bug"}),
        ("POST", f"{base}/14/notes", {"body": "Seen on staging too."}),
        ("PUT", f"{base}/14", {"title": "Issues with auth (fixed)", "state_event": "close"}),
    ]
    comments = pl.ok("GET", f"/api/v1/issues/{created['id']}/comments")["comments"]
    assert [c["body"] for c in comments] == ["Seen on staging too."]
    r = pl.api("PUT", f"/api/v1/issues/{created['id']}", json={"state": "In Review"})
    assert r.status_code == 400


@pytest.fixture
def gitlab_hooked(pl, docs, trackers):
    """A GitLab tracker (not polling) with gitlabhq/gitlab-test, the project
    of GitLab's example payloads, added by name; and a way to deliver."""
    t = connect_gitlab(pl, trackers, docs, enabled=False)
    p = pl.ok("POST", "/api/v1/projects", json={"tracker_id": t["id"], "external_id": "gitlabhq/gitlab-test"})
    url = f"{pl.url}/api/v1/private/webhooks/gitlab/{p['organization_id']}"

    def deliver(event: str, payload: dict, token: str | None = SECRET) -> httpx.Response:
        headers = {"X-Gitlab-Event": event, "X-Gitlab-Event-UUID": str(uuid.uuid4()),
                   "Content-Type": "application/json"}
        if token is not None:
            headers["X-Gitlab-Token"] = token
        return httpx.post(url, content=json.dumps(payload).encode(), headers=headers, timeout=30)

    return t, p, deliver


def test_gitlab_webhooks_are_checked_normalised_and_never_go_back(pl, gitlab_hooked):
    t, p, deliver = gitlab_hooked
    opened = fixture("gitlab", "webhook_issue.json")
    assert deliver("Issue Hook", opened, token="not-the-secret").status_code == 401
    assert deliver("Issue Hook", opened, token=None).status_code == 401
    assert deliver("Issue Hook", opened).status_code == 202
    issue = wait_for(lambda: by_key(pl, "gitlabhq/gitlab-test#23"), lambda f: len(f) == 1)[0]
    assert issue["title"] == "New API: create/update/delete file"
    assert issue["labels"] == ["API"] and issue["assignees"] == ["user1"]
    events = wait_for(lambda: tracker_events(pl, t), lambda e: len(e) == 2)
    names = sorted(e["event"] for e in events)
    assert names == ["issue_opened", "label_changed"]
    assert all(e["issue_key"] == "gitlabhq/gitlab-test#23" and e["actor"] == "root" for e in events)

    # An update made before the one stored arrives late: its event is
    # recorded, the stored issue stays as the newer one has it.
    older = copy.deepcopy(opened)
    older["object_attributes"].update(action="update", title="A title from 2012 that arrives late",
                                      updated_at="2012-01-01T00:00:00Z")
    assert deliver("Issue Hook", older).status_code == 202
    wait_for(lambda: [e["event"] for e in tracker_events(pl, t)], lambda e: "issue_updated" in e)
    time.sleep(0.3)
    assert by_key(pl, "gitlabhq/gitlab-test#23")[0]["title"] == "New API: create/update/delete file"

    # A merge request, and a comment: one vocabulary.
    assert deliver("Merge Request Hook", fixture("gitlab", "webhook_merge_request.json")).status_code == 202
    mr = wait_for(lambda: by_key(pl, "gitlabhq/gitlab-test!1"), lambda f: len(f) == 1)[0]
    assert mr["kind"] == "merge_request" and mr["title"] == "MS-Viewport"
    # The documented note is on another project: moved to the synced one
    # (a project outside the sync records no events).
    note = fixture("gitlab", "webhook_note_issue.json")
    note["project"]["path_with_namespace"] = "gitlabhq/gitlab-test"
    assert deliver("Note Hook", note).status_code == 202
    names = wait_for(lambda: [e["event"] for e in tracker_events(pl, t)], lambda e: "comment_created" in e)
    assert "merge_request_opened" in names
    comment = next(e for e in tracker_events(pl, t) if e["event"] == "comment_created")
    assert comment["issue_key"] == "gitlabhq/gitlab-test#17"


# -- Jira --------------------------------------------------------------


def test_a_jira_cloud_project_is_synced_with_adf_and_links(pl, docs, trackers):
    mark = docs.mark()
    t = connect_jira(pl, trackers, docs, scope={"projects": ["ED"]}, settings={"page_size": 1})
    p = wait_for(lambda: project_of(pl, t), lambda p: p is not None)
    assert p["external_id"] == "ED" and p["in_scope"]
    issues = wait_for(lambda: issues_of(pl, p), lambda found: len(found) == 2)
    ed1 = next(i for i in issues if i["key"] == "ED-1")
    assert ed1["number"] is None and ed1["title"] == "Main order flow broken"
    # The description is Atlassian Document Format, read as text.
    assert ed1["body"] == "Main order flow broken"
    assert ed1["status"] == "To Do" and ed1["priority"] == "Medium" and ed1["state"] == "open"
    # The documented links: ED-1 "is depended by" PR-2, "depends on" PR-3.
    assert ed1["links"] == [{"type": "blocks", "key": "PR-2"}, {"type": "is_blocked_by", "key": "PR-3"}]
    assert ed1["url"] == f"{docs.url}/browse/ED-1"
    p = wait_for(lambda: project_of(pl, t), lambda p: p["sync"]["phase"] == "up_to_date")

    status = pl.ok("GET", f"/api/v1/trackers/{t['id']}")
    org = status["organizations"][0]
    # The organization is the site; the scoped project is attached to it.
    assert org["external_id"] == docs.url.split("://")[1] and org["in_scope"]
    assert p["organization_id"] == org["id"]
    assert org["webhook"]["status"] == "manual" and org["webhook_url"] in org["webhook"]["message"]

    asked = docs.requests(mark)
    assert all(r["auth"] == "basic" for r in asked)
    searches = [r for r in asked if r["path"] == "/rest/api/3/search/jql"]
    assert len(searches) == 2
    assert searches[0]["query"]["jql"] == 'project = "ED" ORDER BY updated ASC, key ASC'
    assert searches[0]["query"]["maxResults"] == "1" and "issuelinks" in searches[0]["query"]["fields"]
    assert "nextPageToken" not in searches[0]["query"]
    assert searches[1]["query"]["nextPageToken"] == "EgQIlMIC"
    assert searches[1]["query"]["jql"] == searches[0]["query"]["jql"]
    hook = next(r for r in asked if r["path"] == "/rest/webhooks/1.0/webhook")
    assert hook["body"]["secret"] == SECRET and "jira:issue_updated" in hook["body"]["events"]

    # Created (ADF built from text), commented, moved through its workflow.
    mark = docs.mark()
    created = pl.ok("POST", "/api/v1/issues", json={"project_id": p["id"], "title": "Login fails",
                                                    "description": "First line\n\nSecond paragraph",
                                                    "issue_type": "Bug", "labels": ["auth"]})
    assert created["key"] == "ED-24" and created["body"] == "First line\n\nSecond paragraph"
    assert created["labels"] == ["auth"]
    comment = pl.ok("POST", f"/api/v1/issues/{created['id']}/comments", json={"body": "Reproduced."})
    assert comment["body"] == "Reproduced." and comment["author"] == "5b10a2844c20165700ede21g"
    review = pl.ok("PUT", f"/api/v1/issues/{created['id']}", json={"status": "qa review"})
    assert review["status"] == "In Review" and review["state"] == "open"
    done = pl.ok("PUT", f"/api/v1/issues/{created['id']}", json={"status": "closed", "title": "Login fails (fixed)"})
    assert done["status"] == "Closed" and done["state"] == "closed" and done["title"] == "Login fails (fixed)"
    r = pl.api("PUT", f"/api/v1/issues/{created['id']}", json={"status": "Nowhere"})
    assert r.status_code == 400 and "QA Review" in r.text

    writes = [(r["method"], r["path"], r["body"]) for r in docs.requests(mark) if r["method"] != "GET"]
    fields = writes[0][2]["fields"]
    assert writes[0][:2] == ("POST", "/rest/api/3/issue")
    assert fields["project"] == {"key": "ED"} and fields["issuetype"] == {"name": "Bug"}
    assert fields["description"] == {"type": "doc", "version": 1, "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": "First line"}]},
        {"type": "paragraph", "content": [{"type": "text", "text": "Second paragraph"}]}]}
    assert writes[1][:2] == ("POST", "/rest/api/3/issue/ED-24/comment")
    assert writes[1][2]["body"]["type"] == "doc"
    assert writes[2] == ("POST", "/rest/api/3/issue/ED-24/transitions", {"transition": {"id": "711"}})
    assert writes[3] == ("PUT", "/rest/api/3/issue/ED-24", {"fields": {"summary": "Login fails (fixed)"}})
    assert writes[4] == ("POST", "/rest/api/3/issue/ED-24/transitions", {"transition": {"id": "2"}})


def test_a_jira_server_project_is_synced_with_a_personal_access_token(pl, docs, trackers):
    mark = docs.mark()
    t = connect_jira(pl, trackers, docs, server=True, scope={"projects": ["BULK"]})
    assert t["identity"]["login"] == JIRA_EMAIL
    p = wait_for(lambda: project_of(pl, t), lambda p: p is not None)
    issue = wait_for(lambda: issues_of(pl, p), lambda found: len(found) == 1)[0]
    assert issue["key"] == "BULK-62" and issue["title"] == "testing"
    assert issue["body"] == "Plain text, as REST v2 has it." and issue["assignees"] == ["fred"]
    asked = docs.requests(mark)
    assert all(r["auth"] == "bearer" for r in asked)
    search = next(r for r in asked if r["path"] == "/rest/api/2/search")
    assert search["query"]["startAt"] == "0" and search["query"]["jql"].startswith('project = "BULK"')


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.fixture
def jira_hooked(pl, docs, trackers):
    """A Jira tracker (not polling) with JRA, the project of Atlassian's
    example payload, added by name; and a way to deliver."""
    t = connect_jira(pl, trackers, docs, enabled=False)
    p = pl.ok("POST", "/api/v1/projects", json={"tracker_id": t["id"], "external_id": "JRA"})
    url = f"{pl.url}/api/v1/private/webhooks/jira/{p['organization_id']}"

    def deliver(payload: dict, secret: str = SECRET) -> httpx.Response:
        body = json.dumps(payload).encode()
        headers = {"X-Hub-Signature": sign(body, secret), "Content-Type": "application/json",
                   "X-Atlassian-Webhook-Identifier": str(uuid.uuid4())}
        return httpx.post(url, content=body, headers=headers, timeout=30)

    return t, p, deliver


def test_jira_webhooks_are_signed_normalised_and_never_go_back(pl, jira_hooked):
    t, p, deliver = jira_hooked
    updated = fixture("jira", "webhook_issue_updated.json")
    updated["issue"]["fields"]["updated"] = "2011-06-07T10:31:26.805-0500"
    updated["changelog"]["items"].append({"field": "status", "fieldtype": "jira", "from": "1",
                                          "fromString": "Open", "to": "3", "toString": "In Progress"})
    assert deliver(updated, secret="not-the-secret").status_code == 401
    assert deliver(updated).status_code == 202
    issue = wait_for(lambda: by_key(pl, "JRA-20002"), lambda f: len(f) == 1)[0]
    assert issue["title"] == "I feel the need for speed" and issue["priority"] == "Minor"
    assert issue["labels"] == ["UI", "dialogue", "move"]
    events = wait_for(lambda: tracker_events(pl, t), lambda e: len(e) == 2)
    assert sorted(e["event"] for e in events) == ["issue_updated", "status_changed"]
    assert all(e["issue_key"] == "JRA-20002" and e["actor"] == "brollins" for e in events)
    # The example carries a comment: stored with its issue.
    comments = wait_for(lambda: pl.ok("GET", f"/api/v1/issues/{issue['id']}/comments")["comments"],
                        lambda c: len(c) == 1)
    assert comments[0]["body"] == "Just in time for AtlasCamp!"

    # An older version of the issue arriving late changes nothing stored.
    older = copy.deepcopy(updated)
    older["issue"]["fields"].update(summary="A summary from 2010 that arrives late",
                                    updated="2010-01-01T00:00:00.000-0500")
    older["changelog"]["items"] = [{"field": "summary", "fromString": "x", "toString": "y"}]
    assert deliver(older).status_code == 202
    wait_for(lambda: pl.ok("GET", f"/api/v1/trackers/{t['id']}")["deliveries"], lambda d: d.get("done", 0) == 2)
    assert by_key(pl, "JRA-20002")[0]["title"] == "I feel the need for speed"
