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

/** A WebSocket whose upgrade is refused (say HTTP 500): 'error', then 'close' 1006, as Node's `ws` reports it. */
class RefusedWebSocket {
  static created = [];

  constructor() {
    RefusedWebSocket.created.push(this);
    setTimeout(() => {
      this.errorHeard = typeof this.onerror === 'function'; // `ws` throws an error nobody listens to
      if (this.errorHeard) this.onerror(new Error('Unexpected server response: 500'));
      this.onclose?.({ code: 1006, reason: '' });
    }, 0);
  }

  close() {}
}

test('a refused upgrade is heard as an error and retried', async () => {
  const socket = SocketGrid.connect('ws://fake/socketcluster/', { WebSocket: RefusedWebSocket, initialDelay: 1, maxDelay: 2 });
  try {
    const deadline = Date.now() + 5000;
    while (RefusedWebSocket.created.length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    assert.ok(RefusedWebSocket.created.length >= 2, 'the client tried again');
    assert.equal(RefusedWebSocket.created[0].errorHeard, true, "the client listens for 'error'");
  } finally {
    socket.close();
  }
});

/**
 * A WebSocket with a scripted server: answers the handshake and a subscription to 'news' (at e1/40), then
 * sends `afterSubscribe`'s frames in order.
 */
class ScriptedWebSocket {
  static afterSubscribe = [];

  constructor() {
    setTimeout(() => this.onopen?.({}), 0);
  }

  send(text) {
    if (text === '') return;
    const frame = JSON.parse(text);
    const answer = (data) => setTimeout(() => this.onmessage?.({ data: JSON.stringify({ rid: frame.cid, data }) }), 0);
    if (frame.event === '#handshake') answer({ id: 'n.1', pingTimeout: 20000, isAuthenticated: false });
    if (frame.event === '#subscribe') {
      answer({ epoch: 'e1', offset: 40 });
      for (const next of ScriptedWebSocket.afterSubscribe) {
        setTimeout(() => this.onmessage?.({ data: JSON.stringify(next) }), 0);
      }
    }
  }

  close() {}
}

test("a server's #gap notice is told as a failed recovery, and the channel goes on", async () => {
  const publish = (data, offset) => ({ event: '#publish', data: { channel: 'news', data, epoch: 'e1', offset } });
  const gap = (channel, epoch, from, to) => ({ event: '#gap', data: { channel, epoch, from, to } });
  ScriptedWebSocket.afterSubscribe = [publish(1, 41), gap('news', 'e1', 42, 50), publish(2, 51),
    gap('news', 'e1', 45, 49), gap('other', 'e1', 1, 2), gap('news', 'e0', 60, 70), publish(3, 52)];
  const socket = SocketGrid.connect('ws://fake/socketcluster/', { WebSocket: ScriptedWebSocket });
  const seen = [];
  try {
    socket.on('recovery', (status) => seen.push(status));
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${JSON.stringify(seen)} within 5 s`)), 5000);
      socket.subscribe('news', (data) => {
        seen.push(data);
        if (data === 3) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    assert.deepEqual(seen, [1, { channel: 'news', recovered: false }, 2, 3]);
  } finally {
    socket.close();
  }
});
