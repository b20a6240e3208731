"""The small holes of issue 12, each closed: what a hostile admin input or a
probing client could do with URLs, header values, names, content types,
error codes and the health endpoint."""

from conftest import marker


def test_upstream_urls_that_reach_where_they_should_not_are_refused(pl):
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://user:secret@127.0.0.1:9/mcp",
        "http://2130706433/mcp",
        "http://10.0.0.5/mcp",
    ]:
        r = pl.api("POST", "/api/v1/mcp-servers", json={"name": f"s{marker()[-6:]}", "url": url})
        assert r.status_code == 400, (url, r.text)
        assert "secret" not in r.text
    # The same through a policy file.
    doc = 'version: "1.0"\nmcp_servers:\n  - name: meta\n    url: "http://169.254.169.254/x"\n'
    r = pl.api("POST", "/api/v1/policies/validate", content=doc, headers={"content-type": "application/yaml"})
    assert r.status_code == 200 and not r.json()["valid"], r.text


def test_header_values_are_checked_when_set(pl):
    r = pl.api("POST", "/api/v1/mcp-servers", json={
        "name": f"h{marker()[-6:]}", "url": "http://127.0.0.1:9/mcp", "auth_header": "Bearer x\r\nX-Injected: 1"})
    assert r.status_code == 400 and "visible ASCII" in r.json()["error"]["message"]
    assert "X-Injected" not in r.text


def test_names_refuse_control_and_bidi_characters(pl):
    for bad in ["ops\u0000", "line\nbreak", "invoice\u202Efdp.exe", "x\u2066y"]:
        for path, body in [("/api/v1/agents", {"name": bad}),
                           ("/api/v1/teams", {"name": bad}),
                           ("/api/v1/users", {"name": bad, "email": f"{marker()}@example.com"})]:
            r = pl.api("POST", path, json=body)
            assert r.status_code == 400, (path, repr(bad), r.text)


def test_mcp_errors_and_media_types(pl):
    r = pl.rpc({"jsonrpc": "2.0", "id": 1, "method": "ping"}, key="pl_wrong")
    assert r.status_code == 401 and r.json()["error"]["code"] == -32001
    assert "www-authenticate" in r.headers
    r = pl.rpc(None, raw=b'{"jsonrpc": "2.0", "id": 1, "method": "ping"}',
               headers={"Content-Type": "application/jsonp-evil"})
    assert r.status_code == 415
    r = pl.rpc(None, raw=b'{"jsonrpc": "2.0", "id": 1, "method": "ping"}',
               headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code != 415


def test_healthz_shows_no_internals(pl):
    r = pl.api("GET", "/healthz", key="")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
