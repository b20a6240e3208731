// An MCP client that connects to Preloop through OAuth with the official
// TypeScript SDK's own OAuth support (an OAuthClientProvider given to the
// Streamable HTTP transport): discovery from the 401, registration (dynamic,
// or a Client ID Metadata Document), PKCE, the token exchange, then a
// tools/call. The consent step, a person's in a browser, is driven here
// headlessly as that person: the consent page's form is posted with their
// email and password, and the code it redirects with goes to finishAuth.
//
// Plan on stdin: {url, email, password, tool, arguments, client_metadata_url?}
// Prints {text, is_error, access_token, refresh_token, client_id,
//         authorize_url} or {fatal}.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const plan = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const REDIRECT = "http://127.0.0.1:9/callback";

const saved = { client: undefined, tokens: undefined, verifier: undefined, code: undefined, authorizeUrl: undefined };

// The person's browser: the consent page, signed in, allowed.
async function consent(url) {
  saved.authorizeUrl = url.toString();
  const page = await fetch(url, { redirect: "manual" });
  if (page.status !== 200) throw new Error(`consent page: ${page.status} ${await page.text()}`);
  const form = new URLSearchParams(url.searchParams);
  form.set("email", plan.email);
  form.set("password", plan.password);
  form.set("decision", "allow");
  const answer = await fetch(`${url.origin}${url.pathname}`, { method: "POST", body: form, redirect: "manual" });
  if (answer.status !== 302) throw new Error(`consent: ${answer.status} ${await answer.text()}`);
  const back = new URL(answer.headers.get("location"));
  if (!back.searchParams.get("code")) throw new Error(`consent refused: ${back.search}`);
  saved.code = back.searchParams.get("code");
}

const provider = {
  get redirectUrl() { return REDIRECT; },
  clientMetadataUrl: plan.client_metadata_url,
  get clientMetadata() {
    return { client_name: "typescript-sdk-test", redirect_uris: [REDIRECT], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none" };
  },
  clientInformation() { return saved.client; },
  saveClientInformation(info) { saved.client = info; },
  tokens() { return saved.tokens; },
  saveTokens(tokens) { saved.tokens = tokens; },
  async redirectToAuthorization(url) { await consent(url); },
  saveCodeVerifier(v) { saved.verifier = v; },
  codeVerifier() { return saved.verifier; },
};

const out = {};
try {
  let transport = new StreamableHTTPClientTransport(new URL(plan.url), { authProvider: provider });
  let client = new Client({ name: "preloop-oauth-ts", version: "1.0.0" });
  try {
    await client.connect(transport);
  } catch (e) {
    if (!(e instanceof UnauthorizedError)) throw e;
    await transport.finishAuth(saved.code);
    transport = new StreamableHTTPClientTransport(new URL(plan.url), { authProvider: provider });
    client = new Client({ name: "preloop-oauth-ts", version: "1.0.0" });
    await client.connect(transport);
  }
  const result = await client.callTool({ name: plan.tool, arguments: plan.arguments ?? {} });
  out.text = (result.content ?? []).map((c) => c.text ?? "").join("");
  out.is_error = Boolean(result.isError);
  out.access_token = saved.tokens?.access_token ?? null;
  out.refresh_token = saved.tokens?.refresh_token ?? null;
  out.client_id = saved.client?.client_id ?? plan.client_metadata_url ?? null;
  out.authorize_url = saved.authorizeUrl;
  await client.close();
} catch (e) {
  out.fatal = `${e?.name}: ${e?.message}`;
}
process.stdout.write(JSON.stringify(out));
