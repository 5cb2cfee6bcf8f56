#!/usr/bin/env node
// Delivery delay to healthy subscribers of one channel while some subscribers of the same channel have
// stopped reading (a slow-consumer / stalled-reader test, SocketCluster protocol v2).
//
// Opens N subscriber sockets (raw `ws`, spread over source addresses 127.0.0.x), each sends #handshake
// (cid 1) and {"event":"#subscribe","data":{"channel":"bench.fanout"},"cid":2} and waits for rid 2. S of
// them (spread evenly over the N) are the stalled ones: with --fill-rate they also subscribe to
// bench.stall (cid 3). Then the stalled ones stop reading (the TCP socket is paused: ws._socket.pause(),
// so they answer no heartbeat either), a separate publisher socket handshakes and publishes
// {"event":"#publish","data":{"channel":"bench.fanout","data":{"t":<performance.now()>,"pad":"x…"}},"cid":n}
// at --rate messages/s (may be fractional) for --seconds. The healthy subscribers record delay = now - t (same process clock;
// t is read from the frame's bytes, no JSON.parse per delivery). With --fill-rate B the publisher also
// publishes B bytes/s (in --fill-chunk messages) to bench.stall, which only the stalled ones subscribe to, so
// that their outbound queues fill within the run (at 5 x 1 KB/s alone they would take minutes: the kernel's
// socket buffers hold megabytes before the server's queue even starts to grow). With --fill-readers K, K
// healthy subscribers (spread like the stalled ones, never the same sockets) also subscribe to bench.stall and
// keep reading it: a baseline run with --stalled=0 --fill-readers=100 makes the server write exactly what a
// run with --stalled=100 asks it to write, so that the two differ only in whether those 100 sockets read.
//
// After the last publish it waits until every healthy subscriber has every message (or nothing arrives for
// --drain-idle seconds, or --drain seconds pass), then resumes the stalled sockets and waits up to
// --stalled-wait seconds for the server's close frames (the codes they carry: 4100 = outbound queue
// overflow, 4001 = heartbeat timeout, 1006 = the TCP connection ended without one), then closes the rest.
// Prints ONE JSON line on stdout; progress goes to stderr.
//
//   node stalled.mjs [--url=ws://127.0.0.1:8181/socketcluster/] [--subscribers=10000] [--stalled=100]
//                    [--rate=5] [--seconds=30] [--pad=1024] [--fill-rate=0] [--fill-chunk=65536] [--fill-readers=0]
//                    [--open-rate=1000] [--concurrency=200] [--sources=0] [--settle=2] [--drain=60]
//                    [--drain-idle=5] [--stalled-wait=15] [--connect-timeout=0]
//
// Environment: BENCH_URL, BENCH_STALLED_SUBSCRIBERS, BENCH_STALLED, BENCH_STALLED_RATE, BENCH_STALLED_SECONDS,
// BENCH_STALLED_PAD, BENCH_STALLED_FILL_RATE, BENCH_STALLED_FILL_CHUNK, BENCH_STALLED_FILL_READERS, BENCH_STALLED_OPEN_RATE,
// BENCH_STALLED_CONCURRENCY, BENCH_STALLED_SOURCES, BENCH_STALLED_SETTLE, BENCH_STALLED_DRAIN,
// BENCH_STALLED_DRAIN_IDLE, BENCH_STALLED_WAIT, BENCH_CONNECT_TIMEOUT. Only loopback URLs are accepted.
// One descriptor per socket: raise the open-files limit first (`ulimit -n 20000`).
//
// Exit status: 0 when all sockets subscribed and publishing ran (losses, healthy closes and the stalled
// sockets' fate are reported in the JSON, not turned into a failure); 1 when sockets could not be opened,
// handshaken or subscribed in time, or a publish was refused; 2 on bad options; 3 when the run overran its
// time bound.

import WebSocket from 'ws';
import { performance } from 'node:perf_hooks';
import { parseOptions } from './options.mjs';
import { Samples, distribution, printAndExit, round } from './figures.mjs';

const USAGE = 'node stalled.mjs [--url=ws://127.0.0.1:8181/socketcluster/] [--subscribers=10000] [--stalled=100] ' +
    '[--rate=5] [--seconds=30] [--pad=1024] [--fill-rate=0] [--fill-chunk=65536] [--fill-readers=0] [--open-rate=1000] ' +
    '[--concurrency=200] [--sources=0] [--settle=2] [--drain=60] [--drain-idle=5] [--stalled-wait=15] ' +
    '[--connect-timeout=0]';

