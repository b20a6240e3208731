"""An SMTP server for notification tests (aiosmtpd): every message it
receives is written to LOG_FILE as a JSON line.

Usage: smtp_sink.py PORT LOG_FILE
"""

import asyncio
import json
import sys
from email import message_from_bytes
from email.policy import default

from aiosmtpd.controller import Controller

PORT, LOG = int(sys.argv[1]), sys.argv[2]


class Recorder:
    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content, policy=default)
        body = msg.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(msg["subject"]),
            "from": str(msg["from"]),
            "text": body.get_content() if body else "",
        }
        with open(LOG, "a") as f:
            f.write(json.dumps(record) + "\n")
        return "250 Message accepted"


async def main():
    controller = Controller(Recorder(), hostname="127.0.0.1", port=PORT)
    controller.start()
    await asyncio.Event().wait()


asyncio.run(main())
