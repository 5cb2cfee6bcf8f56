#!/usr/bin/env node
// The thesis workload (Appendix A.1, §4.2: 2,400 sockets, 20 new per second from each of 2 clients, each
// pinging at a random interval of up to 5 s), measured as round trips: SocketCluster protocol v2
// (SocketGrid, socketcluster-server) or Socket.IO v4 (--dialect, see dialect.mjs).
//
// Connections are opened at a fixed rate (--rate per second). Each one, once its session is open, transmits
// the thesis ping after a delay drawn uniformly from [0, --interval-max) and keeps doing so:
//   --intervals=fresh  a new delay after every ping (default; mean rate connections / (interval-max / 2))
//   --intervals=fixed  one delay per socket, drawn once, as the thesis's setInterval(…, Math.random()*5000)
//                      (a delay under 1 ms is 1 ms, as in Node's setInterval)
// Pings are sent on schedule whether or not the previous pong has come back (an open loop: a slow server
// does not lower the offered load, and its delays are all counted). Pongs come back in order on a
// connection, so each is matched to the oldest ping outstanding on it. Each connection draws its delays from
// its own generator seeded with --seed and its index, so every server under test gets the same schedule.
//
// Once all connections are open and --warmup seconds have passed, the pings sent during the next --measure
// seconds are measured (ping sent -> pong received), then the client waits up to --drain seconds for
// their pongs; a ping still unanswered then counts as lost. Prints ONE JSON line on stdout: latencyMs
// (p50, p90, p99, max, mean over every measured round trip), a histogram (counts per upper bound in ms),
// the worst round trip and p99 per 5 s of the window, pings and pongs per second, errors, closes, lost pings,
// the client's CPU and, with --server-pid, the server's CPU (/proc/<pid>/stat) over the measure window.
//
//   node latency.mjs [--dialect=socketcluster|socketio] [--url=…] [--connections=2400] [--rate=40]
//                    [--interval-max=5] [--intervals=fresh|fixed] [--seed=1] [--warmup=30] [--measure=60]
//                    [--drain=5] [--server-pid=0] [--connect-timeout=0] [--dump=FILE]
//
// --dump=FILE writes every measured round trip as a line `sent,ms`: the ping's send time (wall clock, ms since the
// epoch, to line it up with server logs such as -Xlog's utctime) and its round trip in ms, in the order the pongs came.
//
// Environment: BENCH_DIALECT, BENCH_URL, BENCH_LATENCY_CONNECTIONS, BENCH_LATENCY_RATE,
// BENCH_LATENCY_INTERVAL_MAX, BENCH_LATENCY_INTERVALS, BENCH_LATENCY_SEED, BENCH_LATENCY_WARMUP,
// BENCH_LATENCY_MEASURE, BENCH_LATENCY_DRAIN, BENCH_SERVER_PID, BENCH_LATENCY_CONNECT_TIMEOUT, BENCH_LATENCY_DUMP_FILE
// (0 = connections / rate + 60 s). Only loopback URLs. Needs one descriptor per connection.
//
// Exit status: 0 when every connection opened and round trips were measured (errors, closes and lost pings
// are reported, not turned into a failure); 1 when a connection could not be opened in time or nothing was
// measured; 2 on bad options; 3 when the run overran its time bound.

import WebSocket from 'ws';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseOptions } from './options.mjs';
import { Samples, distribution, percentile, printAndExit, round, writeRoundTrips } from './figures.mjs';
import { TARGET_OPTIONS, resolveTarget, speak } from './dialect.mjs';
import { SocketCounters, clientReport, closeAll } from './sockets.mjs';

const USAGE = 'node latency.mjs [--dialect=socketcluster|socketio] [--url=…] [--connections=2400] [--rate=40] ' +
    '[--interval-max=5] [--intervals=fresh|fixed] [--seed=1] [--warmup=30] [--measure=60] [--drain=5] ' +
    '[--server-pid=0] [--connect-timeout=0] [--dump=FILE]';

const options = parseOptions(process.argv.slice(2), {
  ...TARGET_OPTIONS,
  connections: { env: 'BENCH_LATENCY_CONNECTIONS', fallback: 2400, kind: 'int' },
  rate: { env: 'BENCH_LATENCY_RATE', fallback: 40, kind: 'int' },
  intervalMax: { env: 'BENCH_LATENCY_INTERVAL_MAX', fallback: 5, kind: 'seconds' },
  intervals: { env: 'BENCH_LATENCY_INTERVALS', fallback: 'fresh', kind: ['fresh', 'fixed'] },
  seed: { env: 'BENCH_LATENCY_SEED', fallback: 1, kind: 'count' },
  warmup: { env: 'BENCH_LATENCY_WARMUP', fallback: 30, kind: 'seconds' },
  measure: { env: 'BENCH_LATENCY_MEASURE', fallback: 60, kind: 'seconds' },
  drain: { env: 'BENCH_LATENCY_DRAIN', fallback: 5, kind: 'seconds' },
  serverPid: { env: 'BENCH_SERVER_PID', fallback: 0, kind: 'count' },
  connectTimeout: { env: 'BENCH_LATENCY_CONNECT_TIMEOUT', fallback: 0, kind: 'seconds' },
  dump: { env: 'BENCH_LATENCY_DUMP_FILE', fallback: '', kind: 'text' },
}, 'latency', USAGE);