const options = parseOptions(process.argv.slice(2), {
  url: { env: 'BENCH_URL', fallback: 'ws://127.0.0.1:8181/socketcluster/', kind: 'url' },
  subscribers: { env: 'BENCH_STALLED_SUBSCRIBERS', fallback: 10_000, kind: 'int' },
  stalled: { env: 'BENCH_STALLED', fallback: 100, kind: 'count' },
  rate: { env: 'BENCH_STALLED_RATE', fallback: 5, kind: 'seconds' }, // messages/s, may be fractional
  seconds: { env: 'BENCH_STALLED_SECONDS', fallback: 30, kind: 'seconds' },
  pad: { env: 'BENCH_STALLED_PAD', fallback: 1024, kind: 'count' },
  fillRate: { env: 'BENCH_STALLED_FILL_RATE', fallback: 0, kind: 'count' },
  fillChunk: { env: 'BENCH_STALLED_FILL_CHUNK', fallback: 65_536, kind: 'int' },
  fillReaders: { env: 'BENCH_STALLED_FILL_READERS', fallback: 0, kind: 'count' },
  openRate: { env: 'BENCH_STALLED_OPEN_RATE', fallback: 1000, kind: 'int' },
  concurrency: { env: 'BENCH_STALLED_CONCURRENCY', fallback: 200, kind: 'int' },
  sources: { env: 'BENCH_STALLED_SOURCES', fallback: 0, kind: 'count' },
  settle: { env: 'BENCH_STALLED_SETTLE', fallback: 2, kind: 'seconds' },
  drain: { env: 'BENCH_STALLED_DRAIN', fallback: 60, kind: 'seconds' },
  drainIdle: { env: 'BENCH_STALLED_DRAIN_IDLE', fallback: 5, kind: 'seconds' },
  stalledWait: { env: 'BENCH_STALLED_WAIT', fallback: 15, kind: 'seconds' },
  connectTimeout: { env: 'BENCH_CONNECT_TIMEOUT', fallback: 0, kind: 'seconds' },
}, 'stalled', USAGE);

const fail = (problem) => {
  process.stderr.write(`stalled: ${problem}\nusage: ${USAGE}\n`);
  process.exit(2);
};
if (options.stalled >= options.subscribers) fail('--stalled must be below --subscribers');
if (!(options.rate > 0)) fail('--rate: messages per second, above 0 (0.5 = one every 2 s)');
if (options.fillChunk > 900_000) fail('--fill-chunk: at most 900000 bytes (the server refuses messages over 1 MiB)');
const sources = options.sources || Math.max(1, Math.ceil(options.subscribers / 25_000));
if (sources > 254) fail('--sources: at most 254 source addresses');

const CHANNEL = 'bench.fanout';
const STALL_CHANNEL = 'bench.stall';
const HANDSHAKE = '{"event":"#handshake","data":{},"cid":1}';
const SUBSCRIBE = `{"event":"#subscribe","data":{"channel":"${CHANNEL}"},"cid":2}`;
const SUBSCRIBE_STALL = `{"event":"#subscribe","data":{"channel":"${STALL_CHANNEL}"},"cid":3}`;
const PUBLISH_PREFIX = Buffer.from('{"event":"#publish"');
const T_KEY = Buffer.from('"t":');
const PAD = 'x'.repeat(options.pad);
const FILL_PAD = 'y'.repeat(Math.max(0, options.fillChunk - 40));
const TICK_MS = 10;
const CLOSE_GRACE_MS = 5000;

const connectTimeoutS = options.connectTimeout || Math.ceil(options.subscribers / options.openRate) + 60;
const hardLimitMs = (connectTimeoutS + options.settle + options.seconds + options.drain + options.stalledWait) * 1000
    + CLOSE_GRACE_MS + 30_000;
const watchdog = setTimeout(() => finish(3, `run overran its bound of ${Math.round(hardLimitMs / 1000)} s`), hardLimitMs);

const stalledEvery = options.stalled > 0 ? options.subscribers / options.stalled : Infinity;
const isStalled = (index) => options.stalled > 0 && index % stalledEvery < 1;
// filler readers sit half a stride after the stalled ones, so the two never coincide
const readerEvery = options.fillReaders > 0 ? options.subscribers / options.fillReaders : Infinity;
const isFillReader = (index) => options.fillReaders > 0 && !isStalled(index)
    && (index + Math.floor(readerEvery / 2)) % readerEvery < 1;

