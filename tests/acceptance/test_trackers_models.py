"""Preloop's own use of models, through Preloop's own gateway: the
definition of ready judged by a chat model, and issues embedded by an
OpenAI-compatible embeddings model, both configured as
`PRELOOP_COMPLIANCE_*` and `PRELOOP_EMBEDDINGS_*` pointing at this very
instance's `/openai/v1` with a Preloop key, so every call is in the usage
ledger like an agent's.

The provider behind the gateway is tests/upstream/model_provider.py: its
`compliance-judge` model reads the issue it is shown and answers the JSON
the prompt asks for, and its `bag-of-words` model embeds texts as hashed
word counts. Issues arrive as GitLab's documented webhook deliveries
(tests/fixtures/gitlab)."""

import copy
import json
import uuid

import httpx
import pytest

from conftest import Provider, free_port, message, start_model_provider, start_preloop, stop
from test_trackers import wait_for
from test_trackers_gitlab_jira import SECRET, docs, fixture, connect_gitlab  # noqa: F401  (a fixture)

pytestmark = pytest.mark.native_only

PROVIDER_KEY = "sk-test-provider-key-for-preloop-itself-0001"


@pytest.fixture
def provider(tmp_path):
    p = start_model_provider(tmp_path, PROVIDER_KEY)
    yield p
    stop(p.proc)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request):
    return request.param


class Instances:
    """One store, with the gateway's provider, models and a key made by a
    first instance; `start(embedding_model)` runs an instance on that store
    whose compliance and embedding models are its own gateway's."""

    def __init__(self, store: str, tmp, provider: Provider):
        self.store, self.tmp = store, tmp
        first = start_preloop(store, tmp)
        try:
            prov = first.ok("POST", "/api/v1/ai-providers", json={
                "name": "models", "kind": "openai-compatible", "base_url": provider.url, "api_key": PROVIDER_KEY})
            for name, upstream in [("judge", "compliance-judge"), ("words", "bag-of-words"),
                                   ("words-2", "bag-of-words")]:
                first.ok("POST", "/api/v1/ai-models", json={
                    "name": name, "provider_id": prov["id"], "upstream_model": upstream,
                    "prices": {"input": 1, "output": 2}})
            self.key = first.ok("POST", "/api/v1/api-keys", json={"name": "preloop-itself", "role": "agent"})["key"]
        finally:
            first.stop()
        self.database_url = first.database_url
        self.running = None

    def start(self, embedding_model: str):
        port = free_port()
        own = f"http://127.0.0.1:{port}/openai/v1"
        env = {"PRELOOP_LISTEN": f"127.0.0.1:{port}",
               "PRELOOP_COMPLIANCE_URL": own, "PRELOOP_COMPLIANCE_MODEL": "judge",
               "PRELOOP_COMPLIANCE_API_KEY": self.key,
               "PRELOOP_EMBEDDINGS_URL": own, "PRELOOP_EMBEDDINGS_MODEL": embedding_model,
               "PRELOOP_EMBEDDINGS_API_KEY": self.key}
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        self.running = start_preloop(self.store, self.tmp, env)
        return self.running


@pytest.fixture
def instances(store, tmp_path, provider):
    made = Instances(store, tmp_path, provider)
    yield made
    if made.running:
        made.running.stop()


def finding(assessment: dict, check: str) -> dict:
    return next(f for f in assessment["findings"] if f["check"] == check)


