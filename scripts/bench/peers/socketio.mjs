#!/usr/bin/env node
// The thesis ping-pong on socket.io 4.8 (engine.io 6, protocol EIO=4; its defaults otherwise), the
// Socket.IO peer of scripts/bench.sh. It answers exactly like SocketGrid's PingPongApplication, in
// Socket.IO's framing:
// - event `42["ping",…]`           -> emits `42["pong",N]`;
// - event with an ack `42<id>["ping",…]` -> acknowledges `43<id>[N]`;
// - event with an ack `42<id>["ping.file",{"size":S}]` -> acknowledges `43<id>[{count,name,size,data}]` (the
//   thesis's file variant: S bytes in base64; serve.mjs fileReply), or `43<id>[{"error":…}]` for a bad size;
// N being the number of pings this process has handled (all kinds counted).
// For pub/sub fan-out (the load generator's `fanout` workload, the counterpart of SocketCluster's channels):
// - `42<id>["subscribe","C"]`                         -> joins room C, acknowledges `43<id>[true]`;
// - `42<id>["publish",{"channel":C,"data":D}]`        -> emits `42["publish",{"channel":C,"data":D}]` to room C
//                                                       (the publisher too, when it is in it), acknowledges `43<id>[true]`.
//
//   node --expose-gc scripts/bench/peers/socketio.mjs [--port=8183]
//
// Listens on 127.0.0.1 only, path /socket.io/ (no client bundle served). serve.mjs has the ready line,
// memory readings and stop.

import { Server } from 'socket.io';
import { serve, pings, fileReply } from './serve.mjs';

const PATH = '/socket.io/';

serve('socketio', PATH, (httpServer) => {
  const io = new Server(httpServer, { path: PATH, serveClient: false });

  io.on('connection', (socket) => {
    socket.on('ping', (...args) => {
      const ack = args[args.length - 1];
      const n = ++pings.count;
      if (typeof ack === 'function') ack(n);
      else socket.emit('pong', n);
    });
    socket.on('ping.file', (data, ack) => {
      if (typeof ack !== 'function') return;
      try {
        ack(fileReply(data));
      } catch (err) {
        ack({ error: err.message });
      }
    });
    socket.on('subscribe', (channel, ack) => {
      if (typeof channel === 'string') socket.join(channel);
      if (typeof ack === 'function') ack(typeof channel === 'string');
    });
    socket.on('publish', (message, ack) => {
      const ok = message !== null && typeof message === 'object' && typeof message.channel === 'string';
      if (ok) io.to(message.channel).emit('publish', { channel: message.channel, data: message.data });
      if (typeof ack === 'function') ack(ok);
    });
  });

  return {
    connections: () => io.engine.clientsCount,
    close: () => io.close(),
  };
});
