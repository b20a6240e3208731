"""Provider keys kept in a real OpenBao (KV version 2) and named by
reference: read by Preloop with AppRole when a request needs them, never
shown, and a store that cannot be reached fails the request closed. Each
store gets an instance of its own, configured with the OpenBao."""
import subprocess
import time

import httpx
import openai
import pytest

from conftest import (STORES, VENVS, free_port, marker, start_instance, start_model_provider, start_preloop, stop,
                      wait_port)
from test_gateway import PROVIDER_KEY, FIXTURE_COST_NANO

BAO = VENVS / "mcp2" / "bin" / "bao"
ROOT_TOKEN = "root-token-for-tests-" + "7" * 16
REFERENCE = "vault:secret/data/preloop/openai#api_key"


class OpenBao:
    def __init__(self, url: str, proc):
        self.url, self.proc = url, proc
        self.http = httpx.Client(base_url=url, headers={"X-Vault-Token": ROOT_TOKEN}, timeout=10)

    def call(self, method: str, path: str, **kw) -> dict:
        r = self.http.request(method, f"/v1/{path}", **kw)
        assert r.status_code < 300, f"{method} {path}: {r.status_code} {r.text}"
        return r.json() if r.content else {}


@pytest.fixture(scope="module")
def openbao(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("openbao") / "bao.log"
    proc = subprocess.Popen([str(BAO), "server", "-dev", f"-dev-root-token-id={ROOT_TOKEN}",
                             f"-dev-listen-address=127.0.0.1:{port}"], stdout=open(log, "w"), stderr=subprocess.STDOUT)
    wait_port(port, timeout=60, proc=proc)
    bao = OpenBao(f"http://127.0.0.1:{port}", proc)
    bao.call("POST", "secret/data/preloop/openai", json={"data": {"api_key": PROVIDER_KEY}})
    # Preloop signs in with AppRole, under a policy that reads its secrets only.
    bao.call("POST", "sys/auth/approle", json={"type": "approle"})
    bao.call("PUT", "sys/policies/acl/preloop", json={"policy": 'path "secret/data/preloop/*" { capabilities = ["read"] }'})
    bao.call("POST", "auth/approle/role/preloop", json={"token_policies": "preloop", "token_ttl": "20m"})
    bao.role_id = bao.call("GET", "auth/approle/role/preloop/role-id")["data"]["role_id"]
    bao.secret_id = bao.call("POST", "auth/approle/role/preloop/secret-id")["data"]["secret_id"]
    yield bao
    stop(proc)


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    p = start_model_provider(tmp_path_factory.mktemp("custody-provider"), PROVIDER_KEY)
    yield p
    stop(p.proc)


# The secret store is read the same way whatever the store: each host is
# tried once (Postgres at the edge is the gateway tests' business).
CUSTODY_STORES = [s for s in STORES if s != "workerd-postgres"]


@pytest.fixture(params=CUSTODY_STORES)
def custody(request, openbao, tmp_path):
    settings = {"PRELOOP_VAULT_ADDR": openbao.url, "PRELOOP_VAULT_ROLE_ID": openbao.role_id,
                "PRELOOP_VAULT_SECRET_ID": openbao.secret_id}
    p = start_instance(request.param, tmp_path, settings, functions=["api", "gateway"])
    yield p
    p.stop()


def test_a_provider_key_in_openbao_is_used_and_never_shown(custody, openbao, provider):
    pl = custody
    prov = pl.ok("POST", "/api/v1/ai-providers", json={
        "name": f"vaulted-{marker()}", "kind": "openai-compatible", "base_url": provider.url, "api_key_ref": REFERENCE})
    assert prov["api_key_ref"] == REFERENCE and prov["api_key_hint"] == "…WXYZ" and prov["has_api_key"]
    assert prov["key_custody"] == "vault"
    # A provider whose key was sealed in the store moves to OpenBao.
    moved = pl.ok("POST", "/api/v1/ai-providers", json={
        "name": f"moved-{marker()}", "kind": "openai-compatible", "base_url": provider.url, "api_key": "sk-old-0000"})
    assert moved["key_custody"] == "local_encrypted" and moved["api_key_hint"] == "…0000"
    moved = pl.ok("PATCH", f"/api/v1/ai-providers/{moved['id']}", json={"api_key_ref": REFERENCE})
    assert (moved["key_custody"], moved["api_key_ref"], moved["api_key_hint"]) == ("vault", REFERENCE, "…WXYZ"), moved
    model = pl.ok("POST", "/api/v1/ai-models", json={
        "name": f"m-{marker()}", "provider_id": moved["id"], "upstream_model": "gpt-4o-mini"})
    key = pl.ok("POST", "/api/v1/api-keys", json={"name": "agent", "role": "agent"})["key"]
    c = openai.OpenAI(base_url=f"{pl.url}/openai/v1", api_key=key, max_retries=0)
    raw = c.chat.completions.with_raw_response.create(model=model["name"], messages=[{"role": "user", "content": "Hello"}])
    assert raw.parse().choices[0].message.content.startswith("Hello!")
    assert raw.headers["x-preloop-cost-usd"] == f"0.{FIXTURE_COST_NANO:09d}"
    # The provider got the key from OpenBao; nothing Preloop shows has it.
    assert provider.requests()[-1]["authorization"] == f"Bearer {PROVIDER_KEY}"
    shown = pl.api("GET", "/api/v1/ai-providers").text + pl.api("GET", "/api/v1/usage/events").text
    assert PROVIDER_KEY not in shown
    if pl.store in ("sqlite", "postgres"):
        assert PROVIDER_KEY not in pl.log_path.read_text()
    # A key rotated in OpenBao is the one used, once the minute it is kept
    # has passed; a reference to nothing is refused when it is set.
    r = pl.api("POST", "/api/v1/ai-providers", json={
        "name": f"nothing-{marker()}", "kind": "openai-compatible", "base_url": provider.url,
        "api_key_ref": "vault:secret/data/preloop/absent#api_key"})
    assert r.status_code == 400 and "no secret" in r.json()["error"]["message"]
    r = pl.api("POST", "/api/v1/ai-providers", json={
        "name": f"bad-{marker()}", "kind": "openai-compatible", "base_url": provider.url,
        "api_key_ref": "vault:secret/data/../sys#x"})
    assert r.status_code == 400
    # Outside the AppRole's policy: refused by OpenBao, refused here.
    openbao.call("POST", "secret/data/elsewhere/openai", json={"data": {"api_key": "sk-elsewhere"}})
    r = pl.api("POST", "/api/v1/ai-providers", json={
        "name": f"other-{marker()}", "kind": "openai-compatible", "base_url": provider.url,
        "api_key_ref": "vault:secret/data/elsewhere/openai#api_key"})
    assert r.status_code == 503 and "sk-elsewhere" not in r.text
    # …and the host's log says why; at the edge too (the Worker's console).
    log = pl.workers["gateway"].log if pl.store.startswith("workerd") else pl.log_path
    deadline = time.time() + 10
    while "the secret store refused" not in log.read_text() and time.time() < deadline:
        time.sleep(0.1)
    said = [line for line in log.read_text().splitlines() if "the secret store refused" in line]
    assert said and "secret/data/elsewhere/openai" in said[0] and "sk-elsewhere" not in log.read_text(), said


def test_an_unreachable_secret_store_fails_the_request_closed(tmp_path, provider):
    gone = f"http://127.0.0.1:{free_port()}"
    pl = start_preloop("sqlite", tmp_path, {"PRELOOP_VAULT_ADDR": gone, "PRELOOP_VAULT_TOKEN": "t"})
    try:
        r = pl.api("POST", "/api/v1/ai-providers", json={
            "name": "p", "kind": "openai-compatible", "base_url": provider.url, "api_key_ref": REFERENCE})
        assert r.status_code == 503 and "cannot be reached" in r.json()["error"]["message"]
    finally:
        pl.stop()
