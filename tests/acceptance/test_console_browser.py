"""The console in a real browser: headless Chromium (Debian's), driven by
Playwright, against the real server on every store. A person signs in,
watches a held MCP call arrive live, approves it, and the real MCP client
gets the upstream's answer; every page passes axe-core at a phone's and a
desktop's size, and a screenshot of each is written for people to look at
(build/console-screenshots/<store>/)."""

import threading
import time

import pytest
from conftest import ROOT, marker, run_client
from test_sign_in import PASSWORD, register

AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"phone": (390, 844), "desktop": (1440, 900)}
SCREENSHOTS = ROOT / "build" / "console-screenshots"


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
    pl.ok("POST", "/api/v1/mcp-servers", key=owner, json={"name": "fx", "url": upstream_sse.url})
    wf = pl.ok("POST", "/api/v1/approval-policies", key=owner, json={"name": "on-call", "async_approval": False})
    pl.ok("POST", "/api/v1/tool-configurations", key=owner,
          json={"tool_name": "fx__deploy", "rules": [{"action": "require_approval", "approval_policy_id": wf["id"]}]})
    agent = pl.ok("POST", "/api/v1/api-keys", key=owner, json={"name": "bot", "role": "agent"})["key"]

    console = Console(chromium, pl)
    try:
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
