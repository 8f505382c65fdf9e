// An OpenID Connect frontend signing in to vocrehab with openid-client, as a
// single-page app's back end or a native app would: discovery, PKCE, the login
// form (driven here as the user's browser would fill it in), the ID token
// checked against the JWKS, userinfo, the API, and logout.
// Prints what it learnt as JSON; tests/auth/test_serve_oauth.py checks it.
import * as client from "openid-client";

const env = process.env;
const base = new URL(env.VOCREHAB_BASE);
// The test server is plain http on the loopback interface.
const execute = [client.allowInsecureRequests];

const config = await client.discovery(base, env.CLIENT_ID, undefined, client.None(), { execute });
client.enableNonRepudiationChecks(config); // verify the ID token's signature with the JWKS

const verifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const nonce = client.randomNonce();
const authorizationUrl = client.buildAuthorizationUrl(config, {
  redirect_uri: env.REDIRECT_URI,
  scope: "openid profile cases:read actors:read",
  code_challenge: await client.calculatePKCECodeChallenge(verifier),
  code_challenge_method: "S256",
  state,
  nonce,
});

// The user's browser: open the page, sign in, allow; the server redirects back.
const page = await fetch(authorizationUrl, { redirect: "manual" });
const cookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
const html = await page.text();
const unescape = (s) =>
  s.replace(/&(#x27|quot|lt|gt|amp);/g, (_, e) => ({ "#x27": "'", quot: '"', lt: "<", gt: ">", amp: "&" })[e]);
const form = new URLSearchParams();
for (const [, name, value] of html.matchAll(/<input type=hidden name="([^"]*)" value="([^"]*)">/g)) {
  form.append(unescape(name), unescape(value));
}
form.append("username", env.USERNAME);
form.append("password", env.PASSWORD);
form.append("decision", "allow");
const signedIn = await fetch(new URL("/oauth/authorize", base), {
  method: "POST",
  body: form,
  headers: { cookie, origin: base.origin },
  redirect: "manual",
});
const callback = new URL(signedIn.headers.get("location"));

const tokens = await client.authorizationCodeGrant(config, callback, {
  pkceCodeVerifier: verifier,
  expectedState: state,
  expectedNonce: nonce,
  idTokenExpected: true,
});
const claims = tokens.claims();
const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
const api = await client.fetchProtectedResource(
  config,
  tokens.access_token,
  new URL("/graphql", base),
  "POST",
  JSON.stringify({ query: "{ viewer { stakeholderType actor { id } } }" }),
  new Headers({ "content-type": "application/json" }),
);

const logoutUrl = client.buildEndSessionUrl(config, {
  id_token_hint: tokens.id_token,
  post_logout_redirect_uri: env.POST_LOGOUT_URI,
  state: "bye",
});
const logout = await fetch(logoutUrl, { redirect: "manual" });
let refreshAfterLogout;
try {
  await client.refreshTokenGrant(config, tokens.refresh_token);
  refreshAfterLogout = "granted";
} catch (error) {
  refreshAfterLogout = error.error ?? String(error);
}

console.log(
  JSON.stringify({
    scope: tokens.scope,
    claims,
    userinfo,
    viewer: (await api.json()).data.viewer,
    logout: { status: logout.status, location: logout.headers.get("location") },
    refreshAfterLogout,
  }),
);
