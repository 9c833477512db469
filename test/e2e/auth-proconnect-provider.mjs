// A local OpenID Connect provider standing in for ProConnect in tests (oidc-provider, with its development login
// form: any e-mail typed as "login" signs in as that agent). Run as a child process (the package is ESM and
// targets newer Node than Jest's module system supports):
//   node test/e2e/auth-proconnect-provider.mjs <port> <redirect_uri> <post_logout_redirect_uri>
// Prints "READY <issuer>" once listening; stops on SIGTERM.
import Provider from 'oidc-provider';

const [port, redirectUri, postLogout] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'ptce-test',
      client_secret: 'ptce-test-secret-0123456789abcdef',
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [postLogout],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  acrValues: ['eidas1'],
  scopes: ['openid', 'email', 'given_name', 'usual_name', 'uid', 'siret'],
  claims: {
    openid: ['sub'],
    email: ['email'],
    given_name: ['given_name'],
    usual_name: ['usual_name'],
    uid: ['uid'],
    siret: ['siret'],
    acr: null,
    amr: null,
  },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true }, claimsParameter: { enabled: true } },
  cookies: { keys: ['ptce-test-provider-cookie-key'] },
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, email: id, given_name: 'Agent', usual_name: 'Public', uid: id, siret: '11000001000018' }),
  }),
});
provider.on('server_error', (_ctx, err) => console.error('provider error', err));
const server = provider.listen(Number(port), '127.0.0.1', () => console.log(`READY ${issuer}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
