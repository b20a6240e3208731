// A real OAuth 2.1 / OpenID Connect authorization server for the acceptance
// tests of upstream MCP servers that require OAuth, built on `oidc-provider`
// (9.x, tests/package.json). It runs offline, in memory, and nobody has to
// click anything: every authorization request is approved as the fixed user
// `alice`, granting what was asked for.
//
//   - issuer `http://127.0.0.1:PORT`, metadata at both
//     /.well-known/openid-configuration and (RFC 8414, which MCP clients try
//     first) /.well-known/oauth-authorization-server;
//   - open dynamic client registration (RFC 7591) at /reg, no initial access
//     token. A public client (`token_endpoint_auth_method: "none"`) must use
//     PKCE S256. Its `application_type` may be left out: the default, `web`,
//     accepts an http://127.0.0.1:<port>/... redirect URI for the code flow
//     (only `implicit` web clients are held to https) and matches it exactly,
//     port included. (`native` would accept loopback http too, with any port.)
//   - resource indicators (RFC 8707): RESOURCE_URL is the only resource
//     server; its one scope is `mcp`, and its access tokens are RS256 JWTs
//     with `aud` = RESOURCE_URL, signed with a key generated at start and
//     published at /jwks. Any other `resource` is `invalid_target`, and there
//     is no default resource: a client that sends none gets no token for it.
//   - a refresh token is issued to every client registered with the
//     `refresh_token` grant (`offline_access` is not needed); refresh tokens of
//     public clients rotate on use. ACCESS_TTL (seconds, default 3600) is the
//     access tokens' lifetime, so a test can make them expire quickly.
//   - GET /test/stats: how many authorizations (codes issued) and token
//     responses (by code, by refresh) there were.
//
// The interaction (login + consent) is this script's /interaction/:uid route,
// which finishes at once as `alice` with a grant for the requested scopes and
// resource. The provider keeps the request's state in cookies, which a browser
// (or an HTTP client with a cookie jar) carries along the redirects; for an
// HTTP client without one, the cookies are put back from the interaction they
// name (that is a test fixture's shortcut, not something to copy).
//
// Usage: node oauth_provider.mjs PORT RESOURCE_URL
// Prints `ready` on stdout once listening; errors go to stderr.

import { generateKeyPairSync } from 'node:crypto';

import Provider, { errors } from 'oidc-provider';

// oidc-provider prints its development notices with console.info, i.e. on
// stdout, which is kept for the `ready` line.
console.info = (...args) => console.error(...args);

const [portArg, RESOURCE] = process.argv.slice(2);
if (!portArg || !RESOURCE) {
  console.error('usage: node oauth_provider.mjs PORT RESOURCE_URL');
  process.exit(2);
}
const PORT = Number(portArg);
const ISSUER = `http://127.0.0.1:${PORT}`;
const ACCESS_TTL = Number(process.env.ACCESS_TTL || 3600);
const ACCOUNT = 'alice';
const RESOURCE_SCOPE = 'mcp';
const OIDC_SCOPES = ['openid', 'offline_access'];

const signingKey = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: 'fixture-rs256',
  alg: 'RS256',
  use: 'sig',
};

const stats = { authorizations: 0, token_by_code: 0, token_by_refresh: 0 };

