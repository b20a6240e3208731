"""Policy as code, end to end: the `preloop policy` CLI run as a process
against a running Preloop (`preloop serve` on SQLite and Postgres, and the
Workers in workerd on Postgres and D1), with real upstream MCP calls to see
what is enforced and the audit trail to see what was recorded."""

import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest

from conftest import PRELOOP_BIN, ROOT, STORES, message, start_instance

FX_TOKEN = "fx-token-one"

BASE = """version: "1.0"
metadata:
  name: "Acceptance safeguards"
  description: "What the acceptance tests apply"
  tags: [security, test]
approval_workflows:
  - name: "deploy-approval"
    approvers: {users: [ops@example.com]}
    timeout_seconds: 600
    async_approval: true
mcp_servers:
  - name: fx
    url: "@URL@"
    auth_header: "Bearer ${FX_TOKEN}"
tools:
  - name: fx__echo
    conditions:
      - name: no-secrets
        expression: "args.text.contains('secret')"
        action: deny
        message: "Do not echo secrets."
      - name: watch-loud
        expression: "args.text.startsWith('LOUD')"
        action: deny
        shadow: true
      - name: echo-ok
        action: allow
  - name: fx__deploy
    approval_workflow: "deploy-approval"
    conditions:
      - name: prod-needs-approval
        expression: "args.environment == 'production'"
        action: require_approval
      - name: staging-ok
        action: allow
      - name: ci-deploys
        agent: ci-runner
        action: allow
      - name: bot-blocked
        api_key: deploy-bot
        action: deny
        message: "The deploy bot may not deploy."
tests:
  - name: secrets are refused
    tool: fx__echo
    arguments: {text: "my secret"}
    expect: {decision: deny, rule: no-secrets}
  - name: production needs approval
    tool: fx__deploy
    arguments: {environment: production, service: api}
    expect: {decision: require_approval, rule: prod-needs-approval}
  - name: the ci agent deploys anywhere
    principal: {agent: ci-runner}
    tool: fx__deploy
    arguments: {environment: production, service: api}
    expect: {decision: allow, rule: ci-deploys}
  - name: its key over its agent
    principal: {agent: ci-runner, api_key: deploy-bot}
    tool: fx__deploy
    arguments: {environment: staging, service: api}
    expect: {decision: deny, rule: bot-blocked}
"""


class Env:
    """A running Preloop with the people, agent and keys the base policy
    names, and a directory for policy files."""

    def __init__(self, p, upstream, tmp: Path):
        self.p, self.upstream, self.tmp = p, upstream, tmp
        p.ok("POST", "/api/v1/users", json={"name": "Ops", "email": "ops@example.com"})
        agent = p.ok("POST", "/api/v1/agents", json={"name": "ci-runner", "description": "CI"})
        self.agent_id = agent["id"]
        self.ci_key = p.ok("POST", f"/api/v1/agents/{agent['id']}/keys", json={"name": "ci-main"})
        self.bot_key = p.ok("POST", f"/api/v1/agents/{agent['id']}/keys", json={"name": "deploy-bot"})
        self.plain_key = p.ok("POST", "/api/v1/api-keys", json={"name": "plain-agent"})

    def file(self, text: str, name: str | None = None) -> Path:
        path = self.tmp / (name or f"policy-{uuid.uuid4().hex[:8]}.yaml")
        path.write_text(text.replace("@URL@", self.upstream.url))
        return path

    def cli(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        full = {**os.environ, "PRELOOP_URL": self.p.url, "PRELOOP_API_KEY": self.p.key, "FX_TOKEN": FX_TOKEN}
        full.update(env or {})
        full = {k: v for k, v in full.items() if v is not None}
        return subprocess.run([str(PRELOOP_BIN), "policy", *map(str, args)], env=full,
                              capture_output=True, text=True, timeout=60)

    def ok(self, *args: str, env: dict | None = None) -> str:
        done = self.cli(*args, env=env)
        assert done.returncode == 0, f"policy {args}: {done.stdout}\n{done.stderr}"
        return done.stdout

    def apply_json(self, path: Path, *extra: str) -> dict:
        return json.loads(self.ok("apply", path, "--json", *extra))

    def call(self, key: str, tool: str, arguments: dict) -> dict:
        sid = self.p.session(key=key)
        r = self.p.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                        "params": {"name": tool, "arguments": arguments}},
                       headers={"Mcp-Session-Id": sid}, key=key)
        return message(r)

    def listed(self, key: str) -> set[str]:
        sid = self.p.session(key=key)
        r = self.p.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers={"Mcp-Session-Id": sid}, key=key)
        return {t["name"] for t in message(r)["result"]["tools"]}


