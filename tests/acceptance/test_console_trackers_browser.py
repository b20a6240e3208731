"""The console's issue-tracker pages in a real browser (Debian's headless
Chromium, driven by Playwright), against the real server and real GitHub
traffic without GitHub: a tracker synced from @octokit/fixtures-server's
recorded exchanges, and another fed GitHub's own example webhooks, signed as
GitHub signs them (the same set-up as test_trackers.py). A person sees the
trackers and their sync status, the webhook they must set up by hand, finds
an issue by meaning, decides a suggested duplicate, and reads the project's
readiness; every page passes axe-core at a phone's and a desktop's size, and
a screenshot of each is written (build/console-screenshots/<store>/)."""

import json
import mimetypes
import os
import uuid
from pathlib import Path

import httpx
import pytest
from test_console_browser import Console, chromium, one_native_and_one_edge_store  # noqa: F401 (fixtures)
from test_sign_in import PASSWORD, register
from test_trackers import SECRET, TOKEN, octokit, opened, sign, wait_for  # noqa: F401 (octokit is a fixture)

pytestmark = pytest.mark.native_only

# To try the console's sources without rebuilding the server (which embeds
# web/console/dist): PRELOOP_CONSOLE_DIST=web/console/dist serves `/` and
# `/assets/*` from there instead, the API still from the server.
DIST = os.environ.get("PRELOOP_CONSOLE_DIST")


def console_of(chromium, pl) -> Console:
    console = Console(chromium, pl)
    if DIST:
        root = Path(DIST).resolve()

        def serve(route):
            path = route.request.url.split("://", 1)[1].split("/", 1)[1].split("?", 1)[0].split("#", 1)[0]
            f = root / (path or "index.html")
            if not f.is_file() or root not in f.resolve().parents:
                return route.continue_()
            route.fulfill(body=f.read_bytes(), content_type=mimetypes.guess_type(f.name)[0] or "text/plain")

        console.context.route(lambda url: "/api/" not in url and "/auth/" not in url, serve)
    return console


class Owner:
    """A new account's owner, calling the API with their session's token."""

    def __init__(self, pl):
        self.pl = pl
        self.email, reg = register(pl)
        self.token = reg["access_token"]
        self.trackers: list[str] = []

    def ok(self, method: str, path: str, **kw) -> dict:
        return self.pl.ok(method, path, key=self.token, **kw)

    def api(self, method: str, path: str, **kw) -> httpx.Response:
        return self.pl.api(method, path, key=self.token, **kw)

    def connect(self, url: str, **fields) -> dict:
        body = {"kind": "github", "name": f"gh-{uuid.uuid4().hex[:8]}", "base_url": url, "token": TOKEN,
                "webhook_secret": SECRET, **fields}
        t = self.ok("POST", "/api/v1/trackers", json=body)
        self.trackers.append(t["id"])
        return t

    def issue(self, key: str) -> dict:
        found = self.ok("GET", "/api/v1/issues", params={"key": key})["issues"]
        return found[0] if found else {}

    def remove_trackers(self):
        for tid in self.trackers:
            self.api("DELETE", f"/api/v1/trackers/{tid}")


@pytest.fixture
def owner(pl):
    o = Owner(pl)
    yield o
    o.remove_trackers()


def deliver(pl, organization_id: str, event: str, payload: dict) -> None:
    body = json.dumps(payload).encode()
    r = httpx.post(f"{pl.url}/api/v1/private/webhooks/github/{organization_id}", content=body, timeout=30,
                   headers={"X-GitHub-Event": event, "X-GitHub-Delivery": str(uuid.uuid4()),
                            "Content-Type": "application/json", "X-Hub-Signature-256": sign(body)})
    assert r.status_code == 202, r.text


