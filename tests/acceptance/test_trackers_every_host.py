"""The trackers on every host, the Workers in workerd included: a GitLab
tracker (its documentation's examples: tests/fakes/tracker_docs_server.py)
connected, a project added and an issue created through the API, GitLab's
documented webhook deliveries checked, stored and worked by the sync (on
Workers: the ingest Worker wakes the sync Worker through the preloop-sync
queue), and the built-in issue tools called by a real MCP client through
the proxy. At the
edge the proxy relays a call its policy let through to the trackers Worker
over a service binding, with a proof that Worker checks."""

import json
import time
import uuid

import httpx
import pytest

from conftest import ALL_STORES, run_client, start_instance, start_model_provider, stop
from test_trackers import trackers, wait_for  # noqa: F401  (a fixture, and its helper)
from test_trackers_gitlab_jira import SECRET, connect_gitlab, docs, fixture  # noqa: F401  (a fixture)


@pytest.fixture
def rules(pl):
    """Tool rules a test sets, removed after it (other tests keep theirs)."""
    made: list[str] = []

    def configure(tool: str, rules: list[dict]) -> None:
        for c in pl.ok("GET", "/api/v1/tool-configurations")["tool_configurations"]:
            if c["tool_name"] == tool:
                pl.ok("DELETE", f"/api/v1/tool-configurations/{c['id']}")
        made.append(pl.configure(tool, rules)["id"])

    yield configure
    for cid in made:
        pl.api("DELETE", f"/api/v1/tool-configurations/{cid}")


def test_built_in_tools_run_on_every_host_under_the_same_rules(pl, docs, trackers, rules):
    t = connect_gitlab(pl, trackers, docs, enabled=False)
    p = pl.ok("POST", "/api/v1/projects", json={"tracker_id": t["id"], "external_id": "twitter/typeahead-js"})
    # (The fake answers with the documented issue, whatever it is sent.)
    title = "Issues with auth"
    created = pl.ok("POST", "/api/v1/issues", json={"project_id": p["id"], "title": title, "labels": ["bug"]})
    key = created["key"]
    rules("get_issue", [{"action": "allow"}])
    rules("update_issue", [{"action": "deny", "denial_message": "Issues are changed by people."}])
    writes = len([r for r in docs.requests() if r["method"] != "GET"])

    out = run_client("py2", pl.mcp_url, pl.key, [
        {"op": "list"},
        {"op": "call", "name": "get_issue", "arguments": {"issue": key}},
        {"op": "call", "name": "update_issue", "arguments": {"issue": key, "status": "closed"}},
        {"op": "call", "name": "get_issue", "arguments": {"issue": "twitter/typeahead-js#999999"}},
    ])
    tools, got, update, missing = out["results"]
    assert "get_issue" in tools["tools"] and "update_issue" not in tools["tools"], tools
    assert not got["isError"], got
    assert got["structured"]["issue"]["title"] == title and got["structured"]["issue"]["key"] == key
    assert update["isError"] and update["text"] == "Issues are changed by people."
    # What the tracker answers is the agent's to hear, as a tool error.
    assert missing["isError"] and "404" in missing["text"], missing
    # Audited like any tool; the denied call never reached GitLab.
    assert pl.audit(tool="update_issue")[0]["outcome"] == "denied"
    outcomes = [e["outcome"] for e in pl.audit(tool="get_issue")[:2]]
    assert outcomes == ["tool_error", "ok"], outcomes
    assert len([r for r in docs.requests() if r["method"] != "GET"]) == writes


def test_the_trackers_worker_takes_only_calls_its_proxy_signed(pl):
    workers = getattr(pl, "workers", {})
    if "trackers" not in workers:
        pytest.skip("the relay is between Workers; natively the tools run in process")
    url = f"http://127.0.0.1:{workers['trackers'].port}/internal/issue-tools/run"
    call = json.dumps({"account_id": "any", "actor": "forger", "tool": "create_issue",
                       "arguments": {"project": "twitter/typeahead-js", "title": "forged"}}).encode()
    now = str(int(time.time() * 1000))
    for headers in [{}, {"x-preloop-timestamp": now, "x-preloop-signature": "00" * 32},
                    {"x-preloop-timestamp": "0", "x-preloop-signature": "zz"}]:
        r = httpx.post(url, content=call, headers={"content-type": "application/json", **headers}, timeout=30)
        assert r.status_code == 401, (headers, r.text)
    r = httpx.post(url, content=b"x" * (2 * 1024 * 1024), timeout=30)
    assert r.status_code in (401, 413)
    # And it still serves its own routes.
    assert pl.ok("GET", "/api/v1/trackers")["trackers"] is not None


