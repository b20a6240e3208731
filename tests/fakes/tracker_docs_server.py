"""A GitLab and a Jira that answer with their own documentation's examples.

Serves GitLab's REST v4 (under /api/v4) and Jira's REST v3 (Cloud) and v2
(Server) on one port, answering each endpoint Preloop calls with the
documented example payloads in tests/fixtures/gitlab and tests/fixtures/jira
(see the SOURCES.md there for where each comes from and what is adjusted
here, and why). Every request must carry the credentials given on the
command line (GitLab's PRIVATE-TOKEN; Jira's Basic email:token, or a Bearer
personal access token); anything else is refused with 401, as the trackers
refuse it.

Every request is recorded, one JSON line each, to the file named by
--record, so a test can assert what Preloop asked and in which order:
method, path, query (parsed), whether the credentials were right and in
which scheme, and the JSON body. The credentials themselves are never
written.

    python tracker_docs_server.py --port 8123 --record /tmp/requests.jsonl \\
        --gitlab-token T --jira-email E --jira-token T --jira-pat P
"""

import argparse
import base64
import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GITLAB_PROJECT = "twitter/typeahead-js"
GITLAB_GROUP = "twitter"


def load(kind: str, name: str):
    return json.loads((FIXTURES / kind / name).read_text())


class State:
    """What the fake trackers hold, changed by what Preloop writes."""

    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.record = open(args.record, "a", encoding="utf-8") if args.record else None
        # GitLab: the listing's two pages, and issue 14 once created.
        self.gitlab_pages = [load("gitlab", "issues_list.json"), [load("gitlab", "issue_edit.json")]]
        self.gitlab_issues = {}
        # Jira Cloud: ED-1 as documented, ED-2 a later copy without links.
        first = load("jira", "cloud_search_jql.json")["issues"][0]
        second = copy.deepcopy(first)
        second.update(id="10003", key="ED-2", self=first["self"].replace("10002", "10003"))
        second["fields"].update(summary="Second order flow broken", issuelinks=[],
                                updated="2023-03-01T10:00:00.000+0000")
        self.jira_issues = {"ED-1": first, "ED-2": second}

    def log(self, entry: dict) -> None:
        if self.record is None:
            return
        with self.lock:
            self.record.write(json.dumps(entry) + "\n")
            self.record.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: State = None  # set in main

    def log_message(self, *_):
        pass

    # -- plumbing -------------------------------------------------------

    def _body(self):
        n = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(n) if n else b""
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return {"unparsed": raw.decode("utf-8", "replace")}

    def _send(self, status: int, body=None, headers: dict | None = None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("content-type", "application/json")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _auth(self, tracker: str) -> str | None:
        """The scheme of the right credentials, or None."""
        a = self.state.args
        if tracker == "gitlab":
            return "private-token" if self.headers.get("private-token") == a.gitlab_token else None
        auth = self.headers.get("authorization") or ""
        basic = "Basic " + base64.b64encode(f"{a.jira_email}:{a.jira_token}".encode()).decode()
        if auth == basic:
            return "basic"
        if auth == f"Bearer {a.jira_pat}":
            return "bearer"
        return None

    def _handle(self, method: str):
        url = urlsplit(self.path)
        query = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(url.query).items()}
        body = self._body() if method in ("POST", "PUT") else None
        tracker = "gitlab" if url.path.startswith("/api/v4/") else "jira"
        scheme = self._auth(tracker)
        self.state.log({"tracker": tracker, "method": method, "path": url.path, "raw_path": self.path,
                        "query": query, "auth": scheme, "body": body})
        if scheme is None:
            if tracker == "gitlab":
                return self._send(401, {"message": "401 Unauthorized"})
            return self._send(401, {"errorMessages": ["You are not authenticated."]})
        try:
            if tracker == "gitlab":
                return self.gitlab(method, url.path[len("/api/v4"):], query, body)
            return self.jira(method, url.path, query, body, scheme)
        except Exception as e:  # a fake's bug answers 500 and says what it was
            return self._send(500, {"message": f"fake: {type(e).__name__}: {e}"})

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_PUT(self):
        self._handle("PUT")

    # -- GitLab ---------------------------------------------------------

    def gitlab(self, method, path, query, body):
        st = self.state
        # Paths arrive with the project's slash escaped (%2F).
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if (method, parts) == ("GET", ["user"]):
            return self._send(200, {"id": 1, "username": "root", "name": "Administrator"},
                              {"ratelimit-remaining": "1999"})
        if parts[:2] == ["groups", GITLAB_GROUP]:
            group = load("gitlab", "group.json")
            if method == "GET" and len(parts) == 2:
                return self._send(200, group)
            if method == "GET" and parts[2:] == ["projects"]:
                return self._send(200, group["projects"])
            if method == "POST" and parts[2:] == ["hooks"]:
                return self._send(403, {"message": "403 Forbidden"})
        if parts[:2] != ["projects", GITLAB_PROJECT]:
            return self._send(404, {"message": "404 Project Not Found"})
        rest = parts[2:]
        if method == "GET" and rest == ["merge_requests"]:
            return self._send(200, [], {"x-next-page": "", "x-page": "1"})
        if method == "GET" and rest == ["issues"]:
            if "updated_after" in query:
                return self._send(200, [])
            page = int(query.get("page", "1"))
            headers = {"x-page": str(page), "x-next-page": "2" if page == 1 else ""}
            if page == 1:
                base = f"http://{self.headers.get('host')}/api/v4{self.path[len('/api/v4'):]}"
                headers["link"] = f'<{base}&page=2>; rel="next"'
            return self._send(200, st.gitlab_pages[page - 1] if page <= 2 else [], headers)
        if method == "POST" and rest == ["issues"]:
            issue = load("gitlab", "issue_new.json")
            st.gitlab_issues["14"] = issue
            return self._send(201, issue)
        if len(rest) >= 2 and rest[0] == "issues" and rest[1] in st.gitlab_issues:
            issue = st.gitlab_issues[rest[1]]
            if method == "GET" and len(rest) == 2:
                return self._send(200, issue)
            if method == "PUT" and len(rest) == 2:
                if "title" in body:
                    issue["title"] = body["title"]
                if body.get("state_event") == "close":
                    issue["state"] = "closed"
                    issue["closed_at"] = "2016-01-08T12:55:16.213Z"
                if body.get("state_event") == "reopen":
                    issue["state"] = "opened"
                if "labels" in body:
                    issue["labels"] = [l for l in body["labels"].split(",") if l]
                issue["updated_at"] = "2016-01-07T12:55:16.213Z"
                return self._send(200, issue)
            if method == "GET" and rest[2:] == ["links"]:
                return self._send(200, load("gitlab", "issue_links.json"))
            if rest[2:] == ["notes"]:
                if method == "GET":
                    return self._send(200, load("gitlab", "notes_list.json"))
                note = load("gitlab", "notes_list.json")[0]
                note.update(system=False, body=body["body"])
                return self._send(201, note)
        return self._send(404, {"message": "404 Not found"})

    # -- Jira -----------------------------------------------------------

    def jira(self, method, path, query, body, scheme):
        st = self.state
        host = self.headers.get("host")
        api = "/rest/api/3" if scheme == "basic" else "/rest/api/2"
        if method == "POST" and path == "/rest/webhooks/1.0/webhook":
            return self._send(403, {"errorMessages": ["You do not have permission to register webhooks."]})
        if not path.startswith(api + "/"):
            # The wrong API for the credentials' edition.
            return self._send(404, {"errorMessages": ["No such resource."]})
        rest = path[len(api) + 1:].split("/")
        if method == "GET" and rest == ["myself"]:
            return self._send(200, {"self": f"http://{host}{api}/user?accountId=5b10a2844c20165700ede21g",
                                    "accountId": "5b10a2844c20165700ede21g", "emailAddress": "mia@example.com",
                                    "displayName": "Mia Krystof", "active": True})
        if method == "GET" and rest == ["search", "jql"]:
            jql = query.get("jql", "")
            if "updated >=" in jql:
                return self._send(200, {"issues": [], "isLast": True})
            if 'project = "ED"' not in jql:
                return self._send(400, {"errorMessages": [f"fake: no such project in {jql!r}"]})
            page = load("jira", "cloud_search_jql.json")
            if query.get("nextPageToken") == page["nextPageToken"]:
                return self._send(200, {"issues": [st.jira_issues["ED-2"]], "isLast": True})
            page["issues"] = [st.jira_issues["ED-1"]]
            return self._send(200, page)
        if method == "GET" and rest == ["search"]:
            page = load("jira", "server_search.json")
            page["total"] = len(page["issues"])
            if 'project = "BULK"' not in query.get("jql", "") or int(query.get("startAt", 0)) > 0:
                page["issues"] = []
            return self._send(200, page)
        if method == "POST" and rest == ["issue"]:
            created = load("jira", "issue_created.json")
            created.update(key="ED-24", self=f"http://{host}{api}/issue/10000")
            issue = copy.deepcopy(st.jira_issues["ED-1"])
            fields = body["fields"]
            issue.update(id="10000", key="ED-24", self=created["self"])
            issue["fields"].update(summary=fields["summary"], issuelinks=[],
                                   description=fields.get("description"), labels=fields.get("labels", []),
                                   updated="2023-03-02T10:00:00.000+0000")
            st.jira_issues["ED-24"] = issue
            return self._send(201, created)
        if len(rest) >= 2 and rest[0] == "issue" and rest[1] in st.jira_issues:
            issue = st.jira_issues[rest[1]]
            more = rest[2:]
            if method == "GET" and not more:
                return self._send(200, issue)
            if method == "PUT" and not more:
                for k, v in body.get("fields", {}).items():
                    issue["fields"][k] = v
                issue["fields"]["updated"] = "2023-03-02T11:00:00.000+0000"
                return self._send(204)
            if more == ["transitions"] and method == "GET":
                return self._send(200, load("jira", "transitions.json"))
            if more == ["transitions"] and method == "POST":
                chosen = [t for t in load("jira", "transitions.json")["transitions"]
                          if t["id"] == body["transition"]["id"]]
                if not chosen:
                    return self._send(400, {"errorMessages": ["fake: no such transition"]})
                issue["fields"]["status"] = chosen[0]["to"]
                issue["fields"]["updated"] = "2023-03-02T12:00:00.000+0000"
                return self._send(204)
            if more == ["comment"] and method == "POST":
                comment = copy.deepcopy(load("jira", "cloud_search_jql.json")["issues"][0]["fields"]["comment"][0])
                comment["body"] = body["body"]
                return self._send(201, comment)
            if more == ["comment"] and method == "GET":
                comments = issue["fields"].get("comment", [])
                return self._send(200, {"comments": comments, "startAt": 0, "maxResults": 100,
                                        "total": len(comments)})
        return self._send(404, {"errorMessages": ["Issue does not exist or you do not have permission to see it."]})


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--record", help="a JSONL file every request is appended to")
    p.add_argument("--gitlab-token", required=True)
    p.add_argument("--jira-email", required=True)
    p.add_argument("--jira-token", required=True)
    p.add_argument("--jira-pat", required=True)
    args = p.parse_args()
    Handler.state = State(args)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
