// Signs webhook payloads as GitHub does (@octokit/webhooks-methods), and
// hands out GitHub's own example payloads (@octokit/webhooks-examples).
//   node github_webhook.mjs sign <secret>      payload on stdin → signature
//   node github_webhook.mjs example <event> <action> [n]  → payload JSON
import { sign } from "@octokit/webhooks-methods";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [command, ...args] = process.argv.slice(2);
if (command === "sign") {
  const payload = readFileSync(0, "utf8");
  process.stdout.write(await sign(args[0], payload));
} else if (command === "example") {
  const require = createRequire(import.meta.url);
  const index = require("@octokit/webhooks-examples/api.github.com/index.json");
  const [event, action, n] = args;
  const examples = index
    .find((e) => e.name === event)
    .examples.filter((x) => (action === "-" ? true : x.action === action));
  process.stdout.write(JSON.stringify(examples[Number(n || 0)]));
} else {
  process.stderr.write("usage: sign <secret> | example <event> <action> [n]\n");
  process.exit(2);
}