const provider = new Provider(ISSUER, {
  jwks: { keys: [signingKey] },
  scopes: OIDC_SCOPES,
  claims: { openid: ['sub'] },
  async findAccount(_ctx, id) {
    return { accountId: id, async claims() { return { sub: id }; } };
  },
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true, initialAccessToken: false },
    revocation: { enabled: true },
    introspection: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // A token request for a code or refresh token that carries one resource
      // gets an access token for it, whether or not `openid` was granted.
      useGrantedResource: async () => true,
      async getResourceServerInfo(_ctx, indicator) {
        if (indicator !== RESOURCE) {
          throw new errors.InvalidTarget(`unknown resource ${indicator}`);
        }
        return {
          scope: RESOURCE_SCOPE,
          audience: RESOURCE,
          accessTokenTTL: ACCESS_TTL,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  pkce: { required: () => true },
  ttl: {
    AccessToken: ACCESS_TTL,
    AuthorizationCode: 60,
    Grant: 24 * 60 * 60,
    IdToken: 3600,
    Interaction: 600,
    RefreshToken: 24 * 60 * 60,
    Session: 24 * 60 * 60,
  },
  // Tokens of clients registered in this process only: allow any origin.
  clientBasedCORS: () => true,
  renderError(ctx, out) {
    ctx.type = 'json';
    ctx.body = out;
  },
});

provider.on('authorization.success', () => { stats.authorizations += 1; });
provider.on('grant.success', (ctx) => {
  const grantType = ctx.oidc.params?.grant_type;
  if (grantType === 'authorization_code') stats.token_by_code += 1;
  if (grantType === 'refresh_token') stats.token_by_refresh += 1;
});
for (const event of [
  'server_error', 'authorization.error', 'grant.error', 'registration_create.error',
  'introspection.error', 'revocation.error', 'jwks.error', 'discovery.error',
]) {
  provider.on(event, (_ctx, err) => {
    console.error(`oauth_provider ${event}: ${err?.name}: ${err?.message}${err?.error_description ? ` (${err.error_description})` : ''}`);
  });
}

// The grant `alice` gives: every requested OpenID scope, and `mcp` on each
// requested resource (only RESOURCE_URL gets this far).
async function grantFor(interaction) {
  const { params } = interaction;
  const grant = interaction.grantId
    ? await provider.Grant.find(interaction.grantId)
    : new provider.Grant({ accountId: ACCOUNT, clientId: params.client_id });
  const requested = (params.scope || '').split(' ').filter(Boolean);
  const oidc = requested.filter((scope) => OIDC_SCOPES.includes(scope));
  if (oidc.length) grant.addOIDCScope(oidc.join(' '));
  const resources = [params.resource || []].flat();
  for (const resource of resources) {
    const scopes = requested.filter((scope) => scope === RESOURCE_SCOPE);
    grant.addResourceScope(resource, scopes.length ? scopes.join(' ') : RESOURCE_SCOPE);
  }
  return grant.save();
}

provider.use(async (ctx, next) => {
  if (ctx.method === 'GET' && ctx.path === '/test/stats') {
    ctx.type = 'json';
    ctx.body = stats;
    return;
  }
  // RFC 8414 metadata: the same document as OpenID discovery.
  if (ctx.path === '/.well-known/oauth-authorization-server') {
    ctx.path = '/.well-known/openid-configuration';
  }

  const resume = ctx.path.match(/^\/(interaction|auth)\/([\w-]+)$/);
  if (resume && !ctx.get('cookie')) {
    // No cookie jar: restore the cookies this step would have carried.
    const interaction = await provider.Interaction.find(resume[2]);
    if (interaction) {
      const cookies = [`_interaction=${interaction.uid}`, `_interaction_resume=${interaction.uid}`];
      if (interaction.session?.cookie) cookies.push(`_session=${interaction.session.cookie}`);
      ctx.req.headers.cookie = cookies.join('; ');
    }
  }

  if (resume?.[1] === 'interaction' && ctx.method === 'GET') {
    try {
      const interaction = await provider.interactionDetails(ctx.req, ctx.res);
      const grantId = await grantFor(interaction);
      const redirectTo = await provider.interactionResult(ctx.req, ctx.res, {
        login: { accountId: ACCOUNT },
        consent: { grantId },
      }, { mergeWithLastSubmission: false });
      ctx.status = 303;
      ctx.redirect(redirectTo);
    } catch (err) {
      console.error(`oauth_provider interaction: ${err?.name}: ${err?.message}`);
      ctx.status = 400;
      ctx.type = 'json';
      ctx.body = { error: 'interaction_failed', error_description: String(err?.message) };
    }
    return;
  }
  await next();
});

provider.listen(PORT, '127.0.0.1', () => {
  process.stdout.write('ready\n');
});