# The Workers policy as code reaches (the CLI, the API it configures, the
# MCP endpoint and the policy check): a deployment of these alone starts in
# half the time of all of them, and each `fresh` test starts one.
FUNCTIONS = ["api", "mcp-proxy", "policies", "audit", "policy-check"]


def make_env(store, tmp_path_factory, upstream, label):
    tmp = tmp_path_factory.mktemp(f"{label}-{store}")
    p = start_instance(store, tmp, functions=FUNCTIONS)
    return p, Env(p, upstream, tmp)


@pytest.fixture(scope="module", params=STORES)
def pac(request, tmp_path_factory, upstream_sse):
    p, env = make_env(request.param, tmp_path_factory, upstream_sse, "pac")
    env.base = env.file(BASE, "base.yaml")
    env.apply_json(env.base)
    yield env
    p.stop()


@pytest.fixture
def fresh(request, tmp_path_factory, upstream_sse, pac):
    """A second, empty instance on the same store as `pac`, for tests that
    need a history of their own."""
    p, env = make_env(pac.p.store, tmp_path_factory, upstream_sse, "fresh")
    yield env
    p.stop()


def test_validate_reports_every_problem_with_its_position(pac):
    ok = pac.cli("validate", pac.base)
    assert ok.returncode == 0 and "valid (2 tools, 7 rules, 1 workflows, 1 servers, 4 tests)" in ok.stdout

    broken_yaml = pac.file('version: "1.0"\ntools:\n  - name: x\n    conditions: [\n')
    out = pac.cli("validate", broken_yaml)
    assert out.returncode == 1
    assert out.stderr.startswith(f"{broken_yaml}:5:1: "), out.stderr

    unknown = pac.file(BASE.replace("    approval_workflow: \"deploy-approval\"\n",
                                    "    approval_workflow: \"deploy-approval\"\n    colour: red\n"))
    out = pac.cli("validate", unknown)
    line = unknown.read_text().splitlines().index("    colour: red") + 1
    assert out.stderr.strip() == f"{unknown}:{line}:5: tools[1].colour: unknown field `colour`, expected one of " \
        "`name`, `source`, `enabled`, `description`, `approval_workflow`, `justification`, `validate_arguments`, `conditions`", out.stderr

    # Every CEL error, each at its own line and column, and a reference to
    # a workflow the file does not define.
    bad = pac.file(BASE.replace("args.text.contains('secret')", "args.text.contains('secret') && nope.x")
                   .replace("args.environment == 'production'", "args.environment ==")
                   .replace('approval_workflow: "deploy-approval"', 'approval_workflow: "missing"'))
    out = pac.cli("validate", bad)
    assert out.returncode == 1
    lines = bad.read_text().splitlines()
    nope_line = next(i for i, l in enumerate(lines) if "nope.x" in l)
    eq_line = next(i for i, l in enumerate(lines) if "args.environment ==\"" in l)
    wf_line = next(i for i, l in enumerate(lines) if 'approval_workflow: "missing"' in l)
    errors = out.stderr.strip().splitlines()
    assert errors[0] == (f"{bad}:{nope_line + 1}:{lines[nope_line].index('nope') + 1}: "
                         "tools[0].conditions[0].expression: invalid CEL: unknown variable 'nope'"), errors
    assert errors[1] == f"{bad}:{wf_line + 1}:24: tools[1].approval_workflow: no approval workflow named 'missing' in this file"
    assert errors[2].startswith(f"{bad}:{eq_line + 1}:"), errors
    assert "tools[1].conditions[0].expression: invalid CEL" in errors[2]
    assert len(errors) == 3


def test_export_apply_export_is_byte_stable(pac, call_log):
    first = pac.ok("export")
    path = pac.file(first, "exported.yaml")
    again = pac.apply_json(path)
    assert again["applied"] is False and again["changes"] == [], again
    assert pac.ok("export") == first
    # What was exported reads like the file that was applied.
    assert 'auth_header: "Bearer ${FX_TOKEN}"' in first and FX_TOKEN not in first
    assert '      - name: "ci-deploys"\n        action: "allow"\n        agent: "ci-runner"\n' in first
    # The header reached the upstream with the variable's value.
    marker = uuid.uuid4().hex
    result = pac.call(pac.p.key, "fx__echo", {"text": marker})
    assert not result["result"].get("isError"), result
    seen = [c for c in call_log.calls() if c["arguments"].get("text") == marker]
    assert seen and seen[0]["authorization"] == f"Bearer {FX_TOKEN}"


