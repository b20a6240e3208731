"""Resources, resource templates, prompts and completion through the
firewall: gathered from every upstream, namespaced (`preloop://<server>/<uri>`,
`<server>__<prompt>`) and routed back, with every read and prompt get decided
by policy (`resources:<server>`, `prompts:<server>`) and audited like a call.
The upstream is the Python SDK's own server (2.x `MCPServer`); the clients
are both official Python SDK lines and the TypeScript SDK."""

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from conftest import STORES, marker, message, run_client, start
from test_approvals import approver, request_id, workflow

README = "preloop://docs/file:///docs/readme.md"
SECRET = "preloop://docs/file:///docs/secret.md"
TEMPLATE = "preloop://docs/file:///docs/{name}"


@pytest.fixture
def docs(pl, docs_upstream):
    """The shared Preloop with the docs upstream added (once) and scanned."""
    if "docs" not in pl.servers:
        pl.add_server("docs", docs_upstream.url)
        pl.scan("docs")
    return pl


def read(pl, uri, sid=None, key=None):
    headers = {"Mcp-Session-Id": sid or pl.session(key=key)}
    r = pl.rpc({"jsonrpc": "2.0", "id": 5, "method": "resources/read", "params": {"uri": uri}},
               headers=headers, key=key)
    assert r.status_code == 200, r.text
    return message(r)


