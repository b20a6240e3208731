// Drives Preloop's MCP endpoint with the official TypeScript SDK. Reads a plan
// as JSON on stdin (same shape as py_client.py) and prints each step's outcome.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const plan = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const transport = new StreamableHTTPClientTransport(new URL(plan.url), {
  requestInit: { headers: { Authorization: `Bearer ${plan.key}` } },
});
// plan.sampling: the model's answer to a server's sampling request;
// plan.elicitation: the person's answer ({action, content}) to an elicitation.
// Declared, and answered, only when the plan gives them; what was asked is
// kept in `asked`.
const capabilities = {};
if (plan.sampling !== undefined) capabilities.sampling = {};
if (plan.elicitation !== undefined) capabilities.elicitation = {};
const client = new Client({ name: "preloop-acceptance-ts", version: "1.0.0" }, { capabilities });
const asked = [];
if (plan.sampling !== undefined) {
  client.setRequestHandler(CreateMessageRequestSchema, (r) => {
    asked.push({ method: r.method, text: r.params.messages?.[0]?.content?.text ?? null });
    return { role: "assistant", content: { type: "text", text: plan.sampling }, model: "test-model", stopReason: "endTurn" };
  });
}
if (plan.elicitation !== undefined) {
  client.setRequestHandler(ElicitRequestSchema, (r) => {
    asked.push({ method: r.method, text: r.params.message ?? null });
    return plan.elicitation;
  });
}
// Notifications the server sent, by method, in order.
const notified = [];
// Resource updates, by URI.
const updated = [];
for (const schema of [ToolListChangedNotificationSchema, ResourceListChangedNotificationSchema,
  PromptListChangedNotificationSchema]) {
  client.setNotificationHandler(schema, (n) => { notified.push(n.method); });
}
client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
  notified.push(n.method);
  updated.push(n.params.uri);
});

function errorOutcome(e) {
  return { error: { code: e?.code ?? null, message: String(e?.message ?? e), type: e?.constructor?.name } };
}

const out = { sdk: "ts", asked, notified, updated };
try {
  await client.connect(transport);
  out.protocolVersion = transport.protocolVersion ?? null;
  out.sessionId = transport.sessionId ?? null;
  out.results = [];
  for (const op of plan.ops) {
    try {
      if (op.op === "sleep") {
        await new Promise((r) => setTimeout(r, op.ms));
        out.results.push({});
      } else if (op.op === "post") {
        // Something done beside the session (an admin's API call), while it is open.
        const r = await fetch(op.url, { method: "POST", headers: { Authorization: `Bearer ${op.key}` } });
        out.results.push({ status: r.status });
      } else if (op.op === "await_notification") {
        const deadline = Date.now() + (op.timeout_ms ?? 10000);
        const started = Date.now();
        // Only what arrived since the last wait counts.
        const from = op.since_last ? (out.waited ?? 0) : 0;
        const heard = () => notified.slice(from).includes(op.method);
        while (!heard() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        out.waited = notified.length;
        out.results.push({ notified: heard(), after_ms: Date.now() - started });
      } else if (op.op === "subscribe") {
        out.results.push(await client.subscribeResource({ uri: op.uri }));
      } else if (op.op === "unsubscribe") {
        out.results.push(await client.unsubscribeResource({ uri: op.uri }));
      } else if (op.op === "list") {
        const r = await client.listTools();
        out.results.push({ tools: r.tools.map((t) => t.name).sort() });
      } else if (op.op === "call") {
        const r = await client.callTool({ name: op.name, arguments: op.arguments ?? {} });
        const text = (r.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n");
        out.results.push({ isError: Boolean(r.isError), text, structured: r.structuredContent ?? null });
      } else if (op.op === "resources") {
        const r = await client.listResources();
        out.results.push({ resources: r.resources.map((x) => x.uri).sort() });
      } else if (op.op === "templates") {
        const r = await client.listResourceTemplates();
        out.results.push({ templates: r.resourceTemplates.map((x) => x.uriTemplate).sort() });
      } else if (op.op === "read") {
        const r = await client.readResource({ uri: op.uri });
        out.results.push({ contents: r.contents.map((c) => ({ uri: c.uri, text: c.text ?? null })) });
      } else if (op.op === "prompts") {
        const r = await client.listPrompts();
        out.results.push({ prompts: r.prompts.map((x) => x.name).sort() });
      } else if (op.op === "prompt") {
        const r = await client.getPrompt({ name: op.name, arguments: op.arguments ?? {} });
        out.results.push({ messages: r.messages.map((m) => m.content?.text ?? null) });
      } else if (op.op === "complete") {
        const r = await client.complete({ ref: op.ref, argument: op.argument });
        out.results.push({ values: r.completion.values });
      }
    } catch (e) {
      out.results.push(errorOutcome(e));
    }
  }
  await transport.terminateSession().catch(() => {});
  await client.close();
} catch (e) {
  out.fatal = errorOutcome(e);
}
process.stdout.write(JSON.stringify(out));
