// A company's OpenID provider for the single sign-on tests, built on
// `oidc-provider` (9.x, tests/package.json), the certified implementation.
// It runs offline and in memory.
//
//   - issuer `http://127.0.0.1:PORT`, discovery at
//     /.well-known/openid-configuration; ID tokens are RS256, signed with a
//     key generated at start and published at /jwks;
//   - clients register themselves (RFC 7591, /reg, no initial access
//     token), as an admin would register Preloop in the provider's console;
//     PKCE (S256) is required of every client;
//   - scopes `openid email profile groups`; the claims they release come
//     from the userinfo endpoint (the ID token carries `sub`, as providers
//     do by default for the code flow);
//   - people are added by the tests: POST /test/people
//     {"sub", "email", "email_verified", "name", "groups"};
//   - the login page (/interaction/:uid) is a form that takes a `login`
//     (a person's `sub`); posting it signs that person in and grants what
//     was asked; posting `deny=1` refuses, as a person pressing Cancel.
//     A test drives it with an HTTP client that keeps cookies, as a
//     browser does.
//
// Usage: node oidc_idp.mjs PORT
// Prints `ready` on stdout once listening; errors go to stderr.

import { generateKeyPairSync } from 'node:crypto';

import Provider from 'oidc-provider';

// oidc-provider prints its development notices with console.info, i.e. on
// stdout, which is kept for the `ready` line.
console.info = (...args) => console.error(...args);

const PORT = Number(process.argv[2]);
if (!PORT) {
  console.error('usage: node oidc_idp.mjs PORT');
  process.exit(2);
}
const ISSUER = `http://127.0.0.1:${PORT}`;

const signingKey = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: 'idp-rs256',
  alg: 'RS256',
  use: 'sig',
};

const people = new Map();

const provider = new Provider(ISSUER, {
  jwks: { keys: [signingKey] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  async findAccount(_ctx, id) {
    const person = people.get(id);
    if (!person) return undefined;
    return { accountId: id, async claims() { return { ...person }; } };
  },
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true, initialAccessToken: false },
    revocation: { enabled: true },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    Grant: 3600,
    IdToken: 600,
    Interaction: 600,
    Session: 3600,
  },
  renderError(ctx, out) {
    ctx.type = 'json';
    ctx.body = out;
  },
});

for (const event of ['server_error', 'authorization.error', 'grant.error', 'userinfo.error']) {
  provider.on(event, (_ctx, err) => {
    console.error(`oidc_idp ${event}: ${err?.name}: ${err?.message}${err?.error_description ? ` (${err.error_description})` : ''}`);
  });
}

async function readForm(ctx) {
  let raw = '';
  for await (const chunk of ctx.req) raw += chunk;
  return new URLSearchParams(raw);
}

async function readJson(ctx) {
  let raw = '';
  for await (const chunk of ctx.req) raw += chunk;
  return JSON.parse(raw || '{}');
}

provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path === '/test/people') {
    const person = await readJson(ctx);
    people.set(person.sub, person);
    ctx.status = 201;
    ctx.type = 'json';
    ctx.body = person;
    return;
  }
  const step = ctx.path.match(/^\/interaction\/([\w-]+)$/);
  if (step && ctx.method === 'GET') {
    await provider.interactionDetails(ctx.req, ctx.res);
    ctx.type = 'html';
    ctx.body = `<!doctype html><title>Sign in</title><form method="post" action="/interaction/${step[1]}">
      <label>Login <input name="login"></label><button>Sign in</button>
      <button name="deny" value="1">Cancel</button></form>`;
    return;
  }
  if (step && ctx.method === 'POST') {
    const form = await readForm(ctx);
    const interaction = await provider.interactionDetails(ctx.req, ctx.res);
    let result;
    if (form.get('deny')) {
      result = { error: 'access_denied', error_description: 'the person cancelled' };
    } else {
      const login = form.get('login');
      if (!people.has(login)) {
        ctx.status = 400;
        ctx.body = 'no such person';
        return;
      }
      const grant = new provider.Grant({ accountId: login, clientId: interaction.params.client_id });
      grant.addOIDCScope(interaction.params.scope);
      result = { login: { accountId: login }, consent: { grantId: await grant.save() } };
    }
    const redirectTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(redirectTo);
    return;
  }
  await next();
});

provider.listen(PORT, '127.0.0.1', () => {
  process.stdout.write('ready\n');
});
