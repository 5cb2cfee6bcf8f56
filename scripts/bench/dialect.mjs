// The wire dialects the load clients speak, so that the same client (raw `ws`, the same code path and cost)
// drives SocketGrid, socketcluster-server and socket.io. A dialect knows how to open a session, which frames
// are heartbeats and how to answer them, and what the thesis ping and its pong look like. Nothing else of
// either protocol is implemented (no acks, no namespaces, no binary events, no reconnection).
//
// socketcluster: SocketCluster protocol v2, what SocketGrid and socketcluster-server 20 speak by default.
//   open         client `{"event":"#handshake","data":{},"cid":1}`,
//                server `{"rid":1,"data":{"id":…,"pingTimeout":…,"isAuthenticated":false}}` (or `"error"`)
//   heartbeat    server `""` -> client `""` (and the v1 `#1` -> `#2`, in case a server speaks v1)
//   ping / pong  client `{"event":"ping","data":{"param":"pong"}}`, server `{"event":"pong","data":N}`
// socketio: Socket.IO v4 over engine.io v4 framing on a WebSocket
//   (`ws://…/socket.io/?EIO=4&transport=websocket`; the query is added when the URL has none).
//   open         server `0{"sid":…,"pingInterval":…,…}` (engine.io open) -> client `40` (connect to "/"),
//                server `40{"sid":…}` (connected) or `44{…}` (connect error)
//   heartbeat    server `2` (engine.io ping) -> client `3` (pong)
//   ping / pong  client `42["ping",{"param":"pong"}]`, server `42["pong",N]`
// Both pongs end with one character after N (`}` or `]`), so N is text.slice(pongPrefix.length, -1).

/** What handshake() says of a frame. */
export const READY = 'ready';     // the session is open: events may be sent
export const PENDING = 'pending'; // a step of the opening, answered; not open yet

const SOCKETCLUSTER = {
  name: 'socketcluster',
  defaultUrl: 'ws://127.0.0.1:8181/socketcluster/',
  ping: Buffer.from('{"event":"ping","data":{"param":"pong"}}'),
  pongPrefix: '{"event":"pong","data":',
  url: (url) => url,
  opened(ws) {
    ws.send('{"event":"#handshake","data":{},"cid":1}');
  },
  heartbeatReply(data) {
    if (data.length === 0) return '';
    if (data.length === 2 && data[0] === 0x23 && data[1] === 0x31) return '#2'; // '#1'
    return null;
  },
  handshake(text) {
    let frame;
    try { frame = JSON.parse(text); } catch { return null; }
    if (!frame || frame.rid !== 1) return null;
    return frame.error ? { refused: JSON.stringify(frame.error) } : READY;
  },
};

const SOCKETIO = {
  name: 'socketio',
  defaultUrl: 'ws://127.0.0.1:8183/socket.io/?EIO=4&transport=websocket',
  ping: Buffer.from('42["ping",{"param":"pong"}]'),
  pongPrefix: '42["pong",',
  url(url) {
    const u = new URL(url);
    if (!u.searchParams.has('EIO')) u.searchParams.set('EIO', '4');
    if (!u.searchParams.has('transport')) u.searchParams.set('transport', 'websocket');
    return u.toString();
  },
  opened() { /* the server speaks first (engine.io open packet) */ },
  heartbeatReply(data) {
    return data.length === 1 && data[0] === 0x32 ? '3' : null; // '2' -> '3'
  },
  handshake(text, ws) {
    if (text.startsWith('0{')) { ws.send('40'); return PENDING; }
    if (text.startsWith('40')) return READY;
    if (text.startsWith('44')) return { refused: text.slice(2) };
    return null;
  },
};

export const DIALECTS = { socketcluster: SOCKETCLUSTER, socketio: SOCKETIO };
export const DIALECT_NAMES = Object.keys(DIALECTS);

/**
 * The option spec entries every load client shares: `--dialect` and `--url` (whose default follows the
 * dialect, see resolveTarget).
 */
export const TARGET_OPTIONS = {
  dialect: { env: 'BENCH_DIALECT', fallback: 'socketcluster', kind: DIALECT_NAMES },
  url: { env: 'BENCH_URL', fallback: '', kind: 'url' },
};

/** The dialect chosen in `options` and the URL to connect to (its default when --url was not given). */
export function resolveTarget(options) {
  const dialect = DIALECTS[options.dialect];
  return { dialect, url: dialect.url(options.url || dialect.defaultUrl) };
}

/**
 * Wires a `ws` WebSocket to `dialect` for a load client: sends the opening frames, answers heartbeats, and
 * calls `onReady()` once the session is open, `onRefused(reason)` when the server refuses it, and
 * `onFrame(text, isBinary)` for every other frame (pongs included). `onHeartbeat()` counts answered
 * heartbeats. Returns nothing; the caller still handles 'error' and 'close'.
 */
export function speak(ws, dialect, { onReady, onRefused, onFrame, onHeartbeat }) {
  let open = false;
  ws.on('open', () => dialect.opened(ws));
  ws.on('message', (data, isBinary) => {
    const reply = dialect.heartbeatReply(data);
    if (reply !== null) {
      ws.send(reply);
      onHeartbeat();
      return;
    }
    const text = data.toString();
    if (!open) {
      const verdict = dialect.handshake(text, ws);
      if (verdict === READY) { open = true; onReady(); return; }
      if (verdict === PENDING) return;
      if (verdict && verdict.refused !== undefined) { onRefused(verdict.refused); return; }
    }
    onFrame(text, isBinary);
  });
}
