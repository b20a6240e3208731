"""The console in a real browser: headless Chromium (Debian's), driven by
Playwright, against the real server natively (SQLite) and in workerd
(Postgres). A person signs in,
watches a held MCP call arrive live, approves it, and the real MCP client
gets the upstream's answer; every page passes axe-core at a phone's and a
desktop's size, and a screenshot of each is written for people to look at
(build/console-screenshots/<store>/)."""

import re
import threading
import time

import pytest
from conftest import ROOT, marker, run_client
from test_sign_in import PASSWORD, register
from test_sso import Account, browse, exchange, idp, sso_code, start_url  # noqa: F401 (idp is a fixture)

AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"phone": (390, 844), "desktop": (1440, 900)}
SCREENSHOTS = ROOT / "build" / "console-screenshots"


# A browser is slow to drive: the pages run against one native store and
# one edge store (one in each of the suite's two shards), while
# test_console.py holds every store's server side to the same behaviour.
BROWSER_STORES = {"sqlite", "workerd-postgres"}


@pytest.fixture(autouse=True)
def one_native_and_one_edge_store(pl):
    if pl.store not in BROWSER_STORES:
        pytest.skip("the console's pages are driven against sqlite and workerd-postgres")


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield browser
        browser.close()


class Console:
    """One person's console: a browser context of its own (its own storage)."""

    def __init__(self, chromium, pl):
        self.pl = pl
        # The page's policy allows no script but its own; axe is injected.
        self.context = chromium.new_context(base_url=pl.url, bypass_csp=True,
                                            viewport={"width": 1440, "height": 900})
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def go(self, route: str):
        self.page.goto(f"/#/{route}")

    def sign_in(self, email: str, password: str):
        self.page.goto("/")
        form = self.page.get_by_test_id("sign-in-form")
        form.get_by_label("Email").fill(email)
        form.get_by_label("Password", exact=True).fill(password)
        form.get_by_role("button", name="Sign in").click()
        self.page.get_by_test_id("user-menu").wait_for()

    def check(self, name: str):
        """axe-core at both sizes (no serious or critical violation), and a
        screenshot at each."""
        folder = SCREENSHOTS / self.pl.store
        folder.mkdir(parents=True, exist_ok=True)
        problems = []
        for size, (w, h) in SIZES.items():
            self.page.set_viewport_size({"width": w, "height": h})
            self.page.wait_for_timeout(150)
            self.page.screenshot(path=str(folder / f"{name}-{size}.png"), full_page=True)
            if not self.page.evaluate("() => typeof axe !== 'undefined'"):
                self.page.add_script_tag(path=str(AXE))
            result = self.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            for v in result["violations"]:
                if v["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in v["nodes"]][:3]
                    problems.append(f"{name}@{size}: {v['id']} ({v['impact']}): {v['help']} {targets}")
            # Nothing wider than the screen at a phone's size.
            if size == "phone":
                wide = self.page.evaluate("() => document.documentElement.scrollWidth")
                if wide > w + 1:
                    problems.append(f"{name}@{size}: the page scrolls sideways ({wide} px)")
        self.page.set_viewport_size({"width": 1440, "height": 900})
        assert problems == [], "\n".join(problems)

    def close(self):
        self.context.close()


def test_an_approver_sees_a_held_call_live_and_approves_it(pl, upstream_sse, call_log, chromium):
    email, reg = register(pl)
    owner = reg["access_token"]
    server = pl.ok("POST", "/api/v1/mcp-servers", key=owner, json={"name": "fx", "url": upstream_sse.url})
    pl.ok("POST", f"/api/v1/mcp-servers/{server['id']}/scan", key=owner)
    wf = pl.ok("POST", "/api/v1/approval-policies", key=owner, json={"name": "on-call", "async_approval": False})
    pl.ok("POST", "/api/v1/tool-configurations", key=owner,
          json={"tool_name": "fx__deploy", "rules": [{"action": "require_approval", "approval_policy_id": wf["id"]}]})
    agent = pl.ok("POST", "/api/v1/api-keys", key=owner, json={"name": "bot", "role": "agent"})["key"]

    console = Console(chromium, pl)
    try:
        # A wrong password: the page says what the API says.
        said = pl.http.post("/api/v1/auth/token", json={"email": email, "password": "not the password"}).json()["error"]["message"]
        console.page.goto("/")
        form = console.page.get_by_test_id("sign-in-form")
        form.get_by_label("Email").fill(email)
        form.get_by_label("Password", exact=True).fill("not the password, again")
        form.get_by_role("button", name="Sign in").click()
        console.page.get_by_test_id("error").filter(has_text=said).wait_for()
        console.check("sign-in")
        console.sign_in(email, PASSWORD)
        console.check("overview")
        console.go("approvals")
        console.page.get_by_test_id("live-status").and_(console.page.locator("[data-status=live]")).wait_for()
        console.check("approvals-empty")

        m = marker()
        answer = {}

        def held_call():
            answer["out"] = run_client("py1", pl.mcp_url, agent, [
                {"op": "call", "name": "fx__deploy", "arguments": {"environment": "prod", "service": m}}])

        client = threading.Thread(target=held_call)
        client.start()
        row = console.page.get_by_test_id("approval-row")
        row.first.wait_for(timeout=15_000)
        console.check("approvals-queue")
        row.first.click()
        console.page.get_by_test_id("approve").wait_for()
        assert m in console.page.locator("main").inner_text(), "the request's arguments are shown"
        console.check("approval-request")
        console.page.get_by_test_id("comment").locator("textarea").fill("ship it")
        console.page.get_by_test_id("approve").click()
        console.page.locator("[data-testid=approval-status][data-status=approved]").wait_for()
        client.join(timeout=30)
        result = answer["out"]["results"][0]
        assert not result["isError"] and result["text"] == f"deployed {m} to prod", result
        assert [c for c in call_log.calls() if c["arguments"].get("service") == m], "the upstream ran it"

        console.go("audit")
        console.page.get_by_test_id("audit-row").first.wait_for()
        console.check("audit")
        assert console.errors == [], console.errors
    finally:
        console.close()


def person(pl, owner_token: str, role: str) -> tuple[str, str]:
    """A person of the owner's account with a password: invited, and the
    invitation accepted. Their email and password."""
    email = f"{marker()}@example.com"
    inv = pl.ok("POST", "/api/v1/invitations", key=owner_token, json={"email": email, "role": role})
    token = inv["invitation_url"].split("token=", 1)[1]
    r = pl.http.post("/api/v1/auth/invitations/accept", json={"token": token, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return email, PASSWORD


def call_deploy(pl, key: str, environment: str, m: str) -> dict:
    out = run_client("py1", pl.mcp_url, key, [
        {"op": "call", "name": "fx__deploy", "arguments": {"environment": environment, "service": m}}])
    return out["results"][0]


def test_an_admin_adds_a_server_writes_rules_and_reorders_them_and_the_client_follows(pl, upstream_sse, chromium):
    email, reg = register(pl)
    owner = reg["access_token"]
    agent = pl.ok("POST", "/api/v1/api-keys", key=owner, json={"name": "bot", "role": "agent"})["key"]
    console = Console(chromium, pl)
    page = console.page
    try:
        console.sign_in(email, PASSWORD)
        # An upstream, added and scanned in the console.
        console.go("servers")
        page.get_by_test_id("add-server").click()
        page.get_by_test_id("server-name").fill("fx")
        page.get_by_test_id("server-url").fill(upstream_sse.url)
        page.get_by_test_id("server-auth").fill("Bearer upstream-secret-value")
        page.get_by_test_id("save-server").click()
        row = page.locator("[data-testid=server-row][data-server=fx]")
        row.wait_for()
        row.get_by_test_id("scan-server").click()
        page.wait_for_function(
            "() => Number(document.querySelector('[data-testid=server-row][data-server=fx] [data-testid=server-tool-count]')?.textContent) > 0",
            timeout=15_000)
        assert "upstream-secret-value" not in page.content(), "a server's auth header is never shown"
        console.check("servers")

        # Two rules for fx__deploy: deny production, then allow.
        console.go("tools/fx__deploy")
        for action, condition in [("deny", "args.environment == 'production'"), ("allow", None)]:
            page.get_by_test_id("add-rule").click()
            dialog = page.locator("sl-dialog[open]")
            dialog.get_by_test_id("rule-action").select_option(action)
            if condition:
                dialog.get_by_test_id("condition-input").fill(condition)
                dialog.locator("[data-testid=condition-status][data-state=valid]").wait_for()
            dialog.get_by_test_id("save-rule").click()
            dialog.wait_for(state="detached")
        rows = page.get_by_test_id("rule-row")
        rows.nth(1).wait_for()
        console.check("tool-rules")
        m = marker()
        assert call_deploy(pl, agent, "production", m)["isError"], "the deny rule comes first"

        # The allow rule dragged above the deny rule: the client follows.
        allow_id = rows.nth(1).get_attribute("data-rule-id")
        rows.nth(1).get_by_test_id("rule-handle").drag_to(rows.nth(0))
        page.locator(f"[data-testid=rule-row][data-rule-id='{allow_id}']").first.wait_for()
        deadline = time.time() + 10
        while pl.ok("GET", "/api/v1/tool-configurations", key=owner)["tool_configurations"][0]["rules"][0]["id"] != allow_id:
            assert time.time() < deadline, "the new order was not saved"
            time.sleep(0.2)
        result = call_deploy(pl, agent, "production", m)
        assert not result["isError"] and result["text"] == f"deployed {m} to production", result

        # And back with the keyboard alone: the handle focused, Alt+↓.
        def first_rule():
            return pl.ok("GET", "/api/v1/tool-configurations", key=owner)["tool_configurations"][0]["rules"][0]["id"]
        page.locator(f"[data-testid=rule-row][data-rule-id='{allow_id}'] [data-testid=rule-handle]").focus()
        page.keyboard.press("Alt+ArrowDown")
        page.get_by_test_id("reorder-status").filter(has_text=re.compile(r"\w")).wait_for(state="attached")
        deadline = time.time() + 10
        while first_rule() == allow_id:
            assert time.time() < deadline, "the keyboard's order was not saved"
            time.sleep(0.2)
        assert call_deploy(pl, agent, "production", marker())["isError"], "the deny rule is first again"
        page.locator(f"[data-testid=rule-row][data-rule-id='{allow_id}'] [data-testid=rule-handle]").focus()
        page.keyboard.press("Alt+ArrowUp")
        deadline = time.time() + 10
        while first_rule() != allow_id:
            assert time.time() < deadline, "the keyboard's order was not saved"
            time.sleep(0.2)

        # The CEL editor says where a condition is wrong as it is typed.
        page.get_by_test_id("add-rule").click()
        dialog = page.locator("sl-dialog[open]")
        dialog.get_by_test_id("condition-input").fill("args.environment ==")
        status = dialog.locator("[data-testid=condition-status][data-state=invalid]")
        status.wait_for()
        assert "line 1" in status.inner_text()
        page.keyboard.press("Escape")

        # Try it: the decision and its trace for sample arguments.
        page.get_by_test_id("try-arguments").fill('{"environment": "production", "service": "x"}')
        page.get_by_test_id("try-run").click()
        page.locator("[data-testid=try-result][data-decision=allow]").wait_for()
        console.check("tool-try-it")

        # The deny rule deleted: asked first, then gone, and focus stays on
        # the page (its Delete button went with it).
        deny = page.locator(f"[data-testid=rule-row]:not([data-rule-id='{allow_id}'])")
        deny.get_by_test_id("delete-rule").click()
        page.locator("sl-dialog[open]").get_by_role("button", name="Delete").click()
        deny.wait_for(state="detached")
        assert [r["id"] for r in pl.ok("GET", "/api/v1/tool-configurations", key=owner)["tool_configurations"][0]["rules"]] == [allow_id]
        page.wait_for_function("() => document.activeElement && document.activeElement.id === 'rules-heading'")

        # The audit shows the allowed call and why its rule won.
        console.go("audit")
        page.get_by_test_id("audit-row").filter(has_text="fx__deploy").first.click()
        page.get_by_text(allow_id).first.wait_for()
        console.check("audit-trace")
        assert console.errors == [], console.errors
    finally:
        console.close()


def test_a_channel_is_tried_from_the_console_and_settings_say_who_may_register(pl, http_sink, chromium):
    from conftest import SINK_SECRET

    email, reg = register(pl)
    owner = reg["access_token"]
    hook = f"/console/{marker()}"
    pl.ok("POST", "/api/v1/notification-channels", key=owner, json={
        "kind": "webhook", "name": "ops-hook", "config": {"url": f"{http_sink.url}{hook}", "secret": SINK_SECRET}})
    console = Console(chromium, pl)
    page = console.page
    try:
        console.sign_in(email, PASSWORD)
        console.go("people?tab=channels")
        page.get_by_test_id("test-channel").click()
        page.get_by_text("Test sent to ops-hook").wait_for()
        assert http_sink.wait_for(lambda r: r["path"] == hook)[0]["body"]["event"] == "channel.test"
        console.check("people-channels")
        console.go("settings")
        page.get_by_test_id("registration").filter(has_text="Open").wait_for()
        console.check("settings")
        # A key revoked from the console: asked first, then out of the list
        # of active keys.
        made = pl.ok("POST", "/api/v1/api-keys", key=owner, json={"name": "old-bot", "role": "agent"})
        console.go("keys")
        row = page.locator(f"[data-testid=key-row][data-key-id='{made['id']}']")
        row.get_by_test_id("revoke-key").click()
        page.locator("sl-dialog[open]").get_by_role("button", name="Revoke the key").click()
        row.wait_for(state="detached")
        page.wait_for_function("() => document.activeElement && document.activeElement.id === 'keys-heading'")
        assert pl.api("GET", "/api/v1/mcp-servers", key=made["key"]).status_code == 401
    finally:
        console.close()


def test_a_policy_is_exported_and_a_changed_file_imported_with_its_diff(pl, upstream_sse, chromium):
    email, reg = register(pl)
    owner = reg["access_token"]
    pl.ok("POST", "/api/v1/mcp-servers", key=owner, json={"name": "fx", "url": upstream_sse.url})
    pl.ok("POST", "/api/v1/tool-configurations", key=owner, json={"tool_name": "fx__echo", "rules": [{"action": "allow"}]})
    console = Console(chromium, pl)
    page = console.page
    try:
        console.sign_in(email, PASSWORD)
        console.go("policies")
        page.get_by_test_id("export-policy").click()
        yaml_text = page.get_by_test_id("policy-yaml").inner_text()
        assert "fx__echo" in yaml_text
        console.check("policies")
        changed = yaml_text.replace("fx__echo", "fx__deploy")
        page.get_by_test_id("import-text").fill(changed)
        page.get_by_test_id("show-diff").click()
        diff = page.get_by_test_id("policy-diff")
        diff.filter(has_text="fx__deploy").wait_for()
        assert "fx__echo" in diff.inner_text(), "what goes is shown beside what comes"
        console.check("policy-diff")
        page.get_by_test_id("apply-policy").click()
        confirm = page.locator("sl-dialog[open]")
        if confirm.count():
            confirm.get_by_role("button", name=re.compile("apply", re.I)).click()
        deadline = time.time() + 10
        while "fx__deploy" not in [c["tool_name"] for c in pl.ok("GET", "/api/v1/tool-configurations", key=owner)["tool_configurations"]]:
            assert time.time() < deadline, "the file was not applied"
            time.sleep(0.2)
        page.get_by_test_id("history-row").first.wait_for()
        console.check("policy-history")
    finally:
        console.close()


def test_a_viewer_sees_no_write_controls_and_the_api_refuses_them(pl, upstream_sse, chromium):
    email, reg = register(pl)
    owner = reg["access_token"]
    server = pl.ok("POST", "/api/v1/mcp-servers", key=owner, json={"name": "fx", "url": upstream_sse.url})
    pl.ok("POST", f"/api/v1/mcp-servers/{server['id']}/scan", key=owner)
    pl.ok("POST", "/api/v1/tool-configurations", key=owner, json={"tool_name": "fx__echo", "rules": [{"action": "allow"}]})
    viewer_email, password = person(pl, owner, "viewer")
    console = Console(chromium, pl)
    page = console.page
    try:
        console.sign_in(viewer_email, password)
        for route, write_controls in [("servers", ["add-server", "scan-server", "remove-server"]),
                                      ("tools/fx__echo", ["add-rule", "rule-handle", "save-rule"]),
                                      ("policies", ["apply-policy", "rollback"]),
                                      ("keys", ["create-key", "revoke-key"])]:
            console.go(route)
            page.locator("main h1").first.wait_for()
            page.wait_for_timeout(500)
            for control in write_controls:
                assert page.get_by_test_id(control).count() == 0, f"{route}: {control} is shown to a viewer"
            console.check(f"viewer-{route.replace('/', '-')}")
        # The console's pages, every one, at both sizes.
        for route in ["overview", "approvals", "tools", "audit", "people", "settings", "profile"]:
            console.go(route)
            page.locator("main h1").first.wait_for()
            page.wait_for_timeout(300)
            console.check(f"viewer-{route}")
        assert console.errors == [], console.errors
    finally:
        console.close()
    token = pl.http.post("/api/v1/auth/token", json={"email": viewer_email, "password": password}).json()["access_token"]
    r = pl.api("POST", "/api/v1/mcp-servers", key=token, json={"name": "mine", "url": upstream_sse.url})
    assert r.status_code == 403 and r.json()["error"]["detail"]["required_permission"] == "servers.write"
    r = pl.api("POST", "/api/v1/api-keys", key=token, json={"name": "mine", "role": "viewer"})
    assert r.status_code == 403



def test_single_sign_on_from_the_console_and_a_link_it_did_not_start_is_refused(pl, idp, chromium):
    account = Account(pl, idp)
    alice = idp.person(groups=["eng"])
    console = Console(chromium, pl)
    page = console.page
    try:
        page.goto("/")
        page.get_by_label("Account ID").fill(account.id)
        page.get_by_role("button", name="Continue with single sign-on").click()
        page.locator("input[name=login]").fill(alice["sub"])
        page.get_by_role("button", name="Sign in").click()
        page.get_by_test_id("user-menu").wait_for()
        assert "sso_code" not in page.url, "the code leaves the address"
        console.go("profile")
        page.get_by_test_id("profile-role").filter(has_text="approver").wait_for()
    finally:
        console.close()
    # A code someone else got, sent as a link to a browser that started no
    # sign-in: it is not exchanged.
    bob = idp.person(groups=["eng"])
    url = browse(pl, start_url(pl, account, return_to="/"), login=bob["sub"], stop_at=f"{pl.url}/?")
    assert isinstance(url, str) and "sso_code=" in url, url
    victim = Console(chromium, pl)
    try:
        victim.page.goto(url)
        victim.page.get_by_test_id("sign-in-form").wait_for()
        victim.page.get_by_text("not started in this browser").wait_for()
        assert victim.page.get_by_test_id("user-menu").count() == 0
    finally:
        victim.close()
    # The code was never used: its owner could still exchange it.
    assert exchange(pl, sso_code(url)).status_code == 200
