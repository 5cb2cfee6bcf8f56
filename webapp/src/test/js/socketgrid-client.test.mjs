// Tests of the browser client's lifecycle (js/socketgrid-client.js) without a browser or server:
// `node --test webapp/src/test/js/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SocketGrid } from '../../main/webapp/js/socketgrid-client.js';

/**
 * A WebSocket that never opens and, like Node's `ws`, reports close() during the opening handshake as an
 * error event, which fails loudly when nobody listens (`ws` throws an unheard 'error' from its emitter).
 */
class NeverOpeningWebSocket {
  static created = [];

  constructor() {
    NeverOpeningWebSocket.created.push(this);
  }

  close() {
    const error = new Error('WebSocket was closed before the connection was established');
    if (typeof this.onerror !== 'function') throw error;
    this.onerror(error);
  }
}

test('closing a socket that is still connecting raises nothing and ends the socket', () => {
  const socket = SocketGrid.connect('ws://fake/socketcluster/', { WebSocket: NeverOpeningWebSocket });
  assert.equal(NeverOpeningWebSocket.created.length, 1);
  assert.doesNotThrow(() => socket.close());
  assert.equal(socket.state, 'closed');
});
