// The account's tools as the tools pages show them: every upstream
// server's scanned tools under the names agents call them by, Preloop's
// own tools, and the tool configurations (rules) that apply to each.
//
// GET /api/v1/mcp-servers, GET /api/v1/mcp-servers/{id}/tools (one
// request per server: the API has no listing of all tools, so at most
// MAX_SERVERS servers are read, four at a time), GET
// /api/v1/tool-configurations and GET /api/v1/settings (the default action).
import { api } from '../api.js';
import { can } from '../auth.js';
import { mapLimit } from './admin-kit.js';

export const MAX_SERVERS = 50;
const SEPARATOR = '__';

/**
 * Preloop's own tools (functions/mcp-proxy/src/approvals.rs,
 * builtin_tools()). The API does not list them: they are written here.
 * The proxy answers them before any rule (functions/mcp-proxy/src/
 * tools.rs): only the kill switch and rate limits apply.
 */
export const BUILTIN_TOOLS = [
  {
    name: 'request_approval',
    title: 'Request human approval',
    description: 'Ask a human to approve an operation before doing it (anything, not only a tool call).',
    input_schema: { type: 'object', properties: { operation: { type: 'string' }, justification: { type: 'string' } }, required: ['operation'] },
  },
  {
    name: 'get_approval_status',
    title: 'Approval status',
    description: 'Check an approval request; once approved, it runs the approved call exactly once.',
    input_schema: { type: 'object', properties: { request_id: { type: 'string' } }, required: ['request_id'] },
  },
];

/** The prefix a server's tools carry: its own if set (even ''), else its name. */
export function prefixOf(server) {
  return server.prefix === null || server.prefix === undefined ? server.name : server.prefix;
}

/** The name agents call a server's tool by (functions/mcp-proxy/src/names.rs). */
export function exposedName(server, toolName) {
  const prefix = prefixOf(server);
  return prefix ? `${prefix}${SEPARATOR}${toolName}` : toolName;
}

/** The server whose tool `name` is, and the tool's own name there. */
export function serverOf(servers, name) {
  const cut = name.indexOf(SEPARATOR);
  if (cut > 0) {
    const server = servers.find((s) => prefixOf(s) === name.slice(0, cut));
    if (server) return { server, own: name.slice(cut + SEPARATOR.length) };
  }
  const bare = servers.find((s) => prefixOf(s) === '');
  return bare ? { server: bare, own: name } : null;
}

/**
 * What happens to calls of a tool, in one word for lists and counts:
 * - `deny` when the tool is disabled;
 * - else the action of its first enabled, enforced (not shadow),
 *   account-wide rule without a condition: calls that no earlier
 *   conditional rule catches get it;
 * - else `default`: such calls fall to the account's default action.
 * `conditional` counts the conditional rules tried before that.
 */
export function toolSummary(config, defaultAction) {
  if (!config) return { category: 'default', action: defaultAction, rules: 0, conditional: 0, disabled: false };
  const rules = config.rules || [];
  if (!config.is_enabled) return { category: 'deny', action: 'deny', rules: rules.length, conditional: 0, disabled: true };
  const live = rules.filter((r) => r.enabled && !r.shadow && (r.scope_kind || 'account') === 'account');
  const at = live.findIndex((r) => !r.condition);
  const conditional = (at < 0 ? live : live.slice(0, at)).length;
  if (at < 0) return { category: 'default', action: defaultAction, rules: rules.length, conditional, disabled: false };
  return { category: live[at].action, action: live[at].action, rules: rules.length, conditional, disabled: false };
}

/**
 * Everything the tools list needs. Parts the person may not read, or that
 * fail, come back empty with their error in `errors`.
 */
export async function loadCatalog() {
  const errors = [];
  const settle = (p, fallback) =>
    p.catch((err) => {
      errors.push(err);
      return fallback;
    });
  const [settings, configs, servers] = await Promise.all([
    settle(api('/api/v1/settings'), null),
    settle(api('/api/v1/tool-configurations').then((a) => a.tool_configurations || []), []),
    can('servers.read') ? settle(api('/api/v1/mcp-servers').then((a) => a.mcp_servers || []), []) : Promise.resolve([]),
  ]);
  const read = servers.slice(0, MAX_SERVERS);
  const tools = await mapLimit(read, 4, (s) => api(`/api/v1/mcp-servers/${encodeURIComponent(s.id)}/tools`).then((a) => a.tools || []));
  const sources = read.map((server, i) => ({
    server,
    tools: (tools[i].value || []).map((t) => ({ ...t, exposed: exposedName(server, t.name) })),
    error: tools[i].error || null,
  }));
  return {
    defaultAction: (settings && settings.default_action) || 'deny',
    configs,
    sources,
    moreServers: Math.max(0, servers.length - read.length),
    errors,
  };
}