def test_diff_apply_history_and_rollback(pac, call_log):
    before = pac.ok("export")
    versions = json.loads(pac.ok("history", "--json"))["versions"]
    start = versions[0]["number"]
    changed = pac.file(BASE.replace("        action: require_approval\n", "        action: deny\n", 1)
                       .replace("  - name: production needs approval\n    tool: fx__deploy\n"
                                "    arguments: {environment: production, service: api}\n"
                                "    expect: {decision: require_approval, rule: prod-needs-approval}\n", "")
                       .replace("tests:\n", "  - name: fx__pay\n    conditions:\n      - action: deny\ntests:\n"))
    assert pac.cli("diff", pac.base, "--exit-code").returncode == 0
    drift = pac.cli("diff", changed, "--exit-code")
    assert drift.returncode == 2 and drift.stderr == ""
    diff = pac.ok("diff", changed)
    assert "~ rule fx__deploy: prod-needs-approval\n    action: \"require_approval\" → \"deny\"\n" in diff, diff
    assert "+ tool fx__pay\n" in diff and "+ rule fx__pay#1\n" in diff
    assert diff.rstrip().endswith("2 to create, 2 to change, 0 to delete"), diff
    # A diff changes nothing, and a new secret value shows as a change
    # without showing the value.
    assert pac.ok("export") == before
    secret = json.loads(pac.ok("diff", pac.base, "--json", env={"FX_TOKEN": "fx-token-two"}))
    assert secret["changes"] == [{"op": "update", "kind": "mcp_server", "name": "fx", "fields": [
        {"field": "auth_header", "from": "(secret)", "to": "(new secret value)"}]}]
    assert "fx-token-two" not in json.dumps(secret)

    out = pac.ok("apply", changed)
    assert f"Applied as version {start + 1}." in out
    assert pac.call(pac.p.key, "fx__deploy", {"environment": "production", "service": "x"})["result"]["isError"]
    history = json.loads(pac.ok("history", "--json"))["versions"]
    assert [v["number"] for v in history[:2]] == [start + 1, start]
    assert history[0]["summary"]["created"] == 2 and history[0]["kind"] == "apply"

    rolled = json.loads(pac.ok("rollback", start, "--json"))
    assert rolled["applied"] and rolled["version"] == start + 2
    assert pac.ok("export") == before
    latest = json.loads(pac.ok("history", "--json"))["versions"][0]
    assert latest["kind"] == "rollback" and latest["source_number"] == start
    text = pac.ok("history")
    assert f"(restores {start})" in text and "Acceptance safeguards" in text
    # The rollback restored the secret it was applied with.
    marker = uuid.uuid4().hex
    pac.call(pac.p.key, "fx__echo", {"text": marker})
    assert [c["authorization"] for c in call_log.calls() if c["arguments"].get("text") == marker] == [f"Bearer {FX_TOKEN}"]


def test_apply_is_all_or_nothing(pac):
    before = pac.ok("export")
    history = pac.ok("history", "--json")
    bad = pac.file(BASE.replace("[ops@example.com]", "[nobody@example.com]")
                   .replace("tests:\n", "  - name: fx__pay\n    conditions:\n      - action: allow\ntests:\n"))
    out = pac.cli("apply", bad)
    assert out.returncode == 1
    assert "approval workflow 'deploy-approval': no user with email nobody@example.com" in out.stderr
    assert pac.ok("export") == before and pac.ok("history", "--json") == history
    # A missing variable is named before anything is sent.
    out = pac.cli("apply", pac.base, env={"FX_TOKEN": None})
    assert out.returncode == 1 and "refers to ${FX_TOKEN}, which is not set" in out.stderr
    # Through the API, apply with a dry-run flag changes nothing either.
    r = pac.p.api("POST", "/api/v1/policies/apply?dry_run=true", headers={"Content-Type": "application/yaml"},
                  content=bad.read_text().replace("nobody@", "ops@").encode())
    assert r.status_code == 400 and "FX_TOKEN is not set" in r.json()["error"]["message"]
    r = pac.p.api("POST", "/api/v1/policies/apply?dry_run=true",
                  json={"document": bad.read_text().replace("nobody@", "ops@"), "variables": {"FX_TOKEN": FX_TOKEN}})
    assert r.status_code == 200 and r.json()["dry_run"] and not r.json()["applied"]
    assert [c["name"] for c in r.json()["changes"]] == ["fx__pay", "fx__pay#1"]
    assert pac.ok("export") == before


