#!/usr/bin/env node
// The reference of scripts/bench.sh: the thesis ping-pong on a bare `ws` server (the WebSocket library that
// socketcluster-server and socket.io run on), with no protocol above it beyond what the load clients need.
// It shows what this host and client give any server (the most pongs/s, the least latency and memory to
// expect), so the other figures can be read against it.
// It answers in the SocketCluster dialect (scripts/bench/dialect.mjs):
// - `{"event":"#handshake",…,"cid":c}`     -> `{"rid":c,"data":{"id":…,"pingTimeout":20000,"isAuthenticated":false}}`;
// - transmitted `{"event":"ping",…}`        -> transmits `{"event":"pong","data":N}`;
// - invoked `{"event":"ping",…,"cid":c}`   -> answers `{"rid":c,"data":N}`;
// N being the number of pings this process has handled. Every message is parsed (JSON.parse) as a real server
// would; there are no heartbeats, channels, auth or middleware, and anything else is ignored.
//
//   node --expose-gc scripts/bench/peers/ws.mjs [--port=8182]
//
// Listens on 127.0.0.1 only, path /socketcluster/. serve.mjs has the ready line, memory readings and stop.

import { WebSocketServer } from 'ws';
import { serve, pings } from './serve.mjs';

const PATH = '/socketcluster/';

serve('ws', PATH, (httpServer) => {
  const wss = new WebSocketServer({ server: httpServer, path: PATH });
  let sessions = 0;

  wss.on('connection', (socket) => {
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      let frame;
      try { frame = JSON.parse(data); } catch { return; }
      if (frame === null || typeof frame !== 'object') return;
      if (frame.event === 'ping') {
        const count = ++pings.count;
        socket.send(JSON.stringify(frame.cid === undefined ? { event: 'pong', data: count } : { rid: frame.cid, data: count }));
      } else if (frame.event === '#handshake' && frame.cid !== undefined) {
        socket.send(JSON.stringify({ rid: frame.cid, data: { id: `ws-${++sessions}`, pingTimeout: 20000, isAuthenticated: false } }));
      }
    });
  });

  return {
    connections: () => wss.clients.size,
    close: () => {
      for (const socket of wss.clients) socket.terminate();
      wss.close();
    },
  };
});