const connectTimeoutS = options.connectTimeout || Math.ceil(options.connections / options.rate) + 60;
const INTERVAL_MAX_MS = options.intervalMax * 1000;
const { dialect, url } = resolveTarget(options);
const WINDOW_MS = 5000; // worst round trip and p99 are also given per 5 s of the measure window
const CLOSE_GRACE_MS = 3000;
// histogram bounds in ms (the last bucket holds everything above the last bound)
const BOUNDS = [0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000, 2000];

const stats = Object.assign(new SocketCounters(), { attempted: 0, pingsSent: 0, pongs: 0, pingsMeasured: 0 });
const connections = [];
const latencies = new Samples(1 << 17);
const windows = []; // per 5 s of the measure window: round trips of the pings sent in it
const dumpedSentAt = [], dumpedMs = []; // with --dump: send time (performance.now()) and round trip of every measured ping
let phase = 'opening'; // opening -> warmup -> measure -> drain -> done
let measureStart = 0, measureEnd = 0, allOpenAt = 0, cpuAtMeasureStart = null, serverTicksAtMeasureStart = null;
let clientCpuPercent = null, serverCpuPercent = null, lastPongValue = null;
const startedAt = performance.now();

const hardLimitMs = (connectTimeoutS + options.warmup + options.measure + options.drain) * 1000 + CLOSE_GRACE_MS + 10_000;
const watchdog = setTimeout(() => finish(3, `run overran its bound of ${Math.round(hardLimitMs / 1000)} s`), hardLimitMs);
const connectTimer = setTimeout(() => {
  if (phase === 'opening') finish(1, `only ${stats.handshaken} of ${options.connections} opened within ${connectTimeoutS} s`);
}, connectTimeoutS * 1000);

// --- opening, at a fixed rate ----------------------------------------------------------------------------
const opener = setInterval(() => {
  const due = Math.min(options.connections, Math.floor((performance.now() - startedAt) * options.rate / 1000) + 1);
  while (stats.attempted < due) connections.push(open(stats.attempted++));
  if (stats.attempted >= options.connections) clearInterval(opener);
}, 10);
const progress = setInterval(() => {
  process.stderr.write(`latency: ${phase}, ${stats.handshaken}/${options.connections} open, ${stats.pingsSent} pings, ` +
    `${stats.pongs} pongs\n`);
}, 10_000);

function open(index) {
  const conn = { index, ws: null, handshaken: false, sent: [], fixedDelay: -1, timer: null,
    random: mulberry32(options.seed * 100_003 + index) };
  const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: 15_000 });
  conn.ws = ws;
  speak(ws, dialect, {
    onReady: () => {
      conn.handshaken = true;
      stats.handshaken++;
      if (options.intervals === 'fixed') conn.fixedDelay = Math.max(1, Math.round(conn.random() * INTERVAL_MAX_MS));
      schedule(conn);
      if (stats.handshaken === options.connections) allOpen();
    },
    onRefused: (reason) => {
      stats.handshakeFailures++;
      finish(1, `handshake of connection ${index} refused: ${reason}`);
    },
    onFrame: (text, isBinary) => {
      if (text.startsWith(dialect.pongPrefix)) onPong(conn, text);
      else stats.unexpectedFrame(`unexpected ${isBinary ? 'binary' : 'text'} frame on connection ${index}: ${text.slice(0, 200)}`);
    },
    onHeartbeat: () => { stats.heartbeatsAnswered++; },
  });
  ws.on('error', (err) => { stats.errors++; stats.example(`error on connection ${index}: ${err.message}`); });
  ws.on('close', (code, reason) => {
    clearTimeout(conn.timer);
    if (phase === 'done') return;
    stats.closed(code);
    stats.example(`connection ${index} closed during ${phase}: ${code} ${reason.toString()}`);
    if (!conn.handshaken && phase === 'opening') {
      stats.handshakeFailures++;
      finish(1, `connection ${index} closed before its session opened (${code})`);
    }
  });
  return conn;
}

function schedule(conn) {
  const delay = conn.fixedDelay >= 0 ? conn.fixedDelay : conn.random() * INTERVAL_MAX_MS;
  conn.timer = setTimeout(() => ping(conn), delay);
}

function ping(conn) {
  if (phase === 'drain' || phase === 'done' || conn.ws.readyState !== WebSocket.OPEN) return;
  const now = performance.now();
  conn.sent.push(now);
  stats.pingsSent++;
  conn.ws.send(dialect.ping, { binary: false });
  schedule(conn);
}