def test_a_failing_policy_test_blocks_apply(pac):
    before = pac.ok("export")
    fixed = pac.file(BASE.replace("expect: {decision: deny, rule: no-secrets}", "expect: {decision: allow}"))
    out = pac.cli("test", fixed)
    assert out.returncode == 1
    assert "FAIL test 1 (secrets are refused: fx__echo) failed: expected allow, got deny by no-secrets\n" in out.stdout
    assert "  - no-secrets [account] deny when args.text.contains('secret') → matched\n" in out.stdout
    assert "  - echo-ok [account] allow when always → not_reached\n" not in out.stdout
    out = pac.cli("apply", fixed)
    assert out.returncode == 1
    assert "the policy's tests fail (1 of 4), so it was not applied" in out.stderr
    assert pac.ok("export") == before
    assert "policy tests: 4 passed, 0 failed" in pac.ok("test", pac.base)


def test_scopes_key_over_agent_over_account(pac):
    admin, ci, bot, plain = pac.p.key, pac.ci_key["key"], pac.bot_key["key"], pac.plain_key["key"]
    prod = {"environment": "production", "service": "api"}

    def check(key):
        return pac.p.ok("POST", "/api/v1/policy/check",
                        json={"tool": "fx__deploy", "arguments": prod, "api_key_id": key})

    account = check(pac.plain_key["id"])
    assert account["decision"] == "require_approval" and account["trace"]["scope"] == "account"
    agent = check(pac.ci_key["id"])
    assert agent["decision"] == "allow" and agent["trace"]["scope"] == f"agent:{pac.agent_id}"
    assert agent["matched_rule"]["name"] == "ci-deploys"
    key = check(pac.bot_key["id"])
    assert key["decision"] == "deny" and key["trace"]["scope"] == f"api_key:{pac.bot_key['id']}"
    assert [r["name"] for r in key["trace"]["rules"]] == ["bot-blocked"]
    assert "first rule of scope" in key["trace"]["why"]

    # The same through real MCP calls with each key.
    assert not pac.call(ci, "fx__deploy", prod)["result"].get("isError")
    denied = pac.call(bot, "fx__deploy", prod)["result"]
    assert denied["isError"] and "The deploy bot may not deploy." in denied["content"][0]["text"]
    # tools/list: the bot's scope denies deploy outright, so it is not shown.
    assert "fx__deploy" not in pac.listed(bot) and "fx__echo" in pac.listed(bot)
    assert {"fx__deploy", "fx__echo"} <= pac.listed(ci) and "fx__deploy" in pac.listed(plain)
    assert "fx__deploy" in pac.listed(admin)


def test_shadow_rules_are_recorded_not_enforced(pac, call_log):
    marker = uuid.uuid4().hex
    result = pac.call(pac.p.key, "fx__echo", {"text": f"LOUD {marker}"})
    assert not result["result"].get("isError"), result
    assert any(c["arguments"].get("text") == f"LOUD {marker}" for c in call_log.calls())
    record = next(e for e in pac.p.audit(tool="fx__echo") if marker in json.dumps(e["arguments"]))
    assert record["decision"] == "allow" and record["outcome"] == "ok"
    shadow = record["trace"]["shadow"]
    assert shadow["name"] == "watch-loud" and shadow["action"] == "deny" and shadow["changes_decision"] is True
    steps = [(r["name"], r["outcome"], r.get("shadow", False)) for r in record["trace"]["rules"]]
    assert steps == [("no-secrets", "no_match", False), ("watch-loud", "matched", True), ("echo-ok", "matched", False)]
    # A call the shadow rule does not match records no shadow outcome.
    pac.call(pac.p.key, "fx__echo", {"text": f"quiet {marker}"})
    quiet = next(e for e in pac.p.audit(tool="fx__echo") if f"quiet {marker}" in json.dumps(e["arguments"]))
    assert "shadow" not in quiet["trace"]


