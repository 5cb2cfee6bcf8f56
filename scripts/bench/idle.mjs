#!/usr/bin/env node
// Opens N idle connections and holds them, for memory-per-connection figures: SocketCluster protocol v2
// (SocketGrid, socketcluster-server) or Socket.IO v4 (--dialect, see dialect.mjs).
//
// Connections are opened at a bounded rate with a bounded number of handshakes in flight; each one opens
// its session (#handshake, cid 1; or engine.io open + `40`) and then only answers the server's heartbeats.
// When all N have handshaken it prints `READY <n>` on stdout. It then holds them until stdin ends
// (--until=stdin, the default), or SIGTERM/SIGINT arrives, or --max-hold seconds pass; then it closes them
// all (1000) and prints one JSON summary line on stdout. Progress goes to stderr.
//
//   node idle.mjs [--dialect=socketcluster|socketio] [--url=ws://127.0.0.1:8181/socketcluster/]
//                 [--connections=5000] [--rate=500]
//                 [--concurrency=200] [--sources=0] [--max-hold=600] [--until=stdin|signal]
//                 [--connect-timeout=0]
//
// --rate         new connections per second at most
// --concurrency  connections that may be opening/handshaking at the same time
// --sources      spread connections over source addresses 127.0.0.1 .. 127.0.0.<sources> (ephemeral ports
//                allow about 28k connections per source/destination pair); 0 = one per 25,000 connections
// --until        stdin: hold until stdin closes (or a signal); signal: ignore stdin, hold until a signal
// --connect-timeout  seconds allowed to establish all of them; 0 = connections/rate + 60
// Environment: BENCH_DIALECT, BENCH_URL, BENCH_IDLE_CONNECTIONS, BENCH_IDLE_RATE, BENCH_IDLE_CONCURRENCY,
// BENCH_IDLE_SOURCES, BENCH_IDLE_MAX_HOLD, BENCH_IDLE_UNTIL, BENCH_IDLE_CONNECT_TIMEOUT. Only loopback URLs are accepted.
// Mind the open-files limit: this process needs one descriptor per connection (`ulimit -n 20000`).
//
// Exit status: 0 when all connections were established and held; 1 when some could not be established in
// time (then `FAILED <established> <n>` is printed instead of READY) or were closed by the server while held;
// 2 on bad options.

import WebSocket from 'ws';
import { performance } from 'node:perf_hooks';
import { parseOptions } from './options.mjs';
import { TARGET_OPTIONS, resolveTarget, speak } from './dialect.mjs';

const USAGE = 'node idle.mjs [--dialect=socketcluster|socketio] [--url=ws://127.0.0.1:8181/socketcluster/] ' +
    '[--connections=5000] [--rate=500] [--concurrency=200] [--sources=0] [--max-hold=600] [--until=stdin|signal] [--connect-timeout=0]';

const options = parseOptions(process.argv.slice(2), {
  ...TARGET_OPTIONS,
  connections: { env: 'BENCH_IDLE_CONNECTIONS', fallback: 5000, kind: 'int' },
  rate: { env: 'BENCH_IDLE_RATE', fallback: 500, kind: 'int' },
  concurrency: { env: 'BENCH_IDLE_CONCURRENCY', fallback: 200, kind: 'int' },
  sources: { env: 'BENCH_IDLE_SOURCES', fallback: 0, kind: 'count' },
  maxHold: { env: 'BENCH_IDLE_MAX_HOLD', fallback: 600, kind: 'seconds' },
  until: { env: 'BENCH_IDLE_UNTIL', fallback: 'stdin', kind: ['stdin', 'signal'] },
  connectTimeout: { env: 'BENCH_IDLE_CONNECT_TIMEOUT', fallback: 0, kind: 'seconds' },
}, 'idle', USAGE);
const { dialect, url } = resolveTarget(options);
const sources = options.sources || Math.max(1, Math.ceil(options.connections / 25_000));
if (sources > 254) {
  process.stderr.write(`idle: --sources: at most 254 source addresses\nusage: ${USAGE}\n`);
  process.exit(2);
}
const connectTimeoutS = options.connectTimeout || Math.ceil(options.connections / options.rate) + 60;
const TICK_MS = 10;
const CLOSE_GRACE_MS = 10_000;

const stats = {
  attempted: 0,
  established: 0,
  failed: 0,
  heartbeatsAnswered: 0,
  closedWhileHeld: 0,
  closeCodes: {},
  errors: 0,
  unexpected: 0,
  examples: [],
};
const handshakeMs = [];
const sockets = [];
let pending = 0;
let phase = 'opening'; // opening -> holding -> closing
let readyAt = 0;
const startedAt = performance.now();

// --- opening, at most `rate` per second and `concurrency` in flight ---------------------------------------
let credit = 0;
const perTick = options.rate * TICK_MS / 1000;
const opener = setInterval(() => {
  credit = Math.min(credit + perTick, Math.max(1, perTick));
  while (credit >= 1 && pending < options.concurrency && stats.attempted < options.connections) {
    credit -= 1;
    open(stats.attempted++);
  }
  if (stats.attempted >= options.connections) clearInterval(opener);
}, TICK_MS);

const connectTimer = setTimeout(() => {
  if (phase === 'opening') giveUp(`only ${stats.established} of ${options.connections} established within ${connectTimeoutS} s`);
}, connectTimeoutS * 1000);