const stats = {
  fillBytesRead: 0,
  attempted: 0,
  subscribed: 0,
  failed: 0,
  heartbeatsAnswered: 0,
  errors: 0,
  unexpected: 0,
  healthyClosed: 0,
  healthyCloseCodes: {},
  stalledClosedWhileStalled: 0, // noticed while paused (an error or RST on the socket)
  examples: [],
};
const subscribers = [];
let pending = 0;
let phase = 'opening'; // opening -> settling -> publishing -> draining -> resuming -> closing -> done
const startedAt = performance.now();
let subscribedAt = 0;

// delays of the healthy subscribers' deliveries, ms
const delays = new Samples(1 << 20);
let deliveries = 0;
let lastDeliveryAt = 0;
const maxDelayPerSecond = []; // by the second of the publishing window in which the message was sent
const countPerSecond = [];

// --- opening subscribers, at most open-rate per second, concurrency in flight ------------------------------
let credit = 0;
const perTick = options.openRate * TICK_MS / 1000;
const opener = setInterval(() => {
  credit = Math.min(credit + perTick, Math.max(1, perTick));
  while (credit >= 1 && pending < options.concurrency && stats.attempted < options.subscribers) {
    credit -= 1;
    openSubscriber(stats.attempted++);
  }
  if (stats.attempted >= options.subscribers) clearInterval(opener);
}, TICK_MS);

const connectTimer = setTimeout(() => {
  if (phase === 'opening') {
    finish(1, `only ${stats.subscribed} of ${options.subscribers} subscribed within ${connectTimeoutS} s`);
  }
}, connectTimeoutS * 1000);

const progress = setInterval(() => {
  if (phase === 'opening') {
    process.stderr.write(`stalled: ${stats.subscribed}/${options.subscribers} subscribed, ${pending} opening, ` +
      `${stats.failed} failed\n`);
  }
}, 2000);

function openSubscriber(index) {
  pending++;
  const stalled = isStalled(index);
  const fillReader = isFillReader(index);
  const localAddress = `127.0.0.${1 + (index % sources)}`;
  const ws = new WebSocket(options.url, {
    perMessageDeflate: false,
    skipUTF8Validation: true,
    handshakeTimeout: 15_000,
    localAddress,
  });
  const sub = { ws, index, stalled, fillReader, state: 'new', settled: false, closeCode: null, closedDuring: null, delivered: 0, bytesAfterResume: 0 };
  subscribers.push(sub);
  const settle = (ok, why) => {
    if (sub.settled) return;
    sub.settled = true;
    pending--;
    if (ok) {
      stats.subscribed++;
      if (stats.subscribed === options.subscribers) allSubscribed();
    } else {
      stats.failed++;
      example(`subscriber ${index} (from ${localAddress}) failed: ${why}`);
      if (phase === 'opening') finish(1, `subscriber ${index} could not subscribe: ${why}`);
    }
  };
  ws.on('open', () => { sub.state = 'handshaking'; ws.send(HANDSHAKE); });
  ws.on('message', (data) => onSubscriberMessage(sub, data, settle));
  ws.on('error', (err) => {
    stats.errors++;
    example(`error on subscriber ${index}${stalled ? ' (stalled)' : ''} during ${phase}: ${err.message}`);
    settle(false, err.message);
  });
  ws.on('close', (code, reason) => {
    sub.closeCode = code;
    sub.closedDuring = phase;
    settle(false, `closed ${code} ${reason.toString()} before it subscribed`);
    if (phase === 'closing' || phase === 'done') return;
    if (stalled) {
      if (phase !== 'resuming') stats.stalledClosedWhileStalled++;
    } else {
      stats.healthyClosed++;
      stats.healthyCloseCodes[code] = (stats.healthyCloseCodes[code] || 0) + 1;
      example(`healthy subscriber ${index} closed during ${phase}: ${code} ${reason.toString()}`);
    }
  });
}

