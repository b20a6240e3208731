"""Black-box acceptance fixtures: real processes only.

`preloop serve` runs as a process (once on the embedded SQLite store, once on
the private Postgres the test command starts), and the same functions run as
Cloudflare Workers in real workerd (`wrangler dev`, once on Postgres, once on
D1; modules marked `native_only` are not run there), in front of real
upstream MCP servers (the Python SDK fixture server in SSE and JSON mode, and
@modelcontextprotocol/server-everything), driven by the official Python 1.x,
Python 2.x and TypeScript clients as separate processes. The Spin
application (spin.toml, every function a component) runs in the Spin test
host (tests/spin-host, on wasmtime), once on its SQLite and once on Postgres;
what does not run there is marked (`native_only`, `edge_only`) and listed
with its reasons in tests/spin-host/README.md.
"""

import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[2]
# The route proxy that stands in for Cloudflare's zone routing: its route
# matching also says which Worker serves a path.
sys.path.insert(0, str(ROOT / "tests" / "edge"))
import route_proxy  # noqa: E402
PRELOOP_BIN = Path(os.environ.get("PRELOOP_BIN", ROOT / "target" / "debug" / "preloop"))
SPIN_HOST = Path(os.environ.get("PRELOOP_SPIN_HOST", ROOT / "target" / "debug" / "preloop-spin-host"))
# The Spin application the spin stores run (tests/spin-host/plant-faults.sh
# points it at a damaged copy), and where its components are (the benchmark
# points at release builds; the test command's are debug builds).
SPIN_MANIFEST = Path(os.environ.get("PRELOOP_SPIN_MANIFEST", ROOT / "spin.toml"))
SPIN_COMPONENTS = os.environ.get("PRELOOP_SPIN_COMPONENTS")


def spin_manifest(tmp: Path, components: set[str] | None = None) -> Path:
    """The manifest to run: SPIN_MANIFEST, or a copy of it whose components
    are taken from SPIN_COMPONENTS, and with only `components` (and their
    routes) if named."""
    if not SPIN_COMPONENTS and components is None:
        return SPIN_MANIFEST
    # The copy is elsewhere, and a relative source is read from the
    # manifest's folder.
    built = Path(SPIN_COMPONENTS).resolve() if SPIN_COMPONENTS else SPIN_MANIFEST.resolve().parent / "build" / "spin"
    text = SPIN_MANIFEST.read_text().replace('source = "build/spin/', f'source = "{built}/')
    if components is not None:
        text = only_components(text, components)
    copy = tmp / "spin.toml"
    copy.write_text(text)
    return copy


def only_components(manifest: str, keep: set[str]) -> str:
    """A Spin manifest without the components not in `keep`: their tables
    (`[component.<name>…]`) and their routes (`[[trigger.http]]` naming
    them). The host compiles, or loads from its cache, every component a
    manifest names before it serves; a deployment for a few functions
    starts faster with only those."""
    kept = []
    for block in re.split(r"(?m)^(?=\[)", manifest):
        header = block.split("\n", 1)[0]
        table = re.match(r"\[component\.([a-z0-9-]+)", header)
        if table and table.group(1) not in keep:
            continue
        route = re.search(r'(?m)^component\s*=\s*"([^"]+)"', block)
        if header.startswith("[[trigger.http]]") and route and route.group(1) not in keep:
            continue
        kept.append(block)
    return "".join(kept)


VENVS = ROOT / "target" / "test-venvs"
PY1 = VENVS / "mcp1" / "bin" / "python"
PY2 = VENVS / "mcp2" / "bin" / "python"
CLIENTS = ROOT / "tests" / "clients"
NODE_MODULES = ROOT / "tests" / "node_modules"
ADMIN_KEY = "pl_acceptance_admin_key_0123456789"
MAX_BODY = 256 * 1024


def _below_ephemeral() -> range:
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    return range(max(1024, low - 12000), low)


# Several runs of the suite may share the machine (the test command runs
# two at once, each on some of the stores): PRELOOP_ACCEPTANCE_SHARD=i/n
# gives this one every n-th port from the i-th, so no two ever pick the
# same port.
_SHARD, _SHARDS = (int(x) for x in os.environ.get("PRELOOP_ACCEPTANCE_SHARD", "0/1").split("/"))
PORTS = _below_ephemeral()[_SHARD::_SHARDS]
_handed_out: set[int] = set()


def free_port() -> int:
    """A free port below the kernel's ephemeral range. A port asked of the
    kernel (bind to 0) is free only until the test's process binds it, and
    meanwhile every wrangler/workerd starting up binds ports of its own from
    that same range; a port outside it can only be taken by someone who
    names it, and this never hands out the same one twice."""
    rng = random.Random()
    for _ in range(1000):
        port = rng.choice(PORTS)
        if port in _handed_out:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError(f"no free port in {PORTS}")