# Store-independent logic: each `fresh` instance costs a workerd start.
@pytest.mark.native_only
def test_simulate_replays_the_audit_through_a_candidate(fresh):
    fresh.ok("apply", fresh.file(BASE))
    key = fresh.p.key
    for text in ["LOUD one", "LOUD two", "hello", "my secret", "LOUD three"]:
        fresh.call(key, "fx__echo", {"text": text})
    fresh.call(fresh.ci_key["key"], "fx__deploy", {"environment": "production", "service": "a"})
    fresh.call(key, "fx__deploy", {"environment": "staging", "service": "a"})
    # The candidate enforces the shadow rule, and takes the ci agent's
    # production deploys back to approval.
    candidate = fresh.file(BASE.replace("        shadow: true\n", "")
                           .replace("      - name: ci-deploys\n        agent: ci-runner\n        action: allow\n",
                                    "      - name: ci-deploys\n        agent: ci-runner\n        action: allow\n"
                                    "        expression: \"args.environment != 'production'\"\n")
                           .replace("  - name: the ci agent deploys anywhere\n    principal: {agent: ci-runner}\n"
                                    "    tool: fx__deploy\n    arguments: {environment: production, service: api}\n"
                                    "    expect: {decision: allow, rule: ci-deploys}\n", ""))
    sim = json.loads(fresh.ok("simulate", candidate, "--since", "1h", "--json"))
    assert sim["replayed"] == 7 and sim["changed"] == 4 and sim["unchanged"] == 3, sim
    assert sim["by_rule"] == [
        {"rule": "fx__echo: watch-loud", "changed": 3, "transitions": {"allow → deny": 3}},
        {"rule": "fx__deploy: default", "changed": 1, "transitions": {"allow → deny": 1}},
    ], sim["by_rule"]
    loud = [c for c in sim["calls"] if c["tool"] == "fx__echo"]
    assert {(c["recorded"]["decision"], c["recorded"]["rule"], c["simulated"]["rule"]) for c in loud} == {
        ("allow", "echo-ok", "watch-loud")}
    text = fresh.ok("simulate", candidate, "--since", "1h")
    assert text.startswith("Replayed 7 recorded calls: 4 would change, 3 unchanged.\n"), text
    assert "      3  fx__echo: watch-loud  (allow → deny: 3)\n" in text
    # Nothing was applied, and a window before the calls replays nothing.
    assert "watch-loud" in fresh.ok("export")
    assert json.loads(fresh.ok("simulate", candidate, "--since", "0s", "--json"))["replayed"] == 0


# The seeds' example, as published beside the schema.
SEED_EXAMPLE = (ROOT / "web" / "schemas" / "examples" / "production-safeguards.yaml").read_text()


def test_the_published_json_schema_is_the_codes_and_checks_files(pac):
    import jsonschema
    import yaml

    published = Path(__file__).resolve().parents[2] / "web" / "schemas" / "preloop-policy-1.0.json"
    assert pac.ok("schema") == published.read_text(), "regenerate: preloop policy schema > web/schemas/preloop-policy-1.0.json"
    schema = json.loads(published.read_text())
    assert schema == pac.p.ok("GET", "/api/v1/policies/schema")
    validator = jsonschema.Draft202012Validator(schema)
    for text in (SEED_EXAMPLE, BASE, pac.ok("export")):
        validator.validate(yaml.safe_load(text))
    errors = list(validator.iter_errors(yaml.safe_load(SEED_EXAMPLE.replace("require_approval", "maybe"))))
    assert [list(e.absolute_path) for e in errors] == [["tools", 0, "conditions", 0, "action"]]
    assert list(validator.iter_errors(yaml.safe_load(BASE.replace("shadow: true", "shadow: true\n        colour: red"))))
    # The seeds' example is a valid file for the CLI too.
    assert "valid (1 tools, 1 rules, 1 workflows, 0 servers, 0 tests)" in pac.ok("validate", pac.file(SEED_EXAMPLE))


def test_the_seeds_example_applies_as_written(fresh):
    """The seeds' example names no approvers: its workflow is decided by the
    account's admins, and it applies and exports as written."""
    out = fresh.apply_json(fresh.file(SEED_EXAMPLE))
    assert out["applied"] is True, out
    wf = next(w for w in fresh.p.ok("GET", "/api/v1/approval-policies")["approval_policies"] if w["name"] == "deploy-approval")
    assert wf["approver_user_ids"] == [] and wf["approver_team_ids"] == [] and wf["async_approval"] is True
    exported = fresh.ok("export")
    assert "deploy-approval" in exported and "approvers" not in exported
    assert fresh.apply_json(fresh.file(exported))["changes"] == []