function onSubscriberMessage(sub, data, settle) {
  if (data.length === 0) { // v2 heartbeat
    sub.ws.send('');
    stats.heartbeatsAnswered++;
    return;
  }
  // a delivery, or a batch of deliveries ('[' + deliveries joined by commas + ']', as the server sends
  // messages that reach it together): each "t": is one delivery's send time
  const batched = data[0] === 0x5b && data.length > PUBLISH_PREFIX.length + 1;
  const prefixAt = batched ? 1 : 0;
  if (data.length > PUBLISH_PREFIX.length && data.compare(PUBLISH_PREFIX, 0, PUBLISH_PREFIX.length, prefixAt, prefixAt + PUBLISH_PREFIX.length) === 0) {
    if (sub.stalled) { sub.bytesAfterResume += data.length; return; } // read only once resumed
    let at = data.indexOf(T_KEY);
    if (at < 0) { // a filler message: only filler readers (and the stalled, once resumed) subscribe to it
      if (sub.fillReader) stats.fillBytesRead += data.length; else unexpected(sub, data);
      return;
    }
    for (; at >= 0; at = data.indexOf(T_KEY, at + T_KEY.length)) onDelivery(sub, readNumber(data, at + T_KEY.length));
    return;
  }
  const text = data.toString();
  if (text === '#1') { sub.ws.send('#2'); stats.heartbeatsAnswered++; return; }
  let frame = null;
  try { frame = JSON.parse(text); } catch { /* unexpected below */ }
  if (frame && frame.rid === 1 && sub.state === 'handshaking') {
    if (frame.error) { settle(false, `handshake refused: ${JSON.stringify(frame.error)}`); return; }
    sub.state = 'subscribing';
    sub.ws.send(SUBSCRIBE);
    if ((sub.stalled || sub.fillReader) && options.fillRate > 0) sub.ws.send(SUBSCRIBE_STALL);
    sub.acks = 0;
    return;
  }
  if (frame && (frame.rid === 2 || frame.rid === 3) && sub.state === 'subscribing') {
    if (frame.error) { settle(false, `subscribe refused: ${JSON.stringify(frame.error)}`); return; }
    sub.acks++;
    if (sub.acks === ((sub.stalled || sub.fillReader) && options.fillRate > 0 ? 2 : 1)) {
      sub.state = 'subscribed';
      settle(true);
    }
    return;
  }
  unexpected(sub, data);
}