def wait_http(url: str, timeout: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered")
        try:
            r = httpx.get(url, timeout=1.0)
            if r.status_code < 500:
                return
        except httpx.HTTPError as e:
            last = e
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up: {last}")


def wait_port(port: int, timeout: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before port {port} opened")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"port {port} did not open")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Provider:
    """tests/upstream/model_provider.py, running: its base URL and the
    requests it has had (all, or those to one path)."""

    def __init__(self, url: str, log: Path, proc: subprocess.Popen):
        self.url, self.log, self.proc = url, log, proc

    def requests(self, path: str | None = None) -> list[dict]:
        if not self.log.exists():
            return []
        rows = [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]
        return [r for r in rows if path is None or r["path"] == path]


def start_model_provider(directory: Path, key: str) -> Provider:
    """A model provider that takes `key`, logging into `directory`."""
    port = free_port()
    log = directory / f"provider-requests-{port}.jsonl"
    proc = subprocess.Popen([str(PY2), str(ROOT / "tests" / "upstream" / "model_provider.py"), str(port), str(log),
                             key])
    wait_port(port, proc=proc)
    return Provider(f"http://127.0.0.1:{port}/v1", log, proc)


class CallLog:
    """The upstream fixture servers' record of every call that reached them."""

    def __init__(self, path: Path):
        self.path = path
        path.write_text("")

    def calls(self) -> list[dict]:
        return [json.loads(line) for line in self.path.read_text().splitlines() if line.strip()]

    def contains(self, marker: str) -> bool:
        return marker in self.path.read_text()


class Upstream:
    def __init__(self, url: str, proc: subprocess.Popen):
        self.url = url
        self.proc = proc


def start_fixture_upstream(log: CallLog, *extra: str, port: int | None = None) -> Upstream:
    port = port or free_port()
    env = {**os.environ, "FIXTURE_CALL_LOG": str(log.path)}
    proc = subprocess.Popen(
        [str(PY1), str(ROOT / "tests" / "upstream" / "fixture_server.py"), str(port), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_port(port, proc=proc)
    return Upstream(f"http://127.0.0.1:{port}/mcp", proc)


@pytest.fixture(scope="session")
def call_log(tmp_path_factory) -> CallLog:
    return CallLog(tmp_path_factory.mktemp("upstream") / "calls.jsonl")


@pytest.fixture(scope="session")
def upstream_sse(call_log):
    up = start_fixture_upstream(call_log)
    yield up
    stop(up.proc)


@pytest.fixture(scope="session")
def upstream_json(call_log):
    up = start_fixture_upstream(call_log, "--json-response")
    yield up
    stop(up.proc)


@pytest.fixture(scope="session")
def docs_upstream(call_log):
    """An upstream with resources, a template, a prompt and completions (the
    Python SDK 2.x `MCPServer`); its reads go to the same call log."""
    port = free_port()
    proc = subprocess.Popen(
        [str(PY2), str(ROOT / "tests" / "upstream" / "docs_server.py"), str(port)],
        env={**os.environ, "FIXTURE_CALL_LOG": str(call_log.path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_port(port, proc=proc)
    yield Upstream(f"http://127.0.0.1:{port}/mcp", proc)
    stop(proc)


@pytest.fixture(scope="session")
def everything():
    port = free_port()
    proc = subprocess.Popen(
        ["node", str(NODE_MODULES / "@modelcontextprotocol" / "server-everything" / "dist" / "index.js"), "streamableHttp"],
        env={**os.environ, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_port(port, proc=proc)
    yield Upstream(f"http://127.0.0.1:{port}/mcp", proc)
    stop(proc)


class Preloop:
    """A running `preloop serve` and helpers to talk to it."""

    def __init__(self, store: str, url: str, proc: subprocess.Popen, key: str, log_path: Path):
        self.store = store
        self.url = url
        self.mcp_url = f"{url}/mcp/v1"
        self.proc = proc
        self.key = key
        self.log_path = log_path
        self.http = httpx.Client(base_url=url, timeout=30.0)
        self.servers: dict[str, str] = {}
        self.database_url: str | None = None
        self.data_dir: Path | None = None
        self.d1_dir: Path | None = None
        self.spin_state: Path | None = None
        self.workers: dict[str, "Worker"] = {}
        self.cron: "Cron | None" = None

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file behind this instance (the embedded store, or D1's
        local database under workerd)."""
        if self.data_dir is not None:
            return self.data_dir / "preloop.db"
        if self.spin_state is not None:
            return self.spin_state / "sqlite_db.db"
        found = [f for f in self.d1_dir.glob("*.sqlite") if f.name != "metadata.sqlite"]
        assert len(found) == 1, found
        return found[0]

    def log_tail(self, path: str, lines: int = 12) -> str:
        """The end of the log of what serves `path` (on Workers, the Worker
        its route names): what a failure there should be shown with."""
        log = self.log_path
        if self.workers:
            routes = [[pattern, function] for function, patterns in edge_routes().items()
                      if function in self.workers for pattern in patterns]
            function = route_proxy.route_for(route_proxy.most_specific_first(routes), path)
            if function is not None:
                log = self.workers[function].log
        try:
            text = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
        except OSError as e:
            return f"(no log at {log}: {e.strerror})"
        return f"{log}:\n" + "\n".join(text[-lines:])

    def sql(self, statement: str) -> None:
        """Runs SQL straight against this instance's store, behind its back."""
        if self.database_url:
            psql(self.database_url, statement)
        else:
            import sqlite3

            with sqlite3.connect(self.sqlite_path) as db:
                db.execute(statement)

    @property
    def edge(self) -> bool:
        """An edge build (the Workers, or the Spin application): no child
        processes, no SMTP, and no stream that outlives a request."""
        return self.store.startswith(("workerd", "spin"))

    def stop(self) -> None:
        if self.cron is not None:
            self.cron.stop()
        stop(self.proc)
        for worker in self.workers.values():
            worker.stop()

    def restart_worker(self, function: str) -> None:
        """Stops a function's Worker and starts it again: its isolate, and
        everything it held in memory, is gone."""
        self.workers[function].stop()
        self.workers[function] = self.workers[function].again()

    def headers(self, key: str | None = None) -> dict:
        return {"Authorization": f"Bearer {key or self.key}"}

    def api(self, method: str, path: str, key: str | None = None, headers: dict | None = None, **kw) -> httpx.Response:
        """One request. An answer that is an event stream (which never ends
        by itself) comes back with its status and headers only, unread."""
        with self.http.stream(method, path, headers={**self.headers(key), **(headers or {})}, **kw) as r:
            if not r.headers.get("content-type", "").startswith("text/event-stream"):
                r.read()
        return r

    def ok(self, method: str, path: str, **kw) -> dict:
        r = self.api(method, path, **kw)
        assert r.status_code < 300, f"{method} {path} -> {r.status_code} {r.text}"
        return r.json() if r.content else {}

    def add_server(self, name: str, url: str, **fields) -> dict:
        server = self.ok("POST", "/api/v1/mcp-servers", json={"name": name, "url": url, **fields})
        self.servers[name] = server["id"]
        return server

    def scan(self, name: str) -> dict:
        return self.ok("POST", f"/api/v1/mcp-servers/{self.servers[name]}/scan")

    def configure(self, tool: str, rules: list[dict], **fields) -> dict:
        return self.ok("POST", "/api/v1/tool-configurations", json={"tool_name": tool, "rules": rules, **fields})

    def reset_policy(self) -> None:
        for c in self.ok("GET", "/api/v1/tool-configurations")["tool_configurations"]:
            self.ok("DELETE", f"/api/v1/tool-configurations/{c['id']}")
        self.ok("PUT", "/api/v1/settings", json={"default_action": "deny", "hide_default_denied": False})
        for c in self.ok("GET", "/api/v1/notification-channels")["notification_channels"]:
            self.ok("DELETE", f"/api/v1/notification-channels/{c['id']}")

    def audit(self, **params) -> list[dict]:
        """The audit events, once the calls they record have settled: a
        call's record is completed just after its answer is sent (natively),
        so a read right after the answer may still find it `pending`."""
        deadline = time.time() + 5
        while True:
            events = self.ok("GET", "/api/v1/audit", params=params)["events"]
            if time.time() > deadline or not any(e["outcome"] == "pending" for e in events):
                return events
            time.sleep(0.02)

    def rpc(self, body, headers: dict | None = None, key: str | None = None, raw: bytes | None = None) -> httpx.Response:
        h = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream", **self.headers(key)}
        if headers:
            h.update(headers)
        h = {k: v for k, v in h.items() if v is not None}
        content = raw if raw is not None else json.dumps(body).encode()
        return self.http.post("/mcp/v1", content=content, headers=h)

    def session(self, key: str | None = None, version: str = "2025-06-18") -> str:
        r = self.rpc(
            {"jsonrpc": "2.0", "id": 0, "method": "initialize",
             "params": {"protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}},
            key=key,
        )
        assert r.status_code == 200, r.text
        sid = r.headers["mcp-session-id"]
        self.rpc({"jsonrpc": "2.0", "method": "notifications/initialized"}, headers={"Mcp-Session-Id": sid}, key=key)
        return sid


def message(r: httpx.Response) -> dict:
    """The JSON-RPC message of an MCP answer, whether sent as JSON or as SSE."""
    if r.headers.get("content-type", "").startswith("text/event-stream"):
        data = [line[6:] for line in r.text.splitlines() if line.startswith("data: ")]
        return json.loads(data[-1])
    return r.json()


def start_preloop(store: str, tmp: Path, extra_env: dict | None = None, preexec=None) -> Preloop:
    port = free_port()
    env = {
        **os.environ,
        "PRELOOP_LISTEN": f"127.0.0.1:{port}",
        "PRELOOP_DATA_DIR": str(tmp / "data"),
        "PRELOOP_ADMIN_KEY": ADMIN_KEY,
        "PRELOOP_MAX_BODY_BYTES": str(MAX_BODY),
        "PRELOOP_LOG": "warn,preloop::stdio=info",  # stdio servers' stderr, which tests read
        # Fast scheduled work and retries, so tests of time need no sleeps.
        "PRELOOP_SCHEDULER_INTERVAL_MS": "100",
        "PRELOOP_NOTIFY_RETRY_BASE_MS": "200",
        "PRELOOP_APPROVAL_HOLD_MS": "20000",
        "PRELOOP_AUDIT_CHECKPOINT_MS": "200",
        # No periodic rescans behind the tests' backs (the test of that
        # check turns it on for an instance of its own).
        "PRELOOP_TOOL_CHECK_MS": "0",
    }
    env.pop("DATABASE_URL", None)
    # An instance restarted on another's store passes its DATABASE_URL.
    if store == "postgres" and "DATABASE_URL" not in (extra_env or {}):
        env["DATABASE_URL"] = create_database()
    env.update(extra_env or {})
    # An instance that must know its own address first sets PRELOOP_LISTEN.
    port = int(env["PRELOOP_LISTEN"].rsplit(":", 1)[1])
    log_path = tmp / "preloop.log"
    proc = subprocess.Popen([str(PRELOOP_BIN), "serve"], env=env, stdout=open(log_path, "w"), stderr=subprocess.STDOUT,
                            preexec_fn=preexec)
    url = f"http://127.0.0.1:{port}"
    wait_http(f"{url}/healthz", proc=proc)
    p = Preloop(store, url, proc, env.get("PRELOOP_ADMIN_KEY", ""), log_path)
    p.database_url = env.get("DATABASE_URL")
    p.data_dir = Path(env["PRELOOP_DATA_DIR"])
    return p


WRANGLER = ROOT / "scripts" / "edge" / "node_modules" / ".bin" / "wrangler"
WORKER_SECRET_KEY = "5" * 64
# What wrangler prints when its workerd exits before listening.
RUNTIME_FAILED = b"The Workers runtime failed to start"
# The keys Workers sign and verify access tokens with (a secret there).
WORKER_JWT_KEYS = "edge-1:" + "5a" * 32

EDGE_FUNCTIONS = ["api", "mcp-proxy", "policy-check", "audit", "policies", "auth", "gateway", "console", "trackers",
                  "webhook-ingest"]


def edge_routes() -> dict[str, list[str]]:
    """Each function's route paths, as wrangler.toml declares them."""
    config = tomllib.loads((ROOT / "wrangler.toml").read_text())
    routes = {}
    for function, env in config["env"].items():
        routes[function] = ["/" + r["pattern"].split("/", 1)[1] for r in env.get("routes", [])]
    return routes


# Workers that run in the same `wrangler dev` process as a function, behind
# it: local Queues deliver only within one process, so the scheduler (the
# queue's consumer) runs beside each Worker that sends it wake-ups.
# The proxy's service bindings (argument checks, built-in issue tools) are
# served beside it too, and the tracker sync (the preloop-sync queue's
# consumer) beside the webhook ingest that wakes it.
AUXILIARY = {"mcp-proxy": ["scheduler", "argument-check", "trackers"], "api": ["scheduler"], "gateway": ["scheduler"],
             "webhook-ingest": ["scheduled-sync"]}


def flat_config(function: str, variables: dict, out: Path) -> Path:
    """What `wrangler.toml --env <function>` resolves to, as its own config
    file (one `wrangler dev` can serve several configs, but only one --env),
    with the test's settings as vars."""
    config = tomllib.loads((ROOT / "wrangler.toml").read_text())
    env = config["env"][function]
    # Served unbundled: the modules wasm-bindgen wrote, as they are (a
    # deployment's bundle is those modules concatenated). Bundling, wrangler
    # dev keeps an esbuild watching each Worker's files, by polling (each
    # about 1.5% of a core; a CI run had 45 at once, a third of its two).
    flat = {"name": env["name"], "main": str(ROOT / env["main"]), "compatibility_date": config["compatibility_date"],
            "no_bundle": True, "rules": [{"type": "ESModule", "globs": ["**/*.js", "**/*.mjs"]}],
            "vars": {**env.get("vars", {}), **variables}}
    for key in ("d1_databases", "queues", "triggers", "services"):
        if key in env:
            flat[key] = env[key]
    for db in flat.get("d1_databases", []):
        db["migrations_dir"] = str(ROOT / db["migrations_dir"])
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{function}.json"
    path.write_text(json.dumps(flat, indent=2))
    return path


class Worker:
    """One function served by `wrangler dev` (real workerd), local mode, with
    its auxiliary Workers in the same process. Starting one does not wait
    for it: see `ready`."""

    def __init__(self, function: str, state: Path, variables: dict, log: Path, port: int | None = None):
        self.function, self.state, self.variables, self.log = function, state, variables, log
        self.port = port or free_port()
        # A folder of its own: wrangler reloads when a config it was given
        # is written, and starting this one again writes its auxiliaries'
        # configs (the scheduler's is also the api's and the gateway's). A
        # reload restarts workerd on the shared state, where it can die
        # (see `ready_all`) with requests held forever.
        configs = log.parent / "wrangler-configs" / function
        cmd = [str(WRANGLER), "dev"]
        for f in [function, *AUXILIARY.get(function, [])]:
            cmd += ["-c", str(flat_config(f, variables, configs))]
        cmd += ["--local", "--ip", "127.0.0.1", "--port", str(self.port), "--inspector-port", str(free_port()),
                "--persist-to", str(state), "--show-interactive-dev-session=false", "--log-level", "warn"]
        # The dev registry, where each `wrangler dev` on the machine says
        # which Workers it serves, is the deployment's own: every
        # deployment's Workers have the same names, and the suite runs
        # several deployments at once.
        env = {**os.environ, "WRANGLER_SEND_METRICS": "false", "CLOUDFLARE_CF_FETCH_ENABLED": "false",
               "WRANGLER_LOG_PATH": str(log.parent / "wrangler-logs"),
               "WRANGLER_REGISTRY_PATH": str(log.parent / "wrangler-registry")}
        # The log is appended to across restarts: only what this start wrote counts.
        self.log_from = log.stat().st_size if log.exists() else 0
        # A group of its own, so that stopping it stops its workerd too.
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=open(log, "a"), stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def runtime_failed(self) -> bool:
        with open(self.log, "rb") as f:
            f.seek(self.log_from)
            return RUNTIME_FAILED in f.read()

    def ready(self, timeout: float = 60.0) -> bool:
        """True once the Worker answers a request (any answer), False if its
        runtime failed to start. An open port is not enough: wrangler's port
        opens before workerd is up (requests wait for it), and a wrangler
        whose workerd failed holds them forever, or exits."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.runtime_failed():
                return False
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.function}: wrangler exited with {self.proc.returncode}; see {self.log}")
            try:
                # A first answer can take seconds under load (instantiating
                # the module, preparing the store); a runtime that died
                # holds the request forever, so the log is read again.
                httpx.get(f"http://127.0.0.1:{self.port}/", timeout=httpx.Timeout(3.0, connect=1.0))
                return True
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.function} did not answer on port {self.port} within {timeout} s; see {self.log}")

    def stop(self) -> None:
        """wrangler stops its workerd when it exits in time; under load it
        may not, and is killed, and a workerd left behind keeps a core busy
        for the rest of the run. So the whole group goes."""
        stop(self.proc)
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def again(self, attempts: int = 3) -> "Worker":
        """The same Worker started again, on the same port and state, once
        it answers."""
        for _ in range(attempts):
            worker = Worker(self.function, self.state, self.variables, self.log, self.port)
            if worker.ready():
                return worker
            worker.stop()
        raise RuntimeError(f"{self.function}: the Workers runtime failed to start {attempts} times; see {self.log}")


def ready_all(workers: dict[str, Worker]) -> None:
    """Waits for Workers started at once, and starts again, one at a time,
    any whose runtime failed to start. A deployment's Workers share one
    persisted state (D1 and the rest, as on Cloudflare), and a workerd that
    opens it while another is writing to it, or opening it, can die at
    start-up ("SQLite failed; database is locked: SQLITE_BUSY"). So the
    Workers are asked one after another (each one's first request prepares
    the store), and restarted only once the others are all up."""
    failed = [function for function, worker in workers.items() if not worker.ready()]
    for function in failed:
        workers[function].stop()
        workers[function] = workers[function].again()


def edge_settings() -> dict:
    """The settings every edge instance (Workers, Spin) starts with."""
    return {
        "PRELOOP_SECRET_KEY": WORKER_SECRET_KEY,
        "PRELOOP_ADMIN_KEY": ADMIN_KEY,
        "PRELOOP_JWT_KEYS": WORKER_JWT_KEYS,
        "PRELOOP_MAX_BODY_BYTES": str(MAX_BODY),
        "PRELOOP_APPROVAL_HOLD_MS": "20000",
    }


def start_workerd(store: str, tmp: Path, extra_vars: dict | None = None,
                  functions: list[str] | None = None, wait: bool = True) -> Preloop:
    """The functions as Workers under `wrangler dev`, behind a proxy that
    routes paths to them the way wrangler.toml's routes do on a zone."""
    tmp.mkdir(parents=True, exist_ok=True)
    variables = edge_settings()
    variables.update(extra_vars or {})
    database_url = variables.get("DATABASE_URL")
    if store == "workerd-postgres" and database_url is None:
        database_url = variables["DATABASE_URL"] = create_database()
    state = tmp / "state"
    workers = {}
    routes = []
    all_routes = edge_routes()
    # The proxy is the deployment's hostname: links in notifications point at
    # it, so it binds first and says which port it got.
    routes_file = tmp / "routes.json"
    proxy = subprocess.Popen([sys.executable, str(ROOT / "tests" / "edge" / "route_proxy.py"), str(routes_file)],
                             stdout=subprocess.PIPE, text=True)
    front = int(proxy.stdout.readline())
    variables.setdefault("PRELOOP_PUBLIC_URL", f"http://127.0.0.1:{front}")
    try:
        # All at once: each wrangler spends most of its start-up waiting on
        # its workerd, and a deployment has ten of them.
        for function in functions or EDGE_FUNCTIONS:
            workers[function] = Worker(function, state, variables, tmp / f"{function}.log")
        ready_all(workers)
        for function, worker in workers.items():
            routes += [[pattern, worker.port] for pattern in all_routes[function]]
    except Exception:
        for w in workers.values():
            w.stop()
        stop(proxy)
        raise
    staged = routes_file.with_suffix(".staged")
    staged.write_text(json.dumps(routes))
    staged.replace(routes_file)
    url = f"http://127.0.0.1:{front}"
    p = Preloop(store, url, proxy, ADMIN_KEY, tmp / "mcp-proxy.log")
    p.workers = workers
    p.database_url = database_url
    p.d1_dir = state / "v3" / "d1" / "miniflare-D1DatabaseObject"
    if wait:
        try:
            wait_http(f"{url}/healthz", timeout=60, proc=proxy)
        except Exception:
            p.stop()
            raise
    else:
        wait_port(front, proc=proxy)
    return p


class Cron(threading.Thread):
    """What a Spin deployment's cron does (Spin has no timer of its own):
    POSTs each scheduled route with the admin key, every `interval` s."""

    def __init__(self, url: str, key: str, routes: list[tuple[str, float]]):
        super().__init__(daemon=True)
        self.url, self.key, self.routes = url, key, routes
        self.stopped = threading.Event()

    def run(self) -> None:
        due = {path: 0.0 for path, _ in self.routes}
        with httpx.Client(base_url=self.url, timeout=30.0) as http:
            while not self.stopped.is_set():
                now = time.monotonic()
                for path, interval in self.routes:
                    if now >= due[path]:
                        due[path] = now + interval
                        try:
                            http.post(path, headers={"Authorization": f"Bearer {self.key}"})
                        except httpx.HTTPError:
                            pass  # the next tick tries again, as a cron would
                self.stopped.wait(0.05)

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=35)


def start_spin(store: str, tmp: Path, extra_vars: dict | None = None, wait: bool = True, cron: bool = True,
               functions: list[str] | None = None) -> Preloop:
    """spin.toml in the Spin test host: every function as a component (or
    only `functions`, and the scheduler), on the host's SQLite (`default`)
    or on Postgres (`database_url`). Settings are Spin variables, given as
    Spin's environment provider reads them (SPIN_VARIABLE_<NAME>); the
    scheduled routes are driven by a cron."""
    tmp.mkdir(parents=True, exist_ok=True)
    port = free_port()
    variables = {
        **edge_settings(),
        "PRELOOP_NOTIFY_RETRY_BASE_MS": "200",
        "PRELOOP_AUDIT_CHECKPOINT_MS": "200",
        "PRELOOP_TOOL_CHECK_MS": "0",
        "PRELOOP_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    variables.update(extra_vars or {})
    if store == "spin-postgres" and "DATABASE_URL" not in variables:
        variables["DATABASE_URL"] = create_database()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPIN_VARIABLE_")}
    env.update({f"SPIN_VARIABLE_{name.upper()}": value for name, value in variables.items()})
    state = tmp / "state"
    log_path = tmp / "spin-host.log"
    # The Workers' auxiliaries too (the tracker sync beside the webhook
    # ingest), and the scheduler, which the cron drives in every deployment.
    components = None if functions is None else \
        {*functions, *(a for f in functions for a in AUXILIARY.get(f, [])), "scheduler"}
    cmd = [str(SPIN_HOST), str(spin_manifest(tmp, components)), "--listen", f"127.0.0.1:{port}", "--state-dir", str(state),
           "--cache-dir", str(ROOT / "target" / "spin-host-cache")]
    proc = subprocess.Popen(cmd, env=env, stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    p = Preloop(store, url, proc, ADMIN_KEY, log_path)
    p.database_url = variables.get("DATABASE_URL")
    p.spin_state = state
    # Compiling the components the first time (wasmtime caches them) takes
    # a while.
    if wait:
        try:
            wait_http(f"{url}/healthz", timeout=600, proc=proc)
        except Exception:
            stop(proc)
            raise
    if cron:
        scheduled = [("/internal/scheduler/run", 0.25)]
        if components is None or "scheduled-sync" in components:
            scheduled.append(("/internal/sync/run", 1.0))
        p.cron = Cron(url, ADMIN_KEY, scheduled)
        p.cron.start()
    return p


def start_instance(store: str, tmp: Path, settings: dict | None = None,
                   functions: list[str] | None = None) -> Preloop:
    """An instance on `store` with extra settings (by their environment
    names): `preloop serve`, the Workers, or the Spin application (at the
    edge, only `functions`, if named)."""
    if store.startswith("workerd"):
        return start_workerd(store, tmp, settings, functions=functions)
    if store.startswith("spin"):
        return start_spin(store, tmp, settings, functions=functions)
    return start_preloop(store, tmp, settings)


def start(store: str, tmp: Path) -> Preloop:
    if store.startswith("workerd"):
        return start_workerd(store, tmp)
    if store.startswith("spin"):
        return start_spin(store, tmp)
    return start_preloop(store, tmp)


def create_database() -> str:
    base = os.environ.get("PRELOOP_TEST_DATABASE_URL")
    if not base:
        pytest.fail("PRELOOP_TEST_DATABASE_URL is not set: run the README's test command")
    name = f"preloop_accept_{uuid.uuid4().hex[:12]}"
    subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {name}"], check=True)
    CREATED_DATABASES.append(name)
    return base.rsplit("/", 1)[0] + "/" + name


# Every database a run creates is dropped when the run ends: a few hundred
# runs' leftovers once filled the machine's disk.
CREATED_DATABASES: list[str] = []


def pytest_sessionfinish(session, exitstatus):
    base = os.environ.get("PRELOOP_TEST_DATABASE_URL")
    if not base:
        return
    for name in CREATED_DATABASES:
        subprocess.run(["psql", base, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                       check=False, capture_output=True)
    CREATED_DATABASES.clear()


def psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-qc", sql], check=True)


def psql_value(url: str, query: str) -> str:
    """The one value `query` selects, as psql prints it unaligned."""
    return subprocess.run(["psql", url, "-tAc", query], capture_output=True, text=True, check=True).stdout.strip()


ALL_STORES = ["sqlite", "postgres", "workerd-postgres", "workerd-d1", "spin-sqlite", "spin-postgres"]
# The stores this run covers (PRELOOP_ACCEPTANCE_STORES, comma-separated;
# all by default).
STORES = [s for s in (os.environ.get("PRELOOP_ACCEPTANCE_STORES") or ",".join(ALL_STORES)).split(",") if s]
assert set(STORES) <= set(ALL_STORES), f"unknown stores in PRELOOP_ACCEPTANCE_STORES: {STORES}"


def store_of(item) -> str | None:
    """The store a test runs against, if any of its parameters names one."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    return next((v for v in params.values() if isinstance(v, str) and v in ALL_STORES), None)


def pytest_collection_modifyitems(config, items):
    """Modules marked `native_only` run on the native host's stores only,
    those marked `edge_only` on the Workers only, and those marked
    `not_on_workers` everywhere but the Workers. A test of a store this
    run does not cover is left out; one of no store runs in the first
    shard only."""
    kept, dropped = [], []
    for item in items:
        store = store_of(item) or ""
        if (store and store not in STORES) or (not store and _SHARD != 0):
            dropped.append(item)
        elif store.startswith(("workerd", "spin")) and item.get_closest_marker("native_only"):
            dropped.append(item)
        elif store in ("sqlite", "postgres") and item.get_closest_marker("edge_only"):
            dropped.append(item)
        elif store.startswith("spin") and item.get_closest_marker("edge_only"):
            dropped.append(item)
        elif store.startswith("workerd") and item.get_closest_marker("not_on_workers"):
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_configure(config):
    config.addinivalue_line("markers", "native_only: not run against the Workers build")
    config.addinivalue_line("markers", "edge_only: run against the Workers build only")
    config.addinivalue_line("markers", "not_on_workers(reason): not run against the Workers (the reason says why)")


@pytest.fixture(scope="session", params=STORES)
def preloop(request, tmp_path_factory, upstream_sse, upstream_json, everything):
    p = start(request.param, tmp_path_factory.mktemp(f"preloop-{request.param}"))
    p.add_server("fx", upstream_sse.url, auth_header="Bearer upstream-secret-value")
    p.add_server("fxjson", upstream_json.url)
    p.add_server("everything", everything.url)
    for name in ("fx", "fxjson", "everything"):
        p.scan(name)
    yield p
    p.stop()


@pytest.fixture
def pl(preloop):
    """The running Preloop with a clean policy: no tool configurations, default
    deny, no notification channels."""
    preloop.reset_policy()
    return preloop


def run_client(kind: str, url: str, key: str, ops: list[dict], mode: str = "auto", **plan_extra) -> dict:
    plan = json.dumps({"url": url, "key": key, "ops": ops, "mode": mode, **plan_extra})
    if kind == "py1":
        cmd = [str(PY1), str(CLIENTS / "py_client.py")]
    elif kind == "py2":
        cmd = [str(PY2), str(CLIENTS / "py_client.py")]
    elif kind == "ts":
        cmd = ["node", str(CLIENTS / "ts_client.mjs")]
    else:
        raise ValueError(kind)
    done = subprocess.run(cmd, input=plan, capture_output=True, text=True, timeout=120, cwd=ROOT / "tests")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert "fatal" not in out, out
    return out


def start_client(kind: str, url: str, key: str, ops: list[dict], mode: str = "auto") -> subprocess.Popen:
    """Starts a client process without waiting for it (its call may be held
    open); `finish_client` collects its outcome."""
    assert kind in ("py1", "py2")
    proc = subprocess.Popen([str(PY1 if kind == "py1" else PY2), str(CLIENTS / "py_client.py")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT / "tests")
    proc.stdin.write(json.dumps({"url": url, "key": key, "ops": ops, "mode": mode}))
    proc.stdin.close()
    proc.stdin = None  # so that communicate() does not flush it again
    return proc


def finish_client(proc: subprocess.Popen, timeout: float = 60) -> dict:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err
    result = json.loads(out)
    assert "fatal" not in result, result
    return result


class Sink:
    """A notification receiver process and the JSON lines it recorded."""

    def __init__(self, url: str, log: Path, proc: subprocess.Popen):
        self.url, self.log, self.proc = url, log, proc

    def records(self) -> list[dict]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]

    def wait_for(self, predicate, count: int = 1, timeout: float = 20.0) -> list[dict]:
        deadline = time.time() + timeout
        while True:
            found = [r for r in self.records() if predicate(r)]
            if len(found) >= count:
                return found
            if time.time() > deadline:
                raise AssertionError(f"expected {count} matching records, got {found}")
            time.sleep(0.1)


SINK_SECRET = "sink-signing-secret-0123456789"


@pytest.fixture(scope="session")
def http_sink(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("http-sink") / "requests.jsonl"
    proc = subprocess.Popen([str(PY2), str(ROOT / "tests" / "sinks" / "http_sink.py"), str(port), str(log), SINK_SECRET])
    wait_port(port, proc=proc)
    yield Sink(f"http://127.0.0.1:{port}", log, proc)
    stop(proc)


@pytest.fixture(scope="session")
def smtp_sink(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("smtp-sink") / "mail.jsonl"
    proc = subprocess.Popen([str(PY2), str(ROOT / "tests" / "sinks" / "smtp_sink.py"), str(port), str(log)])
    wait_port(port, proc=proc)
    sink = Sink(f"127.0.0.1:{port}", log, proc)
    sink.port = port
    yield sink
    stop(proc)


CLIENT_KINDS = ["py1", "py2", "ts"]


def marker() -> str:
    return f"m-{uuid.uuid4().hex[:10]}"
