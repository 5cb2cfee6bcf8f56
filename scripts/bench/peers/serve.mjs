// What the two peer servers share: options, an HTTP server on 127.0.0.1 only, the ready line, memory
// readings on request, and stopping on a signal.
//
// Contract with scripts/bench.sh (and anyone starting a peer by hand):
// - `READY <engine> pid=<pid> port=<port> url=<ws url>` on stdout once the server listens;
// - on SIGUSR2: a full GC (the script runs with --expose-gc; without it no GC) and then
//   `MEMORY {"rssKB":…,"heapUsedBytes":…,"connections":…}` on stdout, RSS read from /proc/self/status;
// - on SIGTERM/SIGINT: the listener and every socket are closed and the process exits 0 within 5 s
//   (`STOPPED <pings>` on stdout first), so it is stopped by its PID alone;
// - the server never runs longer than --max-seconds (default 3 h), so a forgotten one ends by itself.

import http from 'node:http';
import fs from 'node:fs';
import { parseOptions } from '../options.mjs';

/**
 * Parses the options of a peer server script and starts its HTTP server on 127.0.0.1.
 *
 * @param {string} engine        'socketcluster', 'socketio' or 'ws', for messages
 * @param {string} path          the WebSocket path the engine serves
 * @param {(server: http.Server) => {connections: () => number, close: () => void}} attach  binds the engine
 *        to the HTTP server and returns how to count its connected sockets and how to close them all
 */
export function serve(engine, path, attach) {
  const usage = `node --expose-gc ${engine}.mjs [--port=8182] [--max-seconds=10800]`;
  const options = parseOptions(process.argv.slice(2), {
    port: { env: 'BENCH_PEER_PORT', fallback: 8182, kind: 'int' },
    maxSeconds: { env: 'BENCH_PEER_MAX_SECONDS', fallback: 10_800, kind: 'seconds' },
  }, engine, usage);

  const server = http.createServer((req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(`${engine} peer of the SocketGrid benchmark: WebSocket only, at ${path}\n`);
  });
  const engineHandle = attach(server);

  server.on('error', (err) => {
    process.stderr.write(`${engine}: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(options.port, '127.0.0.1', () => {
    process.stdout.write(`READY ${engine} pid=${process.pid} port=${options.port} ` +
      `url=ws://127.0.0.1:${options.port}${path}\n`);
  });

  process.on('SIGUSR2', () => {
    if (typeof global.gc === 'function') global.gc();
    const rssKB = Number((/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8')) || [])[1]);
    process.stdout.write(`MEMORY ${JSON.stringify({ rssKB, heapUsedBytes: process.memoryUsage().heapUsed,
      connections: engineHandle.connections(), gc: typeof global.gc === 'function' })}\n`);
  });

  const stop = (why) => {
    process.stdout.write(`STOPPED ${pings.count} pings (${why})\n`);
    engineHandle.close();
    server.close();
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 200).unref();
    setTimeout(() => process.exit(0), 5000);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  setTimeout(() => stop(`ran ${options.maxSeconds} s`), options.maxSeconds * 1000).unref();
}

/**
 * The thesis counter (Appendix A.1, and SocketGrid's PingPongApplication): the number of pings this
 * process has handled, incremented once per ping, transmitted or invoked.
 */
export const pings = { count: 0 };

/** The largest file a `ping.file` asks for, as in SocketGrid's PingPongApplication. */
const MAX_FILE_BYTES = 512 * 1024;
const files = new Map();

/**
 * The thesis's file variant (Appendix A.2, §4.5), answered like SocketGrid's PingPongApplication: for
 * `ping.file` with `{size: S}` the reply `{count, name: 'foo.txt', size: S, data: <base64 of S bytes>}`, the
 * file being S bytes of `abc…z` repeated, encoded anew for every reply (as the thesis's `delivery` did); the
 * ping is counted like any other. Throws on a size that is not a whole number from 0 to 512 KiB.
 *
 * @param {unknown} data  the event's data
 */
export function fileReply(data) {
  const size = data !== null && typeof data === 'object' ? data.size : undefined;
  if (!Number.isInteger(size) || size < 0 || size > MAX_FILE_BYTES) {
    throw new Error(`ping.file wants {"size": 0 to ${MAX_FILE_BYTES}}`);
  }
  let file = files.get(size);
  if (!file) {
    file = Buffer.alloc(size);
    for (let i = 0; i < size; i++) file[i] = 97 + (i % 26);
    if (files.size < 8) files.set(size, file);
  }
  return { count: ++pings.count, name: 'foo.txt', size, data: file.toString('base64') };
}