// the number after "t": (digits, '.', '-', 'e'), without making a string of the frame
function readNumber(buf, from) {
  let end = from;
  while (end < buf.length) {
    const c = buf[end];
    if ((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x65 || c === 0x45 || c === 0x2b) end++;
    else break;
  }
  return Number(buf.latin1Slice(from, end));
}

function onDelivery(sub, t) {
  const now = performance.now();
  if (!Number.isFinite(t)) { stats.unexpected++; return; }
  deliveries++;
  sub.delivered++;
  lastDeliveryAt = now;
  const delay = now - t;
  delays.add(delay);
  const second = Math.max(0, Math.floor((t - publishStart) / 1000));
  if (!(delay <= maxDelayPerSecond[second])) maxDelayPerSecond[second] = delay;
  countPerSecond[second] = (countPerSecond[second] || 0) + 1;
}

function unexpected(sub, data) {
  stats.unexpected++;
  example(`unexpected frame on subscriber ${sub.index}: ${data.toString('latin1', 0, Math.min(200, data.length))}`);
}

// --- publishing ----------------------------------------------------------------------------------------
let publisher = null;
let publishStart = 0;
let publishEnd = 0;
let published = 0;       // fan-out messages sent
let publishAcked = 0;
let publishRefused = 0;
let fillPublished = 0;
let fillAcked = 0;
let fillRefused = 0;
let nextCid = 10;
const fanoutCids = new Set();
let cpuAtPublishStart = null;
let clientCpuPercent = null;

function allSubscribed() {
  clearTimeout(connectTimer);
  clearInterval(progress);
  subscribedAt = performance.now();
  process.stderr.write(`stalled: ${stats.subscribed} subscribers (${options.stalled} to be stalled) subscribed in ` +
    `${Math.round(subscribedAt - startedAt)} ms from ${sources} source address(es)\n`);
  phase = 'settling';
  // the stalled ones stop reading: the kernel buffers fill, then the server's queue for them
  for (const sub of subscribers) if (sub.stalled) sub.ws._socket.pause();
  publisher = new WebSocket(options.url, { perMessageDeflate: false, handshakeTimeout: 15_000 });
  publisher.on('open', () => publisher.send(HANDSHAKE));
  publisher.on('error', (err) => { stats.errors++; example(`publisher error: ${err.message}`); });
  publisher.on('close', (code, reason) => {
    if (phase !== 'closing' && phase !== 'done') finish(1, `the publisher was closed: ${code} ${reason.toString()}`);
  });
  publisher.on('message', (data) => {
    if (data.length === 0) { publisher.send(''); return; }
    const text = data.toString();
    if (text === '#1') { publisher.send('#2'); return; }
    let frame = null;
    try { frame = JSON.parse(text); } catch { /* below */ }
    if (frame && frame.rid === 1) {
      if (frame.error) { finish(1, `publisher handshake refused: ${JSON.stringify(frame.error)}`); return; }
      setTimeout(startPublishing, options.settle * 1000);
      return;
    }
    if (frame && typeof frame.rid === 'number') {
      const fanout = fanoutCids.delete(frame.rid);
      if (frame.error) {
        if (fanout) publishRefused++; else fillRefused++;
        example(`publish ${frame.rid} refused: ${JSON.stringify(frame.error)}`);
      } else if (fanout) publishAcked++; else fillAcked++;
      return;
    }
    example(`unexpected frame on the publisher: ${text.slice(0, 200)}`);
  });
}

function startPublishing() {
  phase = 'publishing';
  publishStart = performance.now();
  cpuAtPublishStart = process.cpuUsage();
  const total = Math.round(options.rate * options.seconds);
  const fillPerSecond = options.fillRate / options.fillChunk;
  const fillTotal = Math.round(fillPerSecond * options.seconds);
  process.stderr.write(`stalled: publishing ${total} messages at ${options.rate}/s to ${CHANNEL}` +
    (fillTotal ? ` and ${fillTotal} x ${options.fillChunk} B at ${Math.round(fillPerSecond * 10) / 10}/s to ${STALL_CHANNEL}` : '') + '\n');
  let reported = 0;
  const tick = () => {
    if (phase !== 'publishing') return;
    const elapsed = performance.now() - publishStart;
    while (published < total && published * 1000 / options.rate <= elapsed) {
      const cid = nextCid++;
      fanoutCids.add(cid);
      publisher.send(`{"event":"#publish","data":{"channel":"${CHANNEL}","data":{"t":${performance.now()},` +
        `"pad":"${PAD}"}},"cid":${cid}}`);
      published++;
    }
    while (fillPublished < fillTotal && fillPublished * 1000 / fillPerSecond <= elapsed) {
      publisher.send(`{"event":"#publish","data":{"channel":"${STALL_CHANNEL}","data":{"fill":"${FILL_PAD}"}},` +
        `"cid":${nextCid++}}`);
      fillPublished++;
    }
    if (elapsed >= reported * 5000 + 5000) {
      reported++;
      process.stderr.write(`stalled: ${Math.round(elapsed / 1000)} s: ${published} published, ${deliveries} delivered\n`);
    }
    if (published >= total && fillPublished >= fillTotal) {
      publishEnd = performance.now();
      const cpu = process.cpuUsage(cpuAtPublishStart);
      clientCpuPercent = Math.round((cpu.user + cpu.system) / 10 / (publishEnd - publishStart) * 10) / 10;
      startDraining(total);
      return;
    }
    setTimeout(tick, 2);
  };
  tick();
}

function startDraining(total) {
  phase = 'draining';
  const healthy = options.subscribers - options.stalled;
  const expected = healthy * total;
  const drainStart = performance.now();
  const check = setInterval(() => {
    const now = performance.now();
    const quiet = now - Math.max(lastDeliveryAt, publishEnd);
    if (deliveries >= expected || quiet >= options.drainIdle * 1000 || now - drainStart >= options.drain * 1000) {
      clearInterval(check);
      process.stderr.write(`stalled: ${deliveries}/${expected} delivered ${Math.round((now - publishEnd) / 100) / 10} s ` +
        'after the last publish\n');
      resumeStalled();
    }
  }, 100);
}

// --- the stalled sockets read again: what did the server do with them? ----------------------------------
function resumeStalled() {
  phase = 'resuming';
  const stalled = subscribers.filter((s) => s.stalled);
  if (stalled.length === 0) { closeAll(); return; }
  for (const sub of stalled) if (sub.ws.readyState !== WebSocket.CLOSED) sub.ws._socket.resume();
  const started = performance.now();
  const check = setInterval(() => {
    const open = stalled.filter((s) => s.ws.readyState !== WebSocket.CLOSED).length;
    if (open === 0 || performance.now() - started >= options.stalledWait * 1000) {
      clearInterval(check);
      closeAll();
    }
  }, 100);
}

function closeAll() {
  phase = 'closing';
  let open = 0;
  const all = publisher ? [...subscribers.map((s) => s.ws), publisher] : subscribers.map((s) => s.ws);
  const force = setTimeout(() => { for (const ws of all) ws.terminate(); finish(0); }, CLOSE_GRACE_MS);
  for (const ws of all) {
    if (ws.readyState === WebSocket.CLOSED) continue;
    open++;
    ws.once('close', () => { if (--open === 0) { clearTimeout(force); finish(0); } });
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate(); else ws.close(1000, 'benchmark done');
  }
  if (open === 0) { clearTimeout(force); finish(0); }
}

// --- report --------------------------------------------------------------------------------------------
let finished = false;
function finish(status, failure) {
  if (finished) return;
  const stalledSubs = subscribers.filter((s) => s.stalled);
  const stalledCloseCodes = {};
  let stalledClosedByServer = 0;
  let stalledStillOpen = 0;
  for (const s of stalledSubs) {
    // closed by us at the end (closing) = the server had not closed it
    if (s.closeCode === null || s.closedDuring === 'closing' || s.closedDuring === 'done') { stalledStillOpen++; continue; }
    stalledClosedByServer++;
    stalledCloseCodes[s.closeCode] = (stalledCloseCodes[s.closeCode] || 0) + 1;
  }
  finished = true;
  phase = 'done';
  clearTimeout(watchdog);
  clearTimeout(connectTimer);
  clearInterval(opener);
  clearInterval(progress);
  for (const s of subscribers) s.ws.terminate();
  if (publisher) publisher.terminate();
  const healthy = options.subscribers - options.stalled;
  const sorted = delays.sorted();
  let missing = 0, duplicated = 0;
  for (const s of subscribers) {
    if (s.stalled) continue;
    if (s.delivered < published) missing += published - s.delivered;
    if (s.delivered > published) duplicated += s.delivered - published;
  }
  const report = {
    tool: 'stalled',
    ok: status === 0,
    failure: failure || undefined,
    url: options.url,
    subscribers: options.subscribers,
    stalled: options.stalled,
    healthy,
    sources,
    secondsToSubscribe: subscribedAt ? round((subscribedAt - startedAt) / 1000, 3) : null,
    rate: options.rate,
    seconds: options.seconds,
    padBytes: options.pad,
    fillBytesPerSecond: options.fillRate,
    fillChunkBytes: options.fillChunk,
    published,
    publishAcked,
    publishRefused,
    fillPublished,
    fillAcked,
    fillRefused,
    publishSeconds: publishEnd ? round((publishEnd - publishStart) / 1000, 3) : null,
    deliveries,
    expectedDeliveries: healthy * published,
    missing,
    duplicated,
    delayMs: distribution(sorted),
    // worst delay of the messages sent in each second of the publishing window
    maxDelayMsBySecond: Array.from({ length: maxDelayPerSecond.length }, (_, i) => round(maxDelayPerSecond[i] ?? NaN, 1)),
    deliveriesBySecond: Array.from({ length: countPerSecond.length }, (_, i) => countPerSecond[i] || 0),
    clientCpuPercent, // of one core, while publishing
    stalledClosedByServer,
    stalledCloseCodes, // as the stalled sockets saw them once resumed
    stalledClosedWhileStalled: stats.stalledClosedWhileStalled,
    stalledStillOpen,
    stalledBytesReadAfterResume: stalledSubs.reduce((sum, s) => sum + s.bytesAfterResume, 0),
    fillReaders: subscribers.filter((s) => s.fillReader).length,
    fillBytesRead: stats.fillBytesRead,
    healthyClosed: stats.healthyClosed,
    healthyCloseCodes: stats.healthyCloseCodes,
    heartbeatsAnswered: stats.heartbeatsAnswered,
    errors: stats.errors,
    unexpected: stats.unexpected,
    examples: stats.examples,
  };
  printAndExit('stalled', report, failure, status);
}

process.on('SIGTERM', () => finish(1, 'SIGTERM'));
process.on('SIGINT', () => finish(1, 'SIGINT'));



function example(text) { if (stats.examples.length < 10) stats.examples.push(text); }