def test_a_stdio_server_in_a_policy_file(fresh):
    """A stdio server is written as its command, arguments and environment;
    secrets come from the applier's variables, are never exported, and a new
    value shows as a change without showing it."""
    from conftest import PY1, ROOT

    text = f"""version: "1.0"
mcp_servers:
  - name: clock
    transport: stdio
    command: "{PY1}"
    args: ["{ROOT / 'tests' / 'upstream' / 'stdio_server.py'}"]
    env:
      CLOCK_TOKEN: "${{CLOCK_TOKEN}}"
      TZ: UTC
"""
    path = fresh.file(text)
    if fresh.p.edge:
        # A Worker or Spin component cannot start processes: the file is
        # refused, saying why.
        refused = fresh.cli("apply", path, env={"CLOCK_TOKEN": "sk-clock-one-1234567890"})
        assert refused.returncode != 0 and "child processes of `preloop serve`" in refused.stderr, refused
        return
    out = json.loads(fresh.ok("apply", path, "--json", env={"CLOCK_TOKEN": "sk-clock-one-1234567890"}))
    assert out["applied"] is True, out
    assert [s["server"] for s in out["scans"] if s.get("tools") == 8] == ["clock"], out["scans"]
    server = next(s for s in fresh.p.ok("GET", "/api/v1/mcp-servers")["mcp_servers"] if s["name"] == "clock")
    assert server["transport"] == "stdio" and server["env_names"] == ["CLOCK_TOKEN", "TZ"]
    exported = fresh.ok("export")
    assert 'command: "' + str(PY1) + '"' in exported and 'CLOCK_TOKEN: "${CLOCK_TOKEN}"' in exported, exported
    assert "sk-clock-one" not in exported
    same = json.loads(fresh.ok("diff", path, "--json", env={"CLOCK_TOKEN": "sk-clock-one-1234567890"}))
    assert same["changes"] == [], same
    new = json.loads(fresh.ok("diff", path, "--json", env={"CLOCK_TOKEN": "sk-clock-two-1234567890"}))
    assert new["changes"] == [{"op": "update", "kind": "mcp_server", "name": "clock", "fields": [
        {"field": "env", "from": "(secret)", "to": "(new secret value)"}]}]
    assert "sk-clock-two" not in json.dumps(new)
    # A literal secret-looking value is refused: it would be exported.
    bad = fresh.cli("validate", fresh.file(text.replace('"${CLOCK_TOKEN}"', "sk-literal")))
    assert bad.returncode != 0 and "env.CLOCK_TOKEN" in bad.stdout + bad.stderr
    # HTTP servers take no command.
    bad = fresh.cli("validate", fresh.file(text.replace("    transport: stdio\n", "    url: http://127.0.0.1:1/mcp\n")))
    assert bad.returncode != 0 and "transport: stdio" in bad.stdout + bad.stderr
    assert fresh.p.api("DELETE", f"/api/v1/mcp-servers/{server['id']}").status_code == 204