const progress = setInterval(() => {
  if (phase === 'opening') {
    process.stderr.write(`idle: ${stats.established}/${options.connections} established, ${pending} opening, ` +
      `${stats.failed} failed\n`);
  }
}, 2000);

function open(index) {
  pending++;
  const started = performance.now();
  const localAddress = `127.0.0.${1 + (index % sources)}`;
  const ws = new WebSocket(url, {
    perMessageDeflate: false,
    handshakeTimeout: 15_000,
    localAddress,
  });
  const conn = { ws, index, handshaken: false, settled: false };
  sockets.push(conn);
  const settle = (ok, why) => {
    if (conn.settled) return;
    conn.settled = true;
    pending--;
    if (ok) {
      stats.established++;
      handshakeMs.push(performance.now() - started);
      if (stats.established === options.connections) becomeReady();
    } else {
      stats.failed++;
      example(`connection ${index} (from ${localAddress}) failed: ${why}`);
      // a failed connection is not retried: the figure must say how many were really held
      if (stats.established + stats.failed === options.connections && phase === 'opening') {
        giveUp(`${stats.failed} of ${options.connections} connections could not be established`);
      }
    }
  };
  speak(ws, dialect, {
    onReady: () => { conn.handshaken = true; settle(true); },
    onRefused: (reason) => { settle(false, `handshake refused: ${reason}`); ws.terminate(); },
    onFrame: (text) => {
      stats.unexpected++;
      example(`unexpected frame on connection ${index}: ${text.slice(0, 200)}`);
    },
    onHeartbeat: () => { stats.heartbeatsAnswered++; },
  });
  ws.on('error', (err) => { stats.errors++; settle(false, err.message); });
  ws.on('close', (code, reason) => {
    settle(false, `closed ${code} ${reason.toString()} before its handshake`);
    if (phase !== 'closing' && conn.handshaken) {
      stats.closedWhileHeld++;
      stats.closeCodes[code] = (stats.closeCodes[code] || 0) + 1;
      example(`connection ${index} closed by the server while held: ${code} ${reason.toString()}`);
    }
  });
}

// --- holding -------------------------------------------------------------------------------------------
let holdTimer = null;

function becomeReady() {
  phase = 'holding';
  readyAt = performance.now();
  clearTimeout(connectTimer);
  clearInterval(progress);
  process.stderr.write(`idle: ${stats.established} connections established in ${Math.round(readyAt - startedAt)} ms ` +
    `from ${sources} source address(es); holding (max ${options.maxHold} s)\n`);
  process.stdout.write(`READY ${stats.established}\n`);
  holdTimer = setTimeout(() => release('max hold time reached'), options.maxHold * 1000);
  if (options.until === 'stdin') {
    process.stdin.on('end', () => release('stdin closed'));
    process.stdin.on('error', () => release('stdin error'));
    process.stdin.resume();
  }
}

process.on('SIGTERM', () => release('SIGTERM'));
process.on('SIGINT', () => release('SIGINT'));

function giveUp(why) {
  process.stdout.write(`FAILED ${stats.established} ${options.connections}\n`);
  release(why, 1);
}

let releasing = false;
function release(why, status = 0) {
  if (releasing) return;
  releasing = true;
  const heldSeconds = readyAt ? (performance.now() - readyAt) / 1000 : 0;
  phase = 'closing';
  clearInterval(opener);
  clearInterval(progress);
  clearTimeout(connectTimer);
  clearTimeout(holdTimer);
  process.stdin.pause();
  process.stderr.write(`idle: closing ${sockets.length} connections (${why})\n`);
  let open = 0;
  const done = () => report(why, status, heldSeconds);
  const force = setTimeout(() => { for (const { ws } of sockets) ws.terminate(); done(); }, CLOSE_GRACE_MS);
  for (const { ws } of sockets) {
    if (ws.readyState === WebSocket.CLOSED) continue;
    open++;
    ws.once('close', () => { if (--open === 0) { clearTimeout(force); done(); } });
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate(); else ws.close(1000, 'benchmark done');
  }
  if (open === 0) { clearTimeout(force); done(); }
}

let reported = false;
function report(why, status, heldSeconds) {
  if (reported) return;
  reported = true;
  const sorted = Float64Array.from(handshakeMs).sort();
  const pct = (p) => sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]) : null;
  const failedWhileHeld = stats.closedWhileHeld > 0;
  const summary = {
    tool: 'idle',
    ok: status === 0 && !failedWhileHeld,
    dialect: dialect.name,
    url,
    connections: options.connections,
    established: stats.established,
    failed: stats.failed,
    sources,
    secondsToEstablish: readyAt ? round((readyAt - startedAt) / 1000) : null,
    heldSeconds: round(heldSeconds),
    endedBy: why,
    handshakeMs: { p50: pct(0.5), p99: pct(0.99), max: sorted.length ? round(sorted[sorted.length - 1]) : null },
    heartbeatsAnswered: stats.heartbeatsAnswered,
    closedWhileHeld: stats.closedWhileHeld,
    closeCodes: stats.closeCodes,
    errors: stats.errors,
    unexpected: stats.unexpected,
    examples: stats.examples,
  };
  process.stdout.write(JSON.stringify(summary) + '\n');
  const code = status || (failedWhileHeld ? 1 : 0);
  setImmediate(() => process.exit(code));
}

function round(v) { return Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null; }
function example(text) { if (stats.examples.length < 10) stats.examples.push(text); }

// --- options -------------------------------------------------------------------------------------------