def test_the_initialize_answer_offers_what_the_upstreams_do(docs, docs_upstream, upstream_sse, upstream_json,
                                                            everything):
    hello = {"jsonrpc": "2.0", "id": 0, "method": "initialize",
             "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                        "clientInfo": {"name": "raw", "version": "1"}}}
    caps = docs.rpc(hello).json()["result"]["capabilities"]
    # What the account's upstreams (the shared ones and docs) declare.
    declared = {}
    for upstream in (docs_upstream, upstream_sse, upstream_json, everything):
        answer = httpx.post(upstream.url, json=hello, timeout=10,
                            headers={"Accept": "application/json, text/event-stream"})
        for flag, on in message(answer)["result"]["capabilities"].get("resources", {}).items():
            declared[flag] = declared.get(flag, False) or bool(on)
    # The Python SDK's servers offer logging: its messages are relayed, and
    # the session's level filters them.
    assert set(caps) == {"tools", "resources", "prompts", "completions", "logging"}, caps
    # Resource list changes and subscriptions are offered where the upstream
    # declares them and Preloop serves the stream they come on (natively);
    # Preloop announces its own tool list changes there too.
    native = not docs.edge
    assert caps["resources"] == {"subscribe": native and bool(declared.get("subscribe")),
                                 "listChanged": native and bool(declared.get("listChanged"))}, (caps, declared)
    assert caps["tools"] == {"listChanged": native}


@pytest.mark.parametrize("client", ["py1", "py2", "ts"])
def test_resources_prompts_and_completion_through_preloop(docs, call_log, client):
    docs.configure("resources:docs", [{"action": "allow"}])
    docs.configure("prompts:docs", [{"action": "allow"}])
    out = run_client(client, docs.mcp_url, docs.key, [
        {"op": "resources"},
        {"op": "templates"},
        {"op": "read", "uri": README},
        {"op": "prompts"},
        {"op": "prompt", "name": "docs__review", "arguments": {"language": "rust"}},
        {"op": "complete", "ref": {"type": "ref/prompt", "name": "docs__review"},
         "argument": {"name": "language", "value": "r"}},
        {"op": "complete", "ref": {"type": "ref/resource", "uri": TEMPLATE},
         "argument": {"name": "name", "value": "g"}},
    ])
    resources, templates, got, prompts, prompt, languages, names = out["results"]
    assert README in resources["resources"] and SECRET in resources["resources"], resources
    # The other upstreams' resources are there too, each under its own server.
    assert all(u.startswith("preloop://") for u in resources["resources"])
    assert TEMPLATE in templates["templates"], templates
    assert got["contents"] == [{"uri": README, "text": "# Readme\nHello from the docs server."}], got
    assert "docs__review" in prompts["prompts"], prompts
    assert prompt["messages"] == ["Review this rust code for bugs."], prompt
    assert languages["values"] == ["rust"], languages
    assert names["values"] == ["guide"], names
    # The upstream was asked with its own names.
    reads = [c for c in call_log.calls() if c["tool"] == "read"]
    assert reads and reads[-1]["arguments"] == {"uri": "file:///docs/readme.md"}


def test_a_deny_rule_on_one_uri_keeps_the_read_from_the_upstream(docs, call_log):
    docs.configure("resources:docs", [
        {"name": "no-secrets", "condition": "args.uri.endsWith('/secret.md')", "action": "deny",
         "denial_message": "secrets stay put"},
        {"action": "allow"},
    ])
    before = len([c for c in call_log.calls() if c["arguments"].get("uri") == "file:///docs/secret.md"])
    denied = read(docs, SECRET)
    assert denied["error"]["code"] == -32003 and "secrets stay put" in denied["error"]["message"], denied
    after = len([c for c in call_log.calls() if c["arguments"].get("uri") == "file:///docs/secret.md"])
    assert after == before, "a denied read must not reach the upstream"
    assert read(docs, README)["result"]["contents"][0]["uri"] == README
    trail = docs.audit(tool="resources:docs", limit=10)
    outcomes = {(e["arguments"]["uri"], e["outcome"]) for e in trail}
    assert ("file:///docs/secret.md", "denied") in outcomes, trail
    assert ("file:///docs/readme.md", "ok") in outcomes, trail
    secret = next(e for e in trail if e["outcome"] == "denied")
    assert secret["decision"] == "deny" and secret["server_name"] == "docs"


def test_reads_and_gets_fall_to_the_default_action(docs, call_log):
    # No entry for the docs server: the account default (deny) decides.
    denied = read(docs, README)
    assert denied["error"]["code"] == -32003, denied
    sid = docs.session()
    r = docs.rpc({"jsonrpc": "2.0", "id": 6, "method": "prompts/get",
                  "params": {"name": "docs__review", "arguments": {"language": "go"}}},
                 headers={"Mcp-Session-Id": sid})
    assert message(r)["error"]["code"] == -32003, r.text
    assert not any(c["tool"] == "prompt" and c["arguments"].get("language") == "go" for c in call_log.calls())
    assert [e["outcome"] for e in docs.audit(tool="prompts:docs", limit=1)] == ["denied"]
    # Listing is not reading: the lists still show what there is.
    r = docs.rpc({"jsonrpc": "2.0", "id": 7, "method": "prompts/list"}, headers={"Mcp-Session-Id": sid})
    assert "docs__review" in [p["name"] for p in message(r)["result"]["prompts"]]


def test_rules_see_the_prompt_name_and_arguments(docs):
    docs.configure("prompts:docs", [
        {"condition": "args.name == 'review' && args.arguments.language == 'go'", "action": "deny",
         "denial_message": "no go reviews"},
        {"action": "allow"},
    ])
    sid = docs.session()

    def get(language):
        r = docs.rpc({"jsonrpc": "2.0", "id": 8, "method": "prompts/get",
                      "params": {"name": "docs__review", "arguments": {"language": language}}},
                     headers={"Mcp-Session-Id": sid})
        return message(r)

    assert "no go reviews" in get("go")["error"]["message"]
    assert get("python")["result"]["messages"][0]["content"]["text"] == "Review this python code for bugs."


def test_a_read_that_needs_approval_runs_once_when_approved(docs, call_log):
    """A read a rule sends for approval (an async workflow) answers -32003
    with the request; asked again it waits on that same request rather
    than opening another; once approved the next read (the TypeScript
    SDK's) runs it, exactly once, and a read after that is a new request.
    The status tool tells the approved read as an embedded resource."""
    alice = approver(docs)
    wf = workflow(docs, [alice])
    docs.configure("resources:docs", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    m = marker()
    uri = f"preloop://docs/file:///docs/{m}"
    first = read(docs, uri)
    assert first["error"]["code"] == -32003 and "Approval required" in first["error"]["message"], first
    rid = request_id(first["error"]["message"])
    again = read(docs, uri)
    assert request_id(again["error"]["message"]) == rid, "the same read waits on the same request"
    assert not call_log.contains(m), "nothing is read before approval"
    seen = docs.ok("GET", f"/api/v1/approval-requests/{rid}", key=alice[1])
    assert seen["tool"] == "resources:docs" and seen["arguments"] == {"uri": f"file:///docs/{m}"}, seen
    docs.ok("POST", f"/api/v1/approval-requests/{rid}/approve", key=alice[1])

    out = run_client("ts", docs.mcp_url, docs.key, [{"op": "read", "uri": uri}, {"op": "read", "uri": uri}])
    approved, after = out["results"]
    assert approved == {"contents": [{"uri": uri, "text": f"no document named {m}"}]}, out
    assert "Approval required" in after["error"]["message"], "approval was for one read"
    assert request_id(after["error"]["message"]) != rid
    assert len([c for c in call_log.calls() if c["arguments"].get("uri") == f"file:///docs/{m}"]) == 1
    status = run_client("py1", docs.mcp_url, docs.key, [
        {"op": "call", "name": "get_approval_status", "arguments": {"request_id": rid}}])["results"][0]
    assert not status["isError"], status
    trail = [e for e in docs.audit(tool="resources:docs", limit=20) if e["arguments"].get("uri") == f"file:///docs/{m}"]
    assert sorted(e["outcome"] for e in trail).count("ok") == 1, trail
    assert "pending_approval" in [e["outcome"] for e in trail]


@pytest.mark.not_on_workers("held calls are not yet tested in workerd")
def test_a_prompt_get_that_needs_approval_is_held_until_decided(docs, call_log):
    """A get that needs approval under a workflow that waits is held open,
    and answers with the prompt once approved; a declined one is an error
    with the approver's comment."""
    alice = approver(docs)
    wf = workflow(docs, [alice], async_approval=False)
    docs.configure("prompts:docs", [{"action": "require_approval", "approval_policy_id": wf["id"]}])

    def get(language):
        r = docs.rpc({"jsonrpc": "2.0", "id": 8, "method": "prompts/get",
                      "params": {"name": "docs__review", "arguments": {"language": language}}},
                     headers={"Mcp-Session-Id": docs.session()})
        return message(r)

    def decide(language, verdict, comment=None):
        deadline = time.time() + 15
        while time.time() < deadline:
            for q in docs.ok("GET", "/api/v1/approval-requests", params={"status": "pending"},
                             key=alice[1])["approval_requests"]:
                if q["tool"] == "prompts:docs" and q["arguments"]["arguments"].get("language") == language:
                    return docs.ok("POST", f"/api/v1/approval-requests/{q['id']}/{verdict}", key=alice[1],
                                   json={"comment": comment} if comment else {})
            time.sleep(0.2)
        raise AssertionError("no pending request appeared")

    lang = f"lang{marker()[-6:]}"
    with ThreadPoolExecutor(1) as pool:
        held = pool.submit(get, lang)
        decide(lang, "approve")
        got = held.result(timeout=30)
    assert got["result"]["messages"][0]["content"]["text"] == f"Review this {lang} code for bugs.", got
    lang = f"lang{marker()[-6:]}"
    with ThreadPoolExecutor(1) as pool:
        held = pool.submit(get, lang)
        decide(lang, "decline", "not today")
        got = held.result(timeout=30)
    assert got["error"]["code"] == -32003 and "not today" in got["error"]["message"], got
    assert not [c for c in call_log.calls() if c["arguments"].get("language") == lang]


def test_a_uri_of_no_server_is_not_found(docs):
    for uri in ["file:///docs/readme.md", "preloop://nosuch/file:///x", "preloop://docs"]:
        got = read(docs, uri)
        assert got["error"]["code"] == -32602 and got["error"]["data"] == {"uri": uri}, got


def test_a_disabled_server_is_neither_listed_nor_read(docs):
    docs.configure("resources:docs", [{"action": "allow"}])
    sid = docs.session()
    docs.ok("PUT", f"/api/v1/mcp-servers/{docs.servers['docs']}", json={"enabled": False})
    try:
        r = docs.rpc({"jsonrpc": "2.0", "id": 9, "method": "resources/list"}, headers={"Mcp-Session-Id": sid})
        assert not any(u["uri"].startswith("preloop://docs/") for u in message(r)["result"]["resources"])
        assert read(docs, README, sid=sid)["error"]["code"] == -32602
    finally:
        docs.ok("PUT", f"/api/v1/mcp-servers/{docs.servers['docs']}", json={"enabled": True})


@pytest.mark.parametrize("store", STORES)
def test_a_lone_upstream_without_a_prefix_looks_like_itself(tmp_path, store, docs_upstream, upstream_json, call_log):
    p = start(store, tmp_path)
    try:
        p.add_server("docs", docs_upstream.url, prefix="")
        p.scan("docs")
        p.add_server("fx", upstream_json.url, prefix="tools")
        p.scan("fx")
        p.configure("resources:docs", [{"action": "allow"}])
        p.configure("prompts:docs", [{"action": "allow"}])
        p.configure("tools__echo", [{"action": "allow"}])
        m = marker()
        out = run_client("py2", p.mcp_url, p.key, [
            {"op": "resources"}, {"op": "templates"}, {"op": "prompts"}, {"op": "list"},
            {"op": "read", "uri": "file:///docs/readme.md"},
            {"op": "prompt", "name": "review", "arguments": {"language": "go"}},
            {"op": "complete", "ref": {"type": "ref/resource", "uri": "file:///docs/{name}"},
             "argument": {"name": "name", "value": "r"}},
            {"op": "call", "name": "tools__echo", "arguments": {"text": m}},
        ])
        resources, templates, prompts, tools, got, prompt, names, echoed = out["results"]
        assert "file:///docs/readme.md" in resources["resources"], resources
        assert templates["templates"] == ["file:///docs/{name}"], templates
        assert "review" in prompts["prompts"], prompts
        assert "tools__echo" in tools["tools"] and "fx__echo" not in tools["tools"], tools
        assert got["contents"][0]["uri"] == "file:///docs/readme.md", got
        assert prompt["messages"] == ["Review this go code for bugs."], prompt
        assert names["values"] == ["readme"], names
        assert echoed["text"] == f"echo: {m}"
        # One server per account may go without a prefix; prefixes are names.
        r = p.api("POST", "/api/v1/mcp-servers", json={"name": "other", "url": upstream_json.url, "prefix": ""})
        assert r.status_code == 409, r.text
        r = p.api("POST", "/api/v1/mcp-servers", json={"name": "other", "url": upstream_json.url, "prefix": "tools"})
        assert r.status_code == 409, r.text
        r = p.api("POST", "/api/v1/mcp-servers", json={"name": "other", "url": upstream_json.url, "prefix": "a__b"})
        assert r.status_code == 400, r.text
        exported = p.api("GET", "/api/v1/policies/export").text
        assert 'prefix: ""' in exported and 'prefix: "tools"' in exported, exported
    finally:
        p.stop()


def test_a_2026_client_reads_what_needs_approval_in_rounds(docs, call_log):
    """A 2026-07-28 client that opens URLs (the Python SDK 2.x) reading a
    resource that needs approval gets a URL to follow the request and a
    request state; its person has an approver approve, and the SDK's retry
    reads it, once."""
    alice = approver(docs)
    wf = workflow(docs, [alice])
    docs.configure("resources:docs", [{"action": "require_approval", "approval_policy_id": wf["id"]}])
    m = marker()
    uri = f"preloop://docs/file:///docs/{m}"
    out = run_client("py2", docs.mcp_url, docs.key, [{"op": "read", "uri": uri}], mode="2026-07-28",
                     on_url={"api": docs.url, "key": alice[1]})
    assert out["results"] == [{"contents": [{"uri": uri, "text": f"no document named {m}"}]}], out
    asked = out["elicited"]
    assert len(asked) == 1 and asked[0]["approved"] == 200 and asked[0]["page_has_form"] is False, asked
    assert len([c for c in call_log.calls() if c["arguments"].get("uri") == f"file:///docs/{m}"]) == 1


@pytest.mark.parametrize("client", ["py2", "ts"])
def test_the_typescript_sdks_server_is_relayed_too(pl, client):
    """The TypeScript SDK's own server (`@modelcontextprotocol/server-everything`,
    one of the shared upstreams) as the upstream: its resource templates, a
    read through one, a prompt with arguments and completion of a prompt's
    argument, named as Preloop names them."""
    pl.configure("resources:everything", [{"action": "allow"}])
    pl.configure("prompts:everything", [{"action": "allow"}])
    uri = "preloop://everything/demo://resource/dynamic/text/7"
    out = run_client(client, pl.mcp_url, pl.key, [
        {"op": "templates"},
        {"op": "read", "uri": uri},
        {"op": "prompt", "name": "everything__args-prompt", "arguments": {"city": "Lyon"}},
        {"op": "complete", "ref": {"type": "ref/prompt", "name": "everything__completable-prompt"},
         "argument": {"name": "department", "value": "Eng"}},
    ])
    templates, read_, prompt, completed = out["results"]
    assert "preloop://everything/demo://resource/dynamic/text/{resourceId}" in templates["templates"], templates
    assert read_["contents"][0]["uri"] == uri and "7" in read_["contents"][0]["text"], read_
    assert prompt["messages"] == ["What's weather in Lyon?"], prompt
    assert completed["values"] == ["Engineering"], completed


@pytest.mark.native_only
def test_an_oversized_subscription_is_refused_and_the_session_goes_on(docs):
    """A URI past the subscription bound (2 KiB) is refused with -32602
    before anything is routed or decided; the session still reads."""
    docs.configure("resources:docs", [{"action": "allow"}])
    sid = docs.session()
    huge = "preloop://docs/file:///" + "a" * 200_000
    r = docs.rpc({"jsonrpc": "2.0", "id": 9, "method": "resources/subscribe", "params": {"uri": huge}},
                 headers={"Mcp-Session-Id": sid})
    refused = message(r)
    assert refused["error"]["code"] == -32602 and "at most 2048 bytes" in refused["error"]["message"], refused
    assert read(docs, README, sid=sid)["result"]["contents"][0]["uri"] == README
