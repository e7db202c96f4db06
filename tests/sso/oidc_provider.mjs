// A real OpenID Provider (the certified npm package oidc-provider) for the single sign-on tests, on loopback.
//
// Started by tests/sso/oidc_test_provider.py with, in the environment:
//   OIDC_TEST_PORT                 the port on 127.0.0.1 (the issuer is http://127.0.0.1:<port>)
//   OIDC_TEST_CLIENT_ID/_SECRET    the portal's registration
//   OIDC_TEST_REDIRECT_URIS        the portal's callback URLs, space-separated
//   OIDC_TEST_POST_LOGOUT_URIS     where the provider may send the browser after logging out, space-separated
//   OIDC_TEST_ID_TOKEN             "" (behaves), "wrong-audience" or "expired": the token endpoint then
//                                  re-signs the ID token, with the provider's own key, with that fault, so
//                                  the portal's own checks are what refuses it.
// Sign-in uses the package's development login form: a login from ACCOUNTS, any password.
import Provider from 'oidc-provider';
import { createHash, randomUUID } from 'node:crypto';
import { CompactSign, exportJWK, generateKeyPair, importJWK } from 'jose';

const port = Number(process.env.OIDC_TEST_PORT);
const issuer = `http://127.0.0.1:${port}`;
const fault = process.env.OIDC_TEST_ID_TOKEN || '';
const words = (name) => (process.env[name] || '').split(' ').filter(Boolean);

// Static test people, by login. The subject the portal gets is pairwise (subject_type below): an opaque key
// per client, stable across sign-ins, as Entra ID's is; never the e-mail or the login.
const ACCOUNTS = {
  leder: {
    name: 'Lene Leder', given_name: 'Lene', family_name: 'Leder',
    email: 'lene.leder@kommune.example', email_verified: true, preferred_username: 'leder',
    department: 'Digitalisering', groups: ['portal-brugere', 'alle-ansatte'],
  },
  nanna: {
    name: 'Nanna Nyansat', given_name: 'Nanna', family_name: 'Nyansat',
    email: 'nanna.nyansat@kommune.example', email_verified: true, preferred_username: 'nanna.nyansat',
    department: 'Borgerservice', groups: ['portal-brugere'],
  },
  ulrik: {
    name: 'Ulrik Udenfor', given_name: 'Ulrik', family_name: 'Udenfor',
    email: 'ulrik.udenfor@kommune.example', email_verified: true, preferred_username: 'ulrik.udenfor',
    department: 'Teknik og Miljø', groups: ['alle-ansatte'],
  },
};

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
// A new key id per process, as after a key rotation: a portal that cached another run's keys must fetch again.
const signingKey = { ...(await exportJWK(privateKey)), kid: randomUUID(), use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_TEST_CLIENT_ID,
    client_secret: process.env.OIDC_TEST_CLIENT_SECRET,
    redirect_uris: words('OIDC_TEST_REDIRECT_URIS'),
    post_logout_redirect_uris: words('OIDC_TEST_POST_LOGOUT_URIS'),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    subject_type: 'pairwise',
  }],
  jwks: { keys: [signingKey] },
  subjectTypes: ['public', 'pairwise'],
  async pairwiseIdentifier(ctx, accountId, client) {
    return createHash('sha256').update(`${client.sectorIdentifier}|${accountId}|test-provider`).digest('hex');
  },
  cookies: { keys: ['test-only-cookie-key'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username', 'department', 'groups'],
  },
  // The claims ride in the ID token, as Entra ID and AD FS send them.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  // An employee's own municipality asks no consent for its own portal: the grant is made on the spot.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    return grant;
  },
});

async function resign(idToken) {
  const claims = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString());
  const now = Math.floor(Date.now() / 1000);
  if (fault === 'wrong-audience') claims.aud = 'en-helt-anden-klient';
  if (fault === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid, typ: 'JWT' })
    .sign(await importJWK(signingKey, 'RS256'));
}

if (fault) {
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.body && ctx.body.id_token) {
      ctx.body = { ...ctx.body, id_token: await resign(ctx.body.id_token) };
    }
  });
}

// The tests attach this log to their failures.
provider.on('server_error', (ctx, error) => console.error('server_error', ctx.path, error));

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer} (fault: ${fault || 'none'})`);
});
