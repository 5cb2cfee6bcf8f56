// The official socketcluster-client's auth API against SocketGrid: node auth-interop.mjs <http base URL>
// socket.authState, socket.authToken, the 'authenticate'/'deauthenticate' events, socket.authenticate(token),
// socket.deauthenticate(), a refused token, and the stored token presented again on reconnect.
// Prints one line per passed step and exits 0; any failure or a step taking over 10 s exits 1.
import assert from 'node:assert/strict';
import { create } from 'socketcluster-client';
import { connected, within } from './steps.mjs';

const base = new URL(process.argv[2] ?? 'http://127.0.0.1:8080/');

async function main() {
  const socket = create({
    hostname: base.hostname,
    port: Number(base.port),
    path: `${base.pathname}socketcluster/`,
    autoReconnect: false,
  });
  try {
    await within(connected(socket), 'connect');
    assert.equal(socket.authState, socket.UNAUTHENTICATED);
    console.log('ok unauthenticated after connect');

    // the server signs a token and pushes it (#setAuthToken)
    const authenticated = within(socket.listener('authenticate').once(), "'authenticate' after login");
    assert.equal(await within(socket.invoke('login', 'erin'), "invoke('login')"), true);
    await authenticated;
    assert.equal(socket.authState, socket.AUTHENTICATED);
    assert.equal(socket.authToken.username, 'erin');
    assert.ok(socket.authToken.exp > Date.now() / 1000, 'the token carries exp');
    const token = socket.signedAuthToken;
    console.log('ok authenticated by the server: authToken.username=erin');

    // client-side logout: #removeAuthToken reaches the server
    await socket.deauthenticate();
    assert.equal(socket.authState, socket.UNAUTHENTICATED);
    const after = await within(socket.invoke('whoami'), "invoke('whoami') after deauthenticate");
    assert.equal(after.authenticated, false);
    console.log('ok deauthenticate');

    // socket.authenticate(token) with the token kept from before
    const status = await within(socket.authenticate(token), 'authenticate(token)');
    assert.equal(status.isAuthenticated, true);
    assert.equal(socket.authState, socket.AUTHENTICATED);
    const who = await within(socket.invoke('whoami'), "invoke('whoami') after authenticate");
    assert.equal(who.token.username, 'erin');
    console.log('ok authenticate(token) -> authenticated');

    // a forged token: refused with AuthTokenInvalidError, the client drops to unauthenticated
    const refused = await within(socket.authenticate(`${token}x`), 'authenticate(forged)');
    assert.equal(refused.isAuthenticated, false);
    assert.equal(refused.authError.name, 'AuthTokenInvalidError');
    assert.equal(socket.authState, socket.UNAUTHENTICATED);
    console.log('ok authenticate(forged) -> AuthTokenInvalidError');

    // the server logs the socket out: #removeAuthToken to the client
    await within(socket.invoke('login', 'erin'), "invoke('login') again");
    if (socket.authState !== socket.AUTHENTICATED) {
      await within(socket.listener('authenticate').once(), "'authenticate' after the second login");
    }
    const deauthenticated = within(socket.listener('deauthenticate').once(), "'deauthenticate' after logout");
    await within(socket.invoke('logout'), "invoke('logout')");
    await deauthenticated;
    assert.equal(socket.authState, socket.UNAUTHENTICATED);
    console.log('ok logout by the server -> deauthenticate');

    // the client presents its stored token again when it reconnects
    await within(socket.invoke('login', 'erin'), "invoke('login') before reconnect");
    if (socket.authState !== socket.AUTHENTICATED) {
      await within(socket.listener('authenticate').once(), "'authenticate' before reconnect");
    }
    socket.disconnect();
    const reconnected = within(socket.listener('connect').once(), 'reconnect');
    socket.connect();
    const handshake = await reconnected;
    assert.equal(handshake.isAuthenticated, true);
    assert.equal(socket.authState, socket.AUTHENTICATED);
    console.log('ok token presented again on reconnect');
  } finally {
    socket.disconnect();
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(`FAILED: ${error.stack ?? error}`);
  process.exit(1);
});