def test_compliance_and_embeddings_through_preloops_own_gateway(instances, provider, docs):
    pl = instances.start("words")
    t = connect_gitlab(pl, [], docs, enabled=False)
    p = pl.ok("POST", "/api/v1/projects", json={"tracker_id": t["id"], "external_id": "gitlabhq/gitlab-test"})
    def deliver(payload: dict) -> None:
        # (`pl` is the instance running now: a later one takes its place.)
        hook = f"{pl.url}/api/v1/private/webhooks/gitlab/{p['organization_id']}"
        r = httpx.post(hook, content=json.dumps(payload).encode(), timeout=30, headers={
            "X-Gitlab-Event": "Issue Hook", "X-Gitlab-Event-UUID": str(uuid.uuid4()),
            "X-Gitlab-Token": SECRET, "Content-Type": "application/json"})
        assert r.status_code == 202, r.text

    def issue() -> dict:
        found = pl.ok("GET", "/api/v1/issues", params={"key": "gitlabhq/gitlab-test#23"})["issues"]
        return found[0] if found else {}

    opened = fixture("gitlab", "webhook_issue.json")
    deliver(opened)
    i = wait_for(issue, lambda i: i.get("id"))

    # -- Compliance: judged by the model, through the gateway ------------
    asked = len(provider.requests("/v1/chat/completions"))
    c = pl.ok("GET", f"/api/v1/issues/{i['id']}/compliance")
    assert (c["scorer"], c["prompt_version"], c["cached"]) == ("judge", "compliance-v1", False), c
    assert c["rules"]["scorer"] == "rules" and "model_error" not in c
    ac = finding(c, "acceptance_criteria")
    assert not ac["passed"] and ac["suggestion"] == f"Judge: say what must be true when '{i['title']}' is done."
    # Five of the seven apply (the judge says it is no bug report and
    # names no dependency), four pass: the score is Preloop's arithmetic.
    assert c["score"] == round(4 / 5, 2) and not c["ready"]
    chats = provider.requests("/v1/chat/completions")[asked:]
    assert len(chats) == 1
    sent = chats[0]
    # The provider got its own model name and key; the Preloop key stayed.
    assert sent["body"]["model"] == "compliance-judge" and sent["authorization"] == f"Bearer {PROVIDER_KEY}"
    assert sent["body"]["response_format"] == {"type": "json_object"} and sent["body"]["max_tokens"] == 800
    shown = json.loads(sent["body"]["messages"][-1]["content"])
    assert shown["title"] == i["title"] and shown["labels"] == ["API"]
    # Metered like any caller's request.
    rows = pl.ok("GET", "/api/v1/usage/events", params={"limit": 50})["events"]
    judged = [r for r in rows if r["requested_model"] == "judge"]
    assert len(judged) == 1 and judged[0]["outcome"] == "ok" and judged[0]["cost_nanousd"] > 0

    # The same revision is not paid for twice; the rules need no model.
    again = pl.ok("GET", f"/api/v1/issues/{i['id']}/compliance")
    assert again["cached"] is True and again["revision"] == c["revision"]
    assert again["findings"] == c["findings"]
    rules = pl.ok("GET", f"/api/v1/issues/{i['id']}/compliance", params={"scorer": "rules"})
    assert rules["scorer"] == "rules" and "prompt_version" not in rules
    assert pl.api("GET", f"/api/v1/issues/{i['id']}/compliance", params={"scorer": "oracle"}).status_code == 400
    assert len(provider.requests("/v1/chat/completions")) == asked + 1

    # A new revision of the issue is judged again.
    changed = copy.deepcopy(opened)
    changed["object_attributes"].update(
        action="update", updated_at="2030-01-01T00:00:00Z",
        description="Create, update and delete files through the API.\n\nAcceptance criteria:\n"
                    "- [ ] a file can be deleted by path")
    deliver(changed)
    wait_for(issue, lambda i: "Acceptance criteria" in i["body"])
    judged_again = pl.ok("GET", f"/api/v1/issues/{i['id']}/compliance")
    assert judged_again["cached"] is False and judged_again["revision"] != c["revision"]
    assert finding(judged_again, "acceptance_criteria")["passed"] and judged_again["ready"]
    assert len(provider.requests("/v1/chat/completions")) == asked + 2
    # The built-in tools answer with the same evaluation, from the cache.
    for tool in ("estimate_compliance", "improve_compliance"):
        pl.configure(tool, [{"action": "allow"}])
    sid = pl.session()
    for n, (tool, arguments) in enumerate([("estimate_compliance", {"issues": ["gitlabhq/gitlab-test#23"]}),
                                           ("improve_compliance", {"issue": "gitlabhq/gitlab-test#23"})]):
        r = pl.rpc({"jsonrpc": "2.0", "id": n + 1, "method": "tools/call",
                    "params": {"name": tool, "arguments": arguments}}, headers={"Mcp-Session-Id": sid})
        result = message(r)["result"]
        assert not result.get("isError"), result
        answer = json.loads(result["content"][0]["text"])
        judged_by = answer["issues"][0] if tool == "estimate_compliance" else answer
        assert judged_by["scorer"] == "judge", answer
    assert len(provider.requests("/v1/chat/completions")) == asked + 2

    # -- Embeddings: the configured model's vectors rank by meaning --------
    def similar() -> dict:
        return pl.ok("GET", "/api/v1/issues/search", params={
            "query": "remove a file by its path", "mode": "similarity", "project_id": p["id"]})

    found = wait_for(similar, lambda r: r["results"])
    assert found["embedding_model"] == "openai-compatible:words"
    assert found["results"][0]["issue"]["key"] == "gitlabhq/gitlab-test#23"
    embedded = provider.requests("/v1/embeddings")
    assert embedded and all(r["body"]["model"] == "bag-of-words" for r in embedded)
    assert any("Acceptance criteria" in text for r in embedded for text in r["body"]["input"])
    assert any(r["requested_model"] == "words" for r in pl.ok("GET", "/api/v1/usage/events")["events"])

    # -- Another embedding model: the issues are embedded again ------------
    pl.stop()
    pl = instances.start("words-2")
    before = len(provider.requests("/v1/embeddings"))
    found = wait_for(lambda: pl.ok("GET", "/api/v1/issues/search", params={
        "query": "remove a file by its path", "mode": "similarity", "project_id": p["id"]}),
        lambda r: r["results"])
    assert found["embedding_model"] == "openai-compatible:words-2"
    assert len(provider.requests("/v1/embeddings")) > before
    assert any(r["requested_model"] == "words-2" for r in pl.ok("GET", "/api/v1/usage/events")["events"])

    # -- A model that cannot be reached: the rules answer, and say why -----
    stop(provider.proc)
    failing = copy.deepcopy(changed)
    failing["object_attributes"].update(updated_at="2031-01-01T00:00:00Z", title="Delete files through the API")
    deliver(failing)
    wait_for(issue, lambda i: i["title"] == "Delete files through the API")
    fallback = pl.ok("GET", f"/api/v1/issues/{i['id']}/compliance")
    assert fallback["scorer"] == "rules" and fallback["model_error"].startswith("the compliance model answered 5")
    assert instances.key not in json.dumps(fallback) and PROVIDER_KEY not in json.dumps(fallback)
    # And the instance still serves.
    assert pl.ok("GET", f"/api/v1/issues/{i['id']}")["title"] == "Delete files through the API"
