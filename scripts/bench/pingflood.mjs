#!/usr/bin/env node
// Closed-loop ping flood (the thesis workload, as fast as it goes) against a SocketCluster protocol v2 server
// (SocketGrid, socketcluster-server) or a Socket.IO v4 server (--dialect, see dialect.mjs).
//
// Every connection opens its session (SocketCluster: #handshake, cid 1; Socket.IO: engine.io open, then
// connect `40`), then transmits the thesis ping ({"event":"ping","data":{"param":"pong"}}, or
// 42["ping",{"param":"pong"}]) and waits for the server's pong ({"event":"pong","data":N}, or
// 42["pong",N]) before it transmits the next one: exactly one ping outstanding per connection. Heartbeats
// are answered. After a warm-up the pongs
// received during the measure window are counted and their round trips (ping sent -> pong received) kept.
// Prints ONE JSON line on stdout (pongsPerSec and latencyMs of the measure window, errors, closes, the
// client's own CPU use while measuring, and pongsPerSecEvery5s from the first ping on, which shows the
// server's JIT settling, and handshakeMs, from the start to the last session opened); progress and problems
// go to stderr.
//
//   node pingflood.mjs [--dialect=socketcluster|socketio] [--url=ws://127.0.0.1:8181/socketcluster/]
//                      [--connections=100] [--warmup=5] [--measure=15] [--connect-timeout=30]
//
// Each option may also come from the environment: BENCH_DIALECT, BENCH_URL, BENCH_CONNECTIONS, BENCH_WARMUP,
// BENCH_MEASURE, BENCH_CONNECT_TIMEOUT (seconds). Only loopback URLs (127.0.0.0/8, localhost) are accepted;
// the default URL follows the dialect (ws://127.0.0.1:8183/socket.io/?EIO=4&transport=websocket for socketio).
//
// Exit status: 0 when every connection handshook and pongs came back in the measure window (errors and
// closes during the run are reported in the JSON, not turned into a failure); 1 when a handshake failed or
// timed out or no pong arrived while measuring; 2 on bad options; 3 when the run overran its time bound.

import WebSocket from 'ws';
import { performance } from 'node:perf_hooks';
import { parseOptions } from './options.mjs';
import { Samples, distribution, printAndExit, round } from './figures.mjs';
import { TARGET_OPTIONS, resolveTarget, speak } from './dialect.mjs';
import { SocketCounters, clientReport, closeAll } from './sockets.mjs';

const USAGE = 'node pingflood.mjs [--dialect=socketcluster|socketio] [--url=ws://127.0.0.1:8181/socketcluster/] ' +
    '[--connections=100] [--warmup=5] [--measure=15] [--connect-timeout=30]';

const options = parseOptions(process.argv.slice(2), {
  ...TARGET_OPTIONS,
  connections: { env: 'BENCH_CONNECTIONS', fallback: 100, kind: 'int' },
  warmup: { env: 'BENCH_WARMUP', fallback: 5, kind: 'seconds' },
  measure: { env: 'BENCH_MEASURE', fallback: 15, kind: 'seconds' },
  connectTimeout: { env: 'BENCH_CONNECT_TIMEOUT', fallback: 30, kind: 'seconds' },
}, 'pingflood', USAGE);

const { dialect, url } = resolveTarget(options);
const PING = dialect.ping;
const PONG_PREFIX = dialect.pongPrefix;
const MAX_SAMPLES = 20_000_000; // latencies kept (160 MB at most); beyond this they are counted but not kept
const CLOSE_GRACE_MS = 3000;

const stats = Object.assign(new SocketCounters(), { pongsTotal: 0, pongsMeasured: 0 });
const latencies = new Samples(1 << 20, MAX_SAMPLES);
let phase = 'connecting'; // connecting -> warmup -> measure -> done
let handshakeMs = null;
let measureStart = 0;
let measureEnd = 0;
let lastPongValue = null;
let cpuAtMeasureStart = null;
const INTERVAL_MS = 5000; // throughput is also sampled every 5 s (warm-up included) to show the JIT settling
const intervals = [];
let intervalTimer = null;
let clientCpuPercent = null;

const connections = [];
const startedAt = performance.now();

// The whole run is bounded: connecting, warm-up, measuring, closing and a margin.
const hardLimitMs = (options.connectTimeout + options.warmup + options.measure) * 1000 + CLOSE_GRACE_MS + 10_000;
const watchdog = setTimeout(() => finish(3, `run overran its bound of ${Math.round(hardLimitMs / 1000)} s`), hardLimitMs);

const connectTimer = setTimeout(() => {
  if (phase === 'connecting') {
    finish(1, `only ${stats.handshaken} of ${options.connections} connections handshook within ${options.connectTimeout} s`);
  }
}, options.connectTimeout * 1000);

for (let i = 0; i < options.connections; i++) {
  connections.push(openConnection(i));
}

