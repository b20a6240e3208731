"""The console's page loads, as a person's browser sees them: headless
Chromium (Debian's, driven by Playwright) against `preloop serve`, in an
account holding 10,000 audit records over the last day. The first load is
timed from navigation to the overview's data on screen; each page after it
from the address change to its last API answer drawn."""

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "acceptance"))
from stats import percentile  # noqa: E402

RECORDS = 10_000
PASSWORD = "correct horse battery"
PAGES = ["overview", "approvals", "audit", "tools", "servers", "policies", "keys", "people", "settings", "profile"]

# Counts the page's API requests in flight (the live stream aside, which
# never ends), and when the last one ended.
WATCH_FETCH = """
window.__pl = {pending: 0, lastDone: 0};
const original = window.fetch;
window.fetch = (...args) => {
  const url = String(args[0] && args[0].url ? args[0].url : args[0]);
  if (url.includes('/api/v1/events')) return original(...args);
  window.__pl.pending++;
  return original(...args).finally(() => { window.__pl.pending--; window.__pl.lastDone = performance.now(); });
};
"""

# Resolves once no request has been in flight for 100 ms, with the time the
# last one ended (or the start, if none was made), after a frame is drawn.
SETTLED = """
(start) => new Promise((resolve) => {
  const look = () => {
    const s = window.__pl;
    const now = performance.now();
    if (s.pending === 0 && now - Math.max(s.lastDone, start) > 100) {
      requestAnimationFrame(() => resolve(Math.max(s.lastDone, start) - start));
    } else setTimeout(look, 10);
  };
  look();
})
"""


def seed(pl, account_id: str) -> None:
    """10,000 final records over the last day, of 25 tools, mostly allowed."""
    now = int(time.time() * 1000)
    pl.sql(f"""
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {RECORDS})
        INSERT INTO audit_events (id, account_id, request_id, created_at, principal, server_name, tool, arguments,
                                  decision, reason, outcome, duration_ms, completed_at)
        SELECT 'seed-' || i, '{account_id}', 'req-' || i, {now} - i * 8000, 'key:seed:bench', 'fx',
               'fx__tool' || (i % 25), '{{"n": ' || i || '}}',
               CASE WHEN i % 10 = 0 THEN 'deny' WHEN i % 17 = 0 THEN 'require_approval' ELSE 'allow' END,
               'seeded', CASE WHEN i % 10 = 0 THEN 'denied' ELSE 'ok' END, 3, {now} - i * 8000 + 3
        FROM n""")


def bench_console(preloops: dict, loads: int, say) -> dict:
    from playwright.sync_api import sync_playwright

    say(f"\n## Console: page loads in headless Chromium, {RECORDS:,} audit records in the account\n")
    say("First load: navigation to the overview's data drawn. Pages: address change to the last API answer drawn.")
    say(f"Median and p95 of {loads} loads each, in ms.\n")
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            for store, pl in preloops.items():
                email = f"bench-{store}-{int(time.time() * 1000)}@example.com"
                r = pl.http.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Bench"})
                assert r.status_code == 201, r.text
                seed(pl, r.json()["account_id"])
                context = browser.new_context(base_url=pl.url, viewport={"width": 1440, "height": 900})
                context.add_init_script(WATCH_FETCH)
                page = context.new_page()
                page.goto("/")
                form = page.get_by_test_id("sign-in-form")
                form.get_by_label("Email").fill(email)
                form.get_by_label("Password", exact=True).fill(PASSWORD)
                form.get_by_role("button", name="Sign in").click()
                page.get_by_test_id("user-menu").wait_for()
                times = {"first load": []}
                for _ in range(loads):
                    # A new document each time: its clock starts at navigation.
                    page.goto("about:blank")
                    page.goto("/#/overview")
                    page.get_by_test_id("user-menu").wait_for()
                    times["first load"].append(page.evaluate(SETTLED, 0))
                for name in PAGES:
                    times[name] = []
                    for _ in range(loads):
                        page.evaluate("() => { location.hash = '#/blank-' + Math.random(); }")
                        page.evaluate(SETTLED, page.evaluate("() => performance.now()"))
                        start = page.evaluate(f"() => {{ const t = performance.now(); location.hash = '#/{name}'; return t; }}")
                        times[name].append(page.evaluate(SETTLED, start))
                context.close()
                results[store] = {k: {"p50": percentile(v, 50), "p95": percentile(v, 95)} for k, v in times.items()}
                say(f"{store}:")
                for k, v in results[store].items():
                    say(f"  {k:12} p50 {v['p50']:7.1f}   p95 {v['p95']:7.1f}")
        finally:
            browser.close()
    return results