def test_webhooks_are_checked_stored_and_worked_on_every_host(pl, docs, trackers):
    t = connect_gitlab(pl, trackers, docs, enabled=False)
    p = pl.ok("POST", "/api/v1/projects", json={"tracker_id": t["id"], "external_id": "gitlabhq/gitlab-test"})
    url = f"{pl.url}/api/v1/private/webhooks/gitlab/{p['organization_id']}"
    payload = json.dumps(fixture("gitlab", "webhook_issue.json")).encode()
    delivery = str(uuid.uuid4())

    def deliver(token: str | None) -> httpx.Response:
        headers = {"X-Gitlab-Event": "Issue Hook", "X-Gitlab-Event-UUID": delivery,
                   "Content-Type": "application/json"}
        if token is not None:
            headers["X-Gitlab-Token"] = token
        return httpx.post(url, content=payload, headers=headers, timeout=30)

    assert deliver("not-the-secret").status_code == 401
    assert deliver(None).status_code == 401
    assert deliver(SECRET).status_code == 202
    # The same delivery again: acknowledged, stored once.
    assert deliver(SECRET).status_code == 202

    def issue() -> list[dict]:
        return pl.ok("GET", "/api/v1/issues", params={"key": "gitlabhq/gitlab-test#23"})["issues"]

    found = wait_for(issue, lambda f: len(f) == 1)[0]
    assert found["title"] == "New API: create/update/delete file" and found["labels"] == ["API"]
    events = wait_for(lambda: pl.ok("GET", f"/api/v1/trackers/{t['id']}/events")["events"], lambda e: len(e) == 2)
    assert sorted(e["event"] for e in events) == ["issue_opened", "label_changed"]
    status = pl.ok("GET", f"/api/v1/trackers/{t['id']}")
    assert sum(status["deliveries"].values()) == 1, status["deliveries"]


PROVIDER_KEY = "sk-test-provider-key-for-embeddings-0002"


@pytest.fixture(params=ALL_STORES)
def embedding_instance(request, tmp_path):
    """An instance whose issues are embedded by an OpenAI-compatible
    endpoint (tests/upstream/model_provider.py's `bag-of-words` model),
    and that endpoint's request log: on Workers, where the built-in model
    does not fit, this is how search finds issues by meaning."""
    provider = start_model_provider(tmp_path, PROVIDER_KEY)
    settings = {"PRELOOP_EMBEDDINGS_URL": provider.url, "PRELOOP_EMBEDDINGS_MODEL": "bag-of-words",
                "PRELOOP_EMBEDDINGS_API_KEY": PROVIDER_KEY}
    try:
        p = start_instance(request.param, tmp_path, settings, functions=["trackers", "webhook-ingest"])
    except Exception:
        stop(provider.proc)
        raise
    yield p, provider
    p.stop()
    stop(provider.proc)


def test_similarity_search_on_every_store_with_an_embeddings_endpoint(embedding_instance, docs):
    pl, provider = embedding_instance
    t = connect_gitlab(pl, [], docs, enabled=False)
    p = pl.ok("POST", "/api/v1/projects", json={"tracker_id": t["id"], "external_id": "gitlabhq/gitlab-test"})
    url = f"{pl.url}/api/v1/private/webhooks/gitlab/{p['organization_id']}"
    titles = {101: "Login page answers 500 after a password reset",
              102: "Dark theme for the settings screen",
              103: "Uploading large images crashes the app"}
    for iid, title in titles.items():
        payload = fixture("gitlab", "webhook_issue.json")
        payload["object_attributes"].update(iid=iid, id=90_000 + iid, title=title, description="",
                                            url=f"http://example.com/gitlabhq/gitlab-test/-/issues/{iid}")
        r = httpx.post(url, content=json.dumps(payload).encode(), timeout=30, headers={
            "X-Gitlab-Event": "Issue Hook", "X-Gitlab-Event-UUID": str(uuid.uuid4()), "X-Gitlab-Token": SECRET,
            "Content-Type": "application/json"})
        assert r.status_code == 202, r.text

    def search(query: str) -> dict:
        return pl.ok("GET", "/api/v1/issues/search",
                     params={"query": query, "mode": "similarity", "project_id": p["id"]})

    # The sync embeds what it stored; until then similarity finds nothing.
    found = wait_for(lambda: search("settings screen theme"), lambda r: len(r["results"]) == 3)
    assert found["embedding_model"] == "openai-compatible:bag-of-words"
    assert found["results"][0]["issue"]["key"] == "gitlabhq/gitlab-test#102", found
    assert found["results"][0]["matched_by"] == ["similarity"]
    assert search("images crash on upload")["results"][0]["issue"]["key"] == "gitlabhq/gitlab-test#103"
    embedded = [text for r in provider.requests("/v1/embeddings") for text in r["body"]["input"]]
    assert any(text.startswith("Dark theme for the settings screen") for text in embedded)