function onPong(conn, text) {
  const now = performance.now();
  stats.pongs++;
  lastPongValue = text.slice(dialect.pongPrefix.length, -1);
  const sentAt = conn.sent.shift();
  if (sentAt === undefined) { stats.unexpectedFrame(`pong without a ping outstanding on connection ${conn.index}`); return; }
  if (measureStart === 0 || sentAt < measureStart || sentAt >= measureEnd) return;
  const rtt = now - sentAt;
  stats.pingsMeasured++;
  latencies.add(rtt);
  if (options.dump) { dumpedSentAt.push(sentAt); dumpedMs.push(rtt); }
  const w = Math.floor((sentAt - measureStart) / WINDOW_MS);
  (windows[w] ||= []).push(rtt);
  if (phase === 'drain' && outstandingInWindow() === 0) done();
}

function outstandingInWindow() {
  let n = 0;
  for (const c of connections) for (const t of c.sent) if (t >= measureStart && t < measureEnd) n++;
  return n;
}

// --- phases --------------------------------------------------------------------------------------------
function allOpen() {
  clearTimeout(connectTimer);
  allOpenAt = performance.now();
  phase = 'warmup';
  process.stderr.write(`latency: ${stats.handshaken} connections open in ${Math.round(allOpenAt - startedAt)} ms; ` +
    `warm-up ${options.warmup} s, measure ${options.measure} s\n`);
  setTimeout(startMeasure, options.warmup * 1000);
}

function startMeasure() {
  phase = 'measure';
  measureStart = performance.now();
  measureEnd = measureStart + options.measure * 1000;
  cpuAtMeasureStart = process.cpuUsage();
  serverTicksAtMeasureStart = serverTicks();
  setTimeout(() => {
    const elapsed = performance.now() - measureStart;
    const cpu = process.cpuUsage(cpuAtMeasureStart);
    clientCpuPercent = round((cpu.user + cpu.system) / 10 / elapsed, 1);
    const ticks = serverTicks();
    if (ticks !== null && serverTicksAtMeasureStart !== null) {
      serverCpuPercent = round(100 * (ticks - serverTicksAtMeasureStart) / clockTicksPerSecond() / (elapsed / 1000), 1);
    }
    phase = 'drain';
    if (outstandingInWindow() === 0) done();
    else setTimeout(done, options.drain * 1000);
  }, options.measure * 1000);
}

let closing = false;
function done() {
  if (closing) return;
  closing = true;
  phase = 'done';
  for (const c of connections) clearTimeout(c.timer);
  closeAll(connections.map((c) => c.ws), CLOSE_GRACE_MS)
    .then(() => finish(latencies.count > 0 ? 0 : 1, latencies.count > 0 ? null : 'no round trip was measured'));
}

// --- server CPU from /proc -------------------------------------------------------------------------------
function serverTicks() {
  if (!options.serverPid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${options.serverPid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
    return Number(fields[11]) + Number(fields[12]); // utime + stime (14th and 15th)
  } catch {
    return null;
  }
}

let clkTck = null;
function clockTicksPerSecond() {
  if (clkTck === null) {
    try { clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { clkTck = 100; }
  }
  return clkTck;
}

// --- report --------------------------------------------------------------------------------------------
let finished = false;
function finish(status, failure) {
  if (finished) return;
  finished = true;
  for (const timer of [watchdog, connectTimer, opener, progress]) clearTimeout(timer); // intervals too, in Node
  if (phase !== 'done') {
    phase = 'done';
    for (const c of connections) { clearTimeout(c.timer); c.ws.terminate(); }
  }
  if (options.dump) writeRoundTrips(options.dump, dumpedSentAt, dumpedMs, performance.timeOrigin);
  const sorted = latencies.sorted();
  const histogram = BOUNDS.map((b) => ({ le: b, count: 0 }));
  histogram.push({ le: null, count: 0 }); // above the last bound
  let b = 0;
  for (const v of sorted) {
    while (b < BOUNDS.length && v > BOUNDS[b]) b++;
    histogram[b].count++;
  }
  const windowFigures = windows.map((w) => {
    const s = Float64Array.from(w || []).sort();
    return { p99: round(percentile(s, 0.99)), max: round(s.length ? s[s.length - 1] : NaN), n: s.length };
  });
  const measureSeconds = options.measure;
  const report = clientReport('latency', status, failure, { dialect, url, connections: options.connections }, stats, {
    openRatePerSec: options.rate,
    secondsToOpen: allOpenAt ? round((allOpenAt - startedAt) / 1000) : null,
    intervals: options.intervals,
    intervalMaxSeconds: options.intervalMax,
    seed: options.seed,
    warmupSeconds: options.warmup,
    measureSeconds,
    pingsMeasured: stats.pingsMeasured,
    pingsPerSec: round(stats.pingsMeasured / measureSeconds, 0),
    lost: Math.max(0, outstandingInWindow()),
    latencyMs: distribution(sorted),
    histogramMs: histogram,
    p99MsEvery5s: windowFigures.map((w) => w.p99),
    maxMsEvery5s: windowFigures.map((w) => w.max),
    clientCpuPercent,
    serverPid: options.serverPid || undefined,
    serverCpuPercent,
    pingsSent: stats.pingsSent,
    pongs: stats.pongs,
    lastPongData: lastPongValue,
  });
  printAndExit('latency', report, failure, status);
}

/** A small seeded generator of uniform numbers in [0, 1) (mulberry32), so that every run draws the same delays. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
