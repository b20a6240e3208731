"""The published OpenAPI document: valid by a real validator, and exactly
the routes the router serves."""

import re

import httpx

from test_sign_in import register

from openapi_spec_validator import validate

# What a path parameter is filled with: ids that exist nowhere, so every
# call is answered by its handler (400, 404, 409…) and changes nothing.
FILL = {"version": "999999", "kind": "tools"}

# Served natively and on Spin, not by a Worker: the session stream needs a
# timer (405 at the edge, by design); the scheduler and tracker sync Workers
# run on their crons and have no route.
NOT_ON_WORKERS = {("/mcp/v1", "get"), ("/internal/scheduler/run", "post"), ("/internal/sync/run", "post")}
# The Spin application serves the scheduled routes (a cron calls them), but
# no stream on GET /mcp/v1 either.
NOT_ON_SPIN = {("/mcp/v1", "get")}


def not_served(pl) -> set:
    """The documented routes this host does not serve."""
    if pl.store.startswith("workerd"):
        return NOT_ON_WORKERS
    return NOT_ON_SPIN if pl.store.startswith("spin") else set()

# The router's own refusals, as routes::find words them.
NO_ROUTE = "no route for"
NO_METHOD = "method not allowed here"


def concrete(path: str) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: FILL.get(m.group(1), "nothing-here"), path)


def router_refused(r) -> str | None:
    if r.status_code not in (404, 405):
        return None
    try:
        message = r.json()["error"]["message"]
    except Exception:
        return None
    return message if message.startswith((NO_ROUTE, NO_METHOD)) else None


def test_the_document_is_valid_and_served_without_a_key(pl):
    r = pl.http.get("/openapi.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    doc = r.json()
    validate(doc)
    assert doc["openapi"] == "3.1.0" and doc["servers"] == [{"url": pl.url}]
    op = doc["paths"]["/api/v1/mcp-servers"]["post"]
    assert op["x-permissions"] == ["servers.write"] and "403" in op["responses"]
    page = pl.http.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/api/v1/tool-configurations/{id}/rules/reorder" in page.text and "<script" not in page.text


def test_every_documented_route_is_served_and_nothing_else(pl):
    # As the owner of an account of its own: the shared account's trail is
    # long by now, and verifying or exporting it is not what is tested here.
    _, reg = register(pl)
    owner = reg["access_token"]
    doc = pl.http.get("/openapi.json").json()
    unserved = []
    for path, item in doc["paths"].items():
        for method in item:
            if (path, method) in not_served(pl):
                continue
            # Signing out would end the session the rest of the calls use.
            key = "x" if path == "/api/v1/auth/logout" else owner
            try:
                r = pl.api(method.upper(), concrete(path), key=key,
                           params={"token": "x"} if path.startswith("/approval/") else None, timeout=20)
            except httpx.TimeoutException:
                unserved.append(f"{method.upper()} {path}: no answer in 20 s; {pl.log_tail(concrete(path))}")
                continue
            # (A sign-in's token is for the API: the MCP endpoint answers it 401.)
            public = item[method].get("security") == [] or path.startswith("/mcp")
            if r.status_code == 401 and not public and key == owner:
                unserved.append(f"{method.upper()} {path}: the owner's session was refused: {r.text[:120]}")
            why = router_refused(r)
            if why or (r.status_code == 405 and not path.startswith("/mcp")):
                unserved.append(f"{method.upper()} {path}: {r.status_code} {r.text[:120]}")
    assert unserved == [], unserved
    # And what is not documented is not served: unknown paths and methods
    # under every function's prefix are refused by the router.
    for method, path in [
        ("GET", "/api/v1/mcp-servers/x/unknown"),
        ("POST", "/api/v1/roles"),
        ("GET", "/api/v1/audit/unknown"),
        ("DELETE", "/api/v1/policies/export"),
        ("GET", "/api/v1/auth/unknown"),
        ("PUT", "/api/v1/auth/token"),
        ("GET", "/api/v1/nothing"),
    ]:
        r = pl.api(method, path, key=owner)
        assert router_refused(r), f"{method} {path}: {r.status_code} {r.text[:200]}"