ISSUES = [
    (11, "Add dark mode to settings page", "A dark theme option in the settings, please."),
    (12, "Crash when uploading large images", "The app dies when a photo over 20 MB is uploaded."),
    (21, "Login fails with 500 error", "The sign-in page answers 500 when the password is right."),
    (22, "Login fails with error 500", "The sign-in page answers 500 even though the password is right."),
    (13, "Theme picker in the settings", "Blocked by #11: the dark theme must exist first."),
]


def test_a_person_follows_trackers_finds_issues_and_decides_duplicates(pl, owner, octokit, chromium):
    # A tracker synced from recorded GitHub traffic: 13 issues, and an
    # organization whose webhook must be set up by hand.
    synced = owner.connect(octokit("preloop-sync"), name="recorded",
                           scope={"projects": ["octokit-fixture-org/paginate-issues"]}, settings={"page_size": 3})
    status = wait_for(lambda: owner.ok("GET", f"/api/v1/trackers/{synced['id']}"),
                      lambda s: s["issues"] == 13 and s["organizations"]
                      and s["organizations"][0]["webhook"]["status"] == "manual")
    manual = status["organizations"][0]

    # A tracker fed by webhooks: Codertocat/Hello-World, GitHub's examples.
    hooked = owner.connect(octokit("preloop-connect"), name="webhooks", enabled=False)
    project = owner.ok("POST", "/api/v1/projects", json={"tracker_id": hooked["id"], "external_id": "Codertocat/Hello-World"})
    for number, title, body in ISSUES:
        deliver(pl, project["organization_id"], "issues", opened(number, title, body))
    keys = [f"Codertocat/Hello-World#{n}" for n, _, _ in ISSUES]
    wait_for(lambda: [owner.issue(k).get("id") for k in keys], lambda ids: all(ids))
    login, signin = owner.issue(keys[2]), owner.issue(keys[3])
    # The built-in model has embedded them: the pair is suggested.
    wait_for(lambda: owner.ok("GET", f"/api/v1/issues/{login['id']}/duplicates", params={"threshold": 0.75})["candidates"],
             lambda c: any(x["issue"]["id"] == signin["id"] for x in c))

    console = console_of(chromium, pl)
    page = console.page
    try:
        console.sign_in(owner.email, PASSWORD)

        # The list: both trackers, with their status and issue counts.
        console.go("trackers")
        row = page.locator("[data-testid=tracker-row][data-tracker=recorded]")
        row.wait_for()
        page.wait_for_function(
            "() => document.querySelector('[data-testid=tracker-row][data-tracker=recorded] [data-testid=tracker-issues]')?.textContent.trim() === '13'")
        assert row.get_by_test_id("tracker-status").inner_text() in ("Syncing", "Sync failed")
        assert page.locator("[data-testid=tracker-row][data-tracker=webhooks] [data-testid=tracker-status]").inner_text() == "Disabled"
        assert TOKEN not in page.content(), "a tracker's token is never shown"
        console.check("trackers")

        # The add dialog tests a connection before anything is saved.
        page.get_by_test_id("add-tracker").click()
        page.get_by_test_id("tracker-url").fill(octokit("preloop-connect"))
        page.get_by_test_id("tracker-token").fill(TOKEN)
        page.get_by_test_id("test-connection").click()
        page.get_by_test_id("test-result").filter(has_text="Connected as").wait_for()
        console.check("tracker-add")
        # Saved (connecting again: each recording answers once), then removed.
        page.get_by_test_id("tracker-name").fill("added-here")
        page.get_by_test_id("tracker-url").fill(octokit("preloop-connect"))
        page.get_by_test_id("save-tracker").click()
        added = page.locator("[data-testid=tracker-row][data-tracker=added-here]")
        added.wait_for()
        page.wait_for_selector("#tracker-dialog:not([open])", state="attached")
        assert any(t["name"] == "added-here" for t in owner.ok("GET", "/api/v1/trackers")["trackers"])
        added.get_by_test_id("remove-tracker").click()
        page.get_by_test_id("confirm").click()
        added.wait_for(state="detached")
        assert not any(t["name"] == "added-here" for t in owner.ok("GET", "/api/v1/trackers")["trackers"])

        # The tracker's page: the webhook to set up by hand, its address, the projects.
        row.get_by_role("link", name="recorded").click()
        org = page.locator(f"[data-testid=organization][data-org='{manual['external_id']}']")
        org.get_by_test_id("webhook-status").and_(page.locator("[data-status=manual]")).wait_for()
        assert manual["webhook_url"] in org.get_by_test_id("webhook-message").inner_text()
        assert org.get_by_test_id("webhook-url").inner_text() == manual["webhook_url"]
        page.locator("[data-testid=project-row][data-project='octokit-fixture-org/paginate-issues']").wait_for()
        console.check("tracker")

        # Search by meaning: no word is shared with the issue it finds.
        console.go("issues")
        page.get_by_test_id("issue-search").fill("night theme for preferences")
        first = page.locator("[data-testid=search-results] [data-testid=issue-row]").first
        first.wait_for()
        assert first.get_attribute("data-key") == keys[0]
        assert "meaning" in first.get_by_test_id("matched-by").inner_text()
        assert "similar" in first.get_by_test_id("similarity").inner_text()
        console.check("issues-search")

        # An issue's page: its duplicate candidate, decided "not a duplicate".
        console.go(f"issues/{login['id']}")
        candidate = page.locator(f"[data-testid=duplicate-candidate][data-key='{keys[3]}']")
        candidate.wait_for()
        page.get_by_test_id("issue-body").filter(has_text="answers 500").wait_for()
        console.check("issue")
        candidate.get_by_test_id("in-tracker").uncheck()
        candidate.get_by_test_id("resolve-not_duplicate").click()
        page.get_by_test_id("duplicates-decided").wait_for()
        assert candidate.count() == 0, "a pair decided is not suggested again"
        assert page.get_by_test_id("notice").inner_text() == f"{keys[3]} marked not a duplicate."
        decided = owner.ok("GET", f"/api/v1/issues/{signin['id']}/duplicates")["decided"]
        assert decided and decided[0]["resolution"] == "not_duplicate"

        # The project-wide list no longer has the pair either.
        console.go(f"duplicates?project={project['id']}")
        page.locator("[data-testid=duplicate-pairs], [data-testid=empty]").first.wait_for()
        shown = [p.get_attribute("data-keys").split() for p in page.locator("[data-testid=duplicate-pair]").all()]
        assert all(k.startswith("Codertocat/Hello-World#") for pair in shown for k in pair), shown
        assert sorted(keys[2:]) not in [sorted(pair) for pair in shown], "the decided pair is gone"
        console.check("duplicates")

        # Readiness of the synced project: a headline (when the server assesses it).
        console.go(f"compliance?project={project['id']}")
        if owner.api("GET", f"/api/v1/projects/{project['id']}/compliance").status_code == 404:
            page.get_by_test_id("empty").filter(has_text="does not assess").wait_for()
        else:
            page.get_by_test_id("headline").first.wait_for()
            page.get_by_test_id("check-bars").wait_for()
        console.check("compliance")

        # What depends on what: #13 says, in its text, that it waits for #11.
        console.go(f"dependencies?project={project['id']}")
        graph = owner.api("GET", f"/api/v1/projects/{project['id']}/dependencies")
        if graph.status_code == 404:
            page.get_by_test_id("empty").filter(has_text="does not map").wait_for()
        else:
            assert graph.status_code == 200, graph.text
            assert {"from": owner.issue(keys[4])["id"], "to": owner.issue(keys[0])["id"]}.items() <= next(
                iter(graph.json()["edges"]), {}).items(), graph.text
            listed = page.get_by_test_id("dependency-graph")
            listed.wait_for()
            assert keys[0] in listed.inner_text() and keys[4] in listed.inner_text()
        console.check("dependencies")
        assert console.errors == [], console.errors
    finally:
        console.close()