def test_everything_the_api_configures_round_trips(fresh):
    """A configuration built through the API, field by field, exports to a
    file that applies as no change and exports to the same bytes."""
    p = fresh.p
    ops = p.ok("GET", "/api/v1/users")["users"][0]
    sec = p.ok("POST", "/api/v1/users", json={"name": "Sec", "email": "sec@example.com"})
    team = p.ok("POST", "/api/v1/teams", json={"name": "sre", "member_ids": [ops["id"], sec["id"]]})
    wf = p.ok("POST", "/api/v1/approval-policies", json={
        "name": "two-eyes", "description": "Two people", "approver_team_ids": [team["id"]],
        "approvals_required": 2, "timeout_seconds": 900,
        "escalation": {"after_seconds": 300, "user_ids": [ops["id"]], "team_ids": []},
        "notification_channels": ["webhook", "email"], "async_approval": True,
        "justification": "optional", "is_default": True})
    p.ok("POST", "/api/v1/approval-policies", json={"name": "solo", "approver_user_ids": [sec["id"]]})
    p.add_server("fx", fresh.upstream.url, auth_header="Bearer set-through-the-api", timeout_ms=1234)
    p.add_server("off", fresh.upstream.url, enabled=False)
    p.ok("PUT", "/api/v1/settings", json={"default_action": "require_approval", "hide_default_denied": True})
    p.configure("fx__deploy", [
        {"action": "require_approval", "condition": "args.environment == 'production'", "name": "prod",
         "description": "Production", "denial_message": "Ask first.", "approval_policy_id": wf["id"]},
        {"action": "deny", "condition": "args.service == 'billing'", "enabled": False},
        {"action": "deny", "condition": "args.service.startsWith('x')", "shadow": True, "name": "watch-x"},
        {"action": "allow", "scope_kind": "agent", "scope_id": fresh.agent_id},
        {"action": "deny", "scope_kind": "api_key", "scope_id": fresh.bot_key["id"], "name": "no-bot"},
        {"action": "allow"},
    ], description="Deploys", approval_policy_id=wf["id"], justification="required")
    p.configure("fx__echo", [], is_enabled=False, tool_source="builtin")

    exported = fresh.ok("export")
    assert "keep_auth_header: true" in exported and "set-through-the-api" not in exported
    again = fresh.apply_json(fresh.file(exported))
    assert again["applied"] is False and again["changes"] == [], again
    assert fresh.ok("export") == exported
    # The file says what the API said.
    for line in ['defaults:\n  action: "require_approval"\n  hide_default_denied: true', 'required_approvals: 2', 'teams: ["sre"]',
                 'escalation:\n      after_seconds: 300\n      users: ["ops@example.com"]',
                 'notification_channels: ["email", "webhook"]', 'justification: "optional"', 'default: true',
                 'timeout_ms: 1234', 'enabled: false', 'source: "builtin"', 'approval_workflow: "two-eyes"',
                 'message: "Ask first."', 'shadow: true', 'agent: "ci-runner"', 'api_key: "deploy-bot"']:
        assert line in exported, (line, exported)
    # And a changed copy goes back through the API's shapes.
    changed = fresh.file(exported.replace("timeout_ms: 1234", "timeout_ms: 4321"))
    out = json.loads(fresh.ok("apply", changed, "--json"))
    assert [(c["kind"], c["name"], c["fields"]) for c in out["changes"]] == [
        ("mcp_server", "fx", [{"field": "timeout_ms", "from": 1234, "to": 4321}])]
    server = next(s for s in p.ok("GET", "/api/v1/mcp-servers")["mcp_servers"] if s["name"] == "fx")
    assert server["timeout_ms"] == 4321 and server["has_auth_header"]


def test_every_configuration_change_moves_the_policy_version(fresh):
    """An apply is planned against the policy version it read and refused if
    that moved, so every edit a file covers must move it: workflows and
    servers included, not only tools, rules and settings."""
    p = fresh.p
    seen = [p.ok("GET", "/api/v1/settings")["policy_version"]]

    def moved(what):
        now = p.ok("GET", "/api/v1/settings")["policy_version"]
        assert now > seen[-1], (what, seen, now)
        seen.append(now)

    user = p.ok("GET", "/api/v1/users")["users"][0]
    wf = p.ok("POST", "/api/v1/approval-policies", json={"name": "wf", "approver_user_ids": [user["id"]]})
    moved("workflow created")
    p.ok("PUT", f"/api/v1/approval-policies/{wf['id']}", json={"name": "wf", "approver_user_ids": [user["id"]],
                                                               "approvals_required": 1, "timeout_seconds": 60})
    moved("workflow updated")
    p.ok("DELETE", f"/api/v1/approval-policies/{wf['id']}")
    moved("workflow deleted")
    server = p.add_server("fx", fresh.upstream.url)
    moved("server created")
    p.ok("PUT", f"/api/v1/mcp-servers/{server['id']}", json={"name": "fx", "url": fresh.upstream.url, "timeout_ms": 999})
    moved("server updated")
    p.ok("DELETE", f"/api/v1/mcp-servers/{server['id']}")
    moved("server deleted")
    p.ok("PUT", "/api/v1/settings", json={"default_action": "allow"})
    moved("default action")
    # A file applied now plans against the latest version and goes through.
    assert fresh.apply_json(fresh.file(BASE))["applied"] is True
    moved("apply")