function openConnection(index) {
  const conn = { index, ws: null, handshaken: false, sentAt: 0, outstanding: false };
  const ws = new WebSocket(url, {
    perMessageDeflate: false,
    skipUTF8Validation: true,
    handshakeTimeout: options.connectTimeout * 1000,
  });
  conn.ws = ws;
  speak(ws, dialect, {
    onReady: () => onHandshaken(conn),
    onRefused: (reason) => {
      stats.handshakeFailures++;
      finish(1, `handshake of connection ${index} refused: ${reason}`);
    },
    onFrame: (text, isBinary) => onFrame(conn, text, isBinary),
    onHeartbeat: () => { stats.heartbeatsAnswered++; },
  });
  ws.on('error', (err) => {
    stats.errors++;
    stats.example(`error on connection ${index}: ${err.message}`);
  });
  ws.on('close', (code, reason) => {
    if (phase === 'done') return;
    stats.closed(code);
    stats.example(`connection ${index} closed during ${phase}: ${code} ${reason.toString()}`);
    if (!conn.handshaken) {
      stats.handshakeFailures++;
      if (phase === 'connecting') finish(1, `connection ${index} closed before its handshake (${code})`);
    }
  });
  return conn;
}

function onFrame(conn, text, isBinary) {
  if (text.startsWith(PONG_PREFIX) && conn.handshaken) {
    onPong(conn, text);
    return;
  }
  stats.unexpectedFrame(`unexpected ${isBinary ? 'binary' : 'text'} frame on connection ${conn.index}: ${text.slice(0, 200)}`);
}

function onHandshaken(conn) {
  conn.handshaken = true;
  stats.handshaken++;
  if (stats.handshaken === options.connections) startFlood();
}

function onPong(conn, text) {
  const now = performance.now();
  stats.pongsTotal++;
  lastPongValue = text.slice(PONG_PREFIX.length, -1);
  if (!conn.outstanding) {
    stats.unexpectedFrame(`pong without a ping outstanding on connection ${conn.index}`);
    return;
  }
  conn.outstanding = false;
  if (phase === 'measure') {
    stats.pongsMeasured++;
    latencies.add(now - conn.sentAt);
  }
  if (phase === 'warmup' || phase === 'measure') sendPing(conn);
}

function sendPing(conn) {
  if (conn.ws.readyState !== WebSocket.OPEN) return;
  conn.outstanding = true;
  conn.sentAt = performance.now();
  conn.ws.send(PING, { binary: false });
}

function startFlood() {
  clearTimeout(connectTimer);
  handshakeMs = Math.round(performance.now() - startedAt);
  process.stderr.write(`pingflood: ${stats.handshaken} connections handshook in ` +
    `${handshakeMs} ms; warm-up ${options.warmup} s, measure ${options.measure} s\n`);
  phase = 'warmup';
  let lastAt = performance.now();
  let lastPongs = stats.pongsTotal;
  intervalTimer = setInterval(() => {
    const now = performance.now();
    const rate = Math.round((stats.pongsTotal - lastPongs) * 1000 / (now - lastAt));
    intervals.push(rate);
    process.stderr.write(`pingflood: ${phase} ${Math.round((now - floodStart) / 1000)} s: ${rate} pongs/s\n`);
    lastAt = now;
    lastPongs = stats.pongsTotal;
  }, INTERVAL_MS);
  const floodStart = performance.now();
  for (const conn of connections) sendPing(conn);
  setTimeout(() => {
    phase = 'measure';
    measureStart = performance.now();
    cpuAtMeasureStart = process.cpuUsage();
    setTimeout(() => {
      measureEnd = performance.now();
      clearInterval(intervalTimer);
      const cpu = process.cpuUsage(cpuAtMeasureStart);
      clientCpuPercent = round((cpu.user + cpu.system) / 10 / (measureEnd - measureStart), 1);
      phase = 'done';
      closeAll(connections.map((c) => c.ws), CLOSE_GRACE_MS).then(() => finish(stats.pongsMeasured > 0 ? 0 : 1,
        stats.pongsMeasured > 0 ? null : 'no pong arrived during the measure window'));
    }, options.measure * 1000);
  }, options.warmup * 1000);
}

let finished = false;
function finish(status, failure) {
  if (finished) return;
  finished = true;
  clearTimeout(watchdog);
  clearTimeout(connectTimer);
  clearInterval(intervalTimer);
  if (phase !== 'done') {
    measureEnd = measureEnd || performance.now();
    phase = 'done';
    for (const { ws } of connections) ws.terminate();
  }
  const measuredSeconds = measureStart > 0 ? (measureEnd - measureStart) / 1000 : 0;
  const sorted = latencies.sorted();
  const report = clientReport('pingflood', status, failure, { dialect, url, connections: options.connections }, stats, {
    handshakeMs, // from the start to the last session opened; pongsPerSecEvery5s starts there
    warmupSeconds: options.warmup,
    measureSeconds: round(measuredSeconds, 3),
    pongs: stats.pongsMeasured,
    pongsPerSec: measuredSeconds > 0 ? round(stats.pongsMeasured / measuredSeconds, 0) : 0,
    latencyMs: distribution(sorted),
    clientCpuPercent, // of one core, during the measure window: near 100 means the client is the limit
    pongsPerSecEvery5s: intervals, // warm-up and measure window, in order
    pongsTotal: stats.pongsTotal,
    lastPongData: lastPongValue,
  });
  printAndExit('pingflood', report, failure, status);
}

// --- options -------------------------------------------------------------------------------------------
