#!/usr/bin/env node
// The thesis ping-pong on socketcluster-server 20 (protocol v2, its defaults otherwise), the SocketCluster
// peer of scripts/bench.sh. It answers exactly like SocketGrid's PingPongApplication:
// - transmitted `{"event":"ping","data":…}`  -> transmits `{"event":"pong","data":N}`;
// - invoked `{"event":"ping","data":…,"cid":c}` -> answers `{"rid":c,"data":N}`;
// - invoked `{"event":"ping.file","data":{"size":S},"cid":c}` -> answers `{"rid":c,"data":{count,name,size,data}}`
//   (the thesis's file variant: S bytes in base64; serve.mjs fileReply);
// N being the number of pings this process has handled (all kinds counted).
//
//   node --expose-gc scripts/bench/peers/socketcluster.mjs [--port=8182]
//
// Listens on 127.0.0.1 only, path /socketcluster/. serve.mjs has the ready line, memory readings and stop.

import socketClusterServer from 'socketcluster-server';
import { serve, pings, fileReply } from './serve.mjs';

const PATH = '/socketcluster/';

serve('socketcluster', PATH, (httpServer) => {
  const agServer = socketClusterServer.attach(httpServer, { path: PATH });

  (async () => {
    for await (const { error } of agServer.listener('error')) process.stderr.write(`socketcluster: ${error.message}\n`);
  })();

  (async () => {
    for await (const { socket } of agServer.listener('connection')) {
      (async () => {
        for await (const data of socket.receiver('ping')) { // eslint-disable-line no-unused-vars
          socket.transmit('pong', ++pings.count);
        }
      })();
      (async () => {
        for await (const request of socket.procedure('ping')) {
          request.end(++pings.count);
        }
      })();
      (async () => {
        for await (const request of socket.procedure('ping.file')) {
          try {
            request.end(fileReply(request.data));
          } catch (err) {
            const error = new Error(err.message);
            error.name = 'InvalidArgumentsError';
            request.error(error);
          }
        }
      })();
    }
  })();

  return {
    connections: () => agServer.clientsCount,
    close: () => agServer.close(),
  };
});