# Store-independent logic: each `fresh` instance costs a workerd start.
@pytest.mark.native_only
def test_agents_crud(fresh):
    p = fresh.p
    assert p.api("POST", "/api/v1/agents", json={"name": "ci-runner"}).status_code == 409
    assert p.api("POST", "/api/v1/agents", json={}).status_code == 400
    a = p.ok("POST", "/api/v1/agents", json={"name": "night-batch"})
    assert p.ok("PUT", f"/api/v1/agents/{a['id']}", json={"description": "nightly"})["description"] == "nightly"
    key = p.ok("POST", f"/api/v1/agents/{a['id']}/keys", json={"name": "nb"})
    assert key["agent_id"] == a["id"] and key["role"] == "agent"
    assert p.api("POST", f"/api/v1/agents/{a['id']}/keys", json={"name": "x", "role": "admin"}).status_code == 400
    assert [k["id"] for k in p.ok("GET", f"/api/v1/agents/{a['id']}/keys")["api_keys"]] == [key["id"]]
    # An agent rules are scoped to cannot go; once they are gone, it can,
    # and its keys with it.
    fresh.ok("apply", fresh.file(BASE.replace("agent: ci-runner", "agent: night-batch")
                                 .replace("principal: {agent: ci-runner}", "principal: {agent: night-batch}")
                                 .replace("principal: {agent: ci-runner, api_key: deploy-bot}",
                                          "principal: {agent: night-batch, api_key: deploy-bot}")))
    assert p.api("DELETE", f"/api/v1/agents/{a['id']}").status_code == 409
    fresh.ok("apply", fresh.file(BASE))
    assert p.api("DELETE", f"/api/v1/agents/{a['id']}").status_code == 204
    assert p.api("POST", "/mcp/v1", headers={"Authorization": f"Bearer {key['key']}"}, json={}).status_code == 401


# Store-independent logic: each `fresh` instance costs a workerd start.
@pytest.mark.native_only
def test_a_tools_own_justification_mode(fresh):
    fresh.ok("apply", fresh.file(BASE.replace('    approval_workflow: "deploy-approval"\n',
                                              '    approval_workflow: "deploy-approval"\n    justification: required\n')))
    sid = fresh.p.session()
    listed = message(fresh.p.rpc({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers={"Mcp-Session-Id": sid}))
    schema = next(t for t in listed["result"]["tools"] if t["name"] == "fx__deploy")["inputSchema"]
    assert "justification" in schema["required"], schema
    prod = {"environment": "production", "service": "api"}
    refused = fresh.call(fresh.p.key, "fx__deploy", prod)["result"]
    assert refused["isError"] and "needs a justification" in refused["content"][0]["text"], refused
    pending = fresh.call(fresh.p.key, "fx__deploy", {**prod, "justification": "release 4.2"})["result"]
    assert "approval" in pending["content"][0]["text"].lower(), pending
    request = fresh.p.ok("GET", "/api/v1/approval-requests")["approval_requests"][0]
    assert request["justification"] == "release 4.2"


# Store-independent logic: each `fresh` instance costs a workerd start.
@pytest.mark.native_only
def test_what_the_file_does_not_name_is_deleted_only_with_prune(fresh):
    p = fresh.p
    fresh.apply_json(fresh.file(BASE))
    p.add_server("extra", fresh.upstream.url)
    p.configure("extra__x", [{"action": "allow"}])
    # Without --prune: nothing to delete, and what stays is said.
    plain = fresh.apply_json(fresh.file(BASE))
    assert plain["applied"] is False and plain["changes"] == [], plain
    assert {(k["kind"], k["name"]) for k in plain["kept"]} == {("mcp_server", "extra"), ("tool", "extra__x")}
    text = fresh.ok("apply", fresh.file(BASE))
    assert "Left in place, not in the file (2; --prune deletes them):" in text and "  mcp_server extra\n" in text
    assert "extra" in [s["name"] for s in p.ok("GET", "/api/v1/mcp-servers")["mcp_servers"]]
    # A diff with --prune shows the deletions; apply --prune makes them.
    assert fresh.ok("diff", fresh.file(BASE), "--prune").endswith("0 to create, 0 to change, 3 to delete\n")
    pruned = fresh.apply_json(fresh.file(BASE), "--prune")
    assert pruned["applied"] is True and "kept" not in pruned
    assert {(c["op"], c["kind"], c["name"]) for c in pruned["changes"]} >= {
        ("delete", "mcp_server", "extra"), ("delete", "tool", "extra__x")}
    assert "extra" not in [s["name"] for s in p.ok("GET", "/api/v1/mcp-servers")["mcp_servers"]]
    # `prune: true` in the file does the same, and is not configuration.
    p.add_server("extra", fresh.upstream.url)
    fresh.apply_json(fresh.file("prune: true\n" + BASE))
    assert "extra" not in [s["name"] for s in p.ok("GET", "/api/v1/mcp-servers")["mcp_servers"]]
    assert "prune" not in fresh.ok("export")
