"""An approver acting through a token link the way a browser without
JavaScript does: GET the page, read the form out of the HTML, POST it.

Usage: approve_by_link.py URL approve|decline [COMMENT]
Prints JSON: the page's status and text, the form's action, and the answer.
"""

import json
import re
import sys
from html import unescape
from urllib.parse import urljoin

import httpx

url, decision = sys.argv[1], sys.argv[2]
comment = sys.argv[3] if len(sys.argv) > 3 else ""

with httpx.Client(timeout=30) as http:
    page = http.get(url)
    out = {"page_status": page.status_code, "page": page.text}
    form = re.search(r'<form method="post" action="([^"]+)"', page.text)
    if page.status_code == 200 and form:
        action = urljoin(url, unescape(form.group(1)))
        answer = http.post(action, data={"comment": comment, "decision": decision})
        out.update(action=action, answer_status=answer.status_code, answer=answer.text)
    print(json.dumps(out))
