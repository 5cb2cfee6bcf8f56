#!/usr/bin/env node
// Cluster benchmarks against SocketGrid instances started by scripts/cluster.sh (see scripts/bench-cluster.sh).
//
//   node cluster.mjs latency --nodes=URL,URL[,URL] [--rate=1000] [--seconds=10] [--warmup=0]
//     one subscriber on the first instance, one publisher on the last; the publisher transmits #publish at
//     --rate messages/s; each message carries its send time and sequence number; prints the publish→delivery
//     latency p50/p90/p99/max (ms) and lost/duplicated/out-of-order counts. With --warmup=S it first publishes
//     at the same rate for S seconds whose latencies are reported apart (the JIT of each instance warming up).
//   node cluster.mjs fanout --nodes=URL,URL,URL --lb=URL [--subscribers=5000] [--rate=10] [--seconds=15]
//                    [--warmup=0] [--kill-after=0 --kill-command=CMD]
//     --subscribers sockets spread round robin over the instances subscribe to one channel; a publisher on the
//     first instance publishes --rate messages/s (after --warmup seconds of the same, reported apart); prints
//     deliveries/s and latency. With --kill-after=S the
//     command runs S seconds into the load (scripts/cluster.sh kill 2): the subscribers of the killed instance
//     reconnect through --lb and recover from their last position; the result counts what each subscriber
//     lost or got twice among the messages published after it subscribed.
//   node cluster.mjs channels --nodes=URL,URL [--channels=10000]
//     sockets on the first instance subscribe to --channels channels (1,000 per socket, the default limit);
//     a publisher on the last instance publishes one message to each; prints how long the subscriptions and
//     the deliveries took and how many arrived. scripts/bench-cluster.sh adds each instance's live heap.
//
// URLs are http://127.0.0.1:PORT/ (loopback only). Prints one JSON line on stdout; progress on stderr.
// Every phase is bounded in time; exits 1 when the run could not be made.
import WebSocket from 'ws';
import { execSync } from 'node:child_process';
import { writeRoundTrips } from './figures.mjs';
import { parseOptions } from './options.mjs';

const USAGE = 'node cluster.mjs latency|fanout|channels --nodes=URL,URL[,URL] [--lb=URL] [--subscribers=5000] [--rate=1000] ' +
  '[--seconds=10] [--warmup=0] [--kill-after=0] [--kill-command=CMD] [--channel=NAME] [--dump=FILE]';
const mode = process.argv[2];
if (!['latency', 'fanout', 'channels'].includes(mode)) {
  process.stderr.write(`cluster: give a mode\nusage: ${USAGE}\n`);
  process.exit(2);
}
const options = parseOptions(process.argv.slice(3), {
  nodes: { env: 'BENCH_NODES', fallback: '', kind: 'text' },
  lb: { env: 'BENCH_LB', fallback: '', kind: 'text' },
  subscribers: { env: 'BENCH_SUBSCRIBERS', fallback: 5000, kind: 'int' },
  rate: { env: 'BENCH_RATE', fallback: mode === 'latency' ? 1000 : 10, kind: 'int' },
  seconds: { env: 'BENCH_SECONDS', fallback: mode === 'latency' ? 10 : 15, kind: 'seconds' },
  warmup: { env: 'BENCH_WARMUP', fallback: 0, kind: 'seconds' },
  killAfter: { env: 'BENCH_KILL_AFTER', fallback: 0, kind: 'seconds' },
  killCommand: { env: 'BENCH_KILL_COMMAND', fallback: '', kind: 'text' },
  channels: { env: 'BENCH_CHANNELS', fallback: 10000, kind: 'int' },
  // the channel of latency and fan-out (its name decides which instance holds its ringbuffer: fix it to compare runs)
  channel: { env: 'BENCH_CHANNEL', fallback: `bench-${process.pid}`, kind: 'text' },
  // latency: writes each measured delivery as "wall-clock ms when published,latency ms" (to line a tail up with logs)
  dump: { env: 'BENCH_DUMP', fallback: '', kind: 'text' },
}, 'cluster', USAGE);

const wsUrl = (http) => {
  const url = new URL(http);
  if (!/^127\.\d+\.\d+\.\d+$/.test(url.hostname) && url.hostname !== 'localhost') {
    throw new Error(`only loopback URLs: ${http}`);
  }
  return `ws://${url.host}${url.pathname}socketcluster/`;
};
const nodes = options.nodes.split(',').filter(Boolean).map(wsUrl);
const CHANNEL = options.channel;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * A raw protocol v2 socket: handshakes, answers heartbeats, subscribes with recovery after a reconnect
 * (to `reconnectUrl`), and records each delivery's sequence number and latency.
 */
class Subscriber {
  constructor(url, reconnectUrl, onDelivery) {
    this.url = url;
    this.reconnectUrl = reconnectUrl;
    this.onDelivery = onDelivery;
    this.position = null;     // {epoch, offset} of the last delivery
    // times each sequence number was received (at most 255), grown as needed: a Map of millions of entries
    // made the client's own garbage collections, and so its latency figures, worse the longer a run went on
    this.seen = new Uint8Array(1024);
    this.firstSeq = null;     // the first sequence number after the first subscription
    this.reconnects = 0;
    this.closeCodes = [];     // the close code of each connection that ended without our asking (why it reconnected)
    this.announcedLost = 0;   // messages the server announced with #gap
    this.recovered = null;
    this.ready = new Promise((resolve) => { this.resolveReady = resolve; });
    this.closedByUs = false;
    this.open(url);
  }

  open(url) {
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.on('open', () => ws.send('{"event":"#handshake","data":{},"cid":1}'));
    ws.on('message', (raw) => this.onMessage(ws, raw.toString()));
    ws.on('error', () => {});
    ws.on('close', (code) => {
      if (this.closedByUs) return;
      this.reconnects++;
      this.closeCodes.push(code);
      setTimeout(() => this.open(this.reconnectUrl), 100 + Math.random() * 400);
    });
  }

  onMessage(ws, text) {
    if (text === '') { ws.send(''); return; }
    const message = JSON.parse(text);
    for (const frame of Array.isArray(message) ? message : [message]) this.onFrame(ws, frame); // a batch: each frame
  }

  onFrame(ws, frame) {
    if (frame.rid === 1) {
      const data = { channel: CHANNEL };
      if (this.position) data.recover = this.position;
      ws.send(JSON.stringify({ event: '#subscribe', data, cid: 2 }));
    } else if (frame.rid === 2) {
      if (frame.data?.recovered !== undefined) this.recovered = frame.data.recovered;
      if (!this.position && frame.data?.epoch) this.position = { epoch: frame.data.epoch, offset: frame.data.offset };
      this.resolveReady();
    } else if (frame.event === '#gap') {
      this.announcedLost += frame.data.to - frame.data.from + 1;
    } else if (frame.event === '#publish') {
      const { data, epoch, offset } = frame.data;
      this.position = { epoch, offset };
      this.record(data.seq);
      if (this.firstSeq === null) this.firstSeq = data.seq;
      this.onDelivery(nowMs() - data.t, data.t);
    }
  }

  record(seq) {
    if (seq >= this.seen.length) {
      const grown = new Uint8Array(Math.max(seq + 1, 2 * this.seen.length));
      grown.set(this.seen);
      this.seen = grown;
    }
    if (this.seen[seq] < 255) this.seen[seq]++;
  }

  /** How many times `seq` was received. */
  times(seq) {
    return this.seen[seq] ?? 0;
  }

  close() {
    this.closedByUs = true;
    this.ws.close(1000);
  }
}

async function publisher(url) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.on('message', (raw) => {
      const text = raw.toString();
      if (text === '') ws.send('');
      else if (JSON.parse(text).rid === 1) resolve();
    });
    ws.on('open', () => ws.send('{"event":"#handshake","data":{},"cid":1}'));
    ws.on('error', reject);
  });
  return ws;
}

/**
 * Publishes `rate` messages/s for `seconds` (each {seq, t}, seq counting on from `firstSeq`); returns the next
 * sequence number (the number published in all when the first call started at 0).
 */
async function publishFor(ws, rate, seconds, during = async () => {}, firstSeq = 0) {
  let seq = firstSeq;
  const start = nowMs();
  const timer = setInterval(() => {
    const due = firstSeq + Math.floor(((nowMs() - start) / 1000) * rate);
    while (seq < due) {
      ws.send(JSON.stringify({ event: '#publish', data: { channel: CHANNEL, data: { seq, t: nowMs() } } }));
      seq++;
    }
  }, 1);
  await Promise.all([sleep(seconds * 1000), during()]);
  clearInterval(timer);
  return seq;
}

function percentiles(samples) {
  if (!samples.length) return null;
  const sorted = Float64Array.from(samples).sort();
  const at = (p) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] * 100) / 100;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}

/** Lost, duplicated among the sequence numbers each subscriber should have received (from its first on). */
function accounting(subscribers, published) {
  let lost = 0;
  let duplicated = 0;
  let unsubscribed = 0;
  for (const s of subscribers) {
    if (s.firstSeq === null) { unsubscribed++; continue; }
    for (let seq = s.firstSeq; seq < published; seq++) {
      const times = s.times(seq);
      if (times === 0) lost++;
      if (times > 1) duplicated += times - 1;
    }
  }
  return { lost, duplicated, subscribersWithoutDelivery: unsubscribed };
}

/** How many of the subscribers' connections ended with each close code without the client's asking, e.g. {"4100": 12}. */
function closeCodeCounts(subscribers) {
  const counts = {};
  for (const s of subscribers) for (const code of s.closeCodes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

/** The first few runs of missing sequence numbers of one subscriber, as [first, last] pairs (to tell a gap from a tail). */
function missingRuns(subscriber, published, limit = 5) {
  const runs = [];
  for (let seq = subscriber.firstSeq ?? published; seq < published && runs.length < limit; seq++) {
    if (subscriber.times(seq) > 0) continue;
    const first = seq;
    while (seq + 1 < published && subscriber.times(seq + 1) === 0) seq++;
    runs.push([first, seq]);
  }
  return runs;
}

async function latency() {
  const latencies = [];
  const sentAt = [];
  const subscriber = new Subscriber(nodes[0], nodes[0], (ms, t) => {
    latencies.push(ms);
    if (options.dump) sentAt.push(t);
  });
  await Promise.race([subscriber.ready, sleep(10_000).then(() => { throw new Error('subscribe timed out'); })]);
  const pub = await publisher(nodes[nodes.length - 1]);
  await sleep(500);
  latencies.length = 0;
  const warmup = await warmUp(pub, 1, () => latencies.length, latencies);
  latencies.length = 0;
  sentAt.length = 0;
  const published = await publishFor(pub, options.rate, options.seconds, undefined, warmup.published);
  await settled(() => latencies.length, published - warmup.published);
  if (options.dump) {
    writeRoundTrips(options.dump, sentAt, latencies, Date.now() - nowMs());
  }
  subscriber.close();
  pub.close();
  return {
    mode, instances: nodes.length, rate: options.rate, seconds: options.seconds, warmup: warmup.figures,
    published: published - warmup.published, delivered: latencies.length, latencyMs: percentiles(latencies),
    ...accounting([subscriber], published), missing: missingRuns(subscriber, published),
    announcedLost: subscriber.announcedLost, reconnects: subscriber.reconnects, closeCodes: closeCodeCounts([subscriber]), recovered: subscriber.recovered,
  };
}

/**
 * --warmup seconds of the same publishing before the measured part, each publish due `receivers` deliveries;
 * returns how many it published (the measured part's first sequence number) and its figures (null without a
 * warm-up), read from `delivered()` and `latencies`, which the caller then resets.
 */
async function warmUp(ws, receivers, delivered, latencies) {
  if (!options.warmup) return { published: 0, figures: null };
  const published = await publishFor(ws, options.rate, options.warmup);
  await settled(delivered, published * receivers);
  const figures = { seconds: options.warmup, published, delivered: delivered(), latencyMs: percentiles(latencies) };
  process.stderr.write(`cluster: warm-up ${JSON.stringify(figures)}\n`);
  return { published, figures };
}

/** Waits until `count()` reaches `expected` or stops growing for 3 s (at most 60 s): messages still in flight are not lost. */
async function settled(count, expected) {
  const deadline = nowMs() + 60_000;
  let last = -1;
  let stillSince = nowMs();
  while (count() < expected && nowMs() < deadline && nowMs() - stillSince < 3000) {
    await sleep(100);
    if (count() !== last) {
      last = count();
      stillSince = nowMs();
    }
  }
}

async function fanout() {
  const latencies = [];
  let delivered = 0;
  const subscribers = [];
  const started = nowMs();
  for (let i = 0; i < options.subscribers; i++) {
    subscribers.push(new Subscriber(nodes[i % nodes.length], wsUrl(options.lb || options.nodes.split(',')[0]),
      (ms) => { delivered++; if (latencies.length < 5_000_000) latencies.push(ms); }));
    if (i % 200 === 199) await sleep(50);
  }
  await Promise.race([Promise.all(subscribers.map((s) => s.ready)),
    sleep(120_000).then(() => { throw new Error('subscriptions timed out'); })]);
  process.stderr.write(`cluster: ${subscribers.length} subscribers ready in ${Math.round(nowMs() - started)} ms\n`);
  const pub = await publisher(nodes[0]);
  await sleep(500);
  delivered = 0;
  latencies.length = 0;
  const warmup = await warmUp(pub, subscribers.length, () => delivered, latencies);
  const firstSeq = warmup.published;
  delivered = 0;
  latencies.length = 0;
  const measureStart = nowMs();
  const kill = async () => {
    if (!options.killAfter || !options.killCommand) return;
    await sleep(options.killAfter * 1000);
    process.stderr.write(`cluster: running ${options.killCommand}\n`);
    execSync(options.killCommand, { stdio: 'inherit' });
  };
  const end = await publishFor(pub, options.rate, options.seconds, kill, firstSeq);
  const published = end - firstSeq;
  const elapsed = (nowMs() - measureStart) / 1000;
  await settled(() => delivered, published * subscribers.length);
  const result = {
    mode, instances: nodes.length, subscribers: subscribers.length, rate: options.rate, seconds: options.seconds,
    warmup: warmup.figures, published, delivered, expected: published * subscribers.length,
    deliveriesPerSec: Math.round(delivered / elapsed), latencyMs: percentiles(latencies),
    reconnected: subscribers.filter((s) => s.reconnects > 0).length, closeCodes: closeCodeCounts(subscribers),
    recoveredOk: subscribers.filter((s) => s.recovered === true).length,
    recoveredFailed: subscribers.filter((s) => s.recovered === false).length,
    ...accounting(subscribers, end),
  };
  subscribers.forEach((s) => s.close());
  pub.close();
  return result;
}

/** Opens a handshaken raw socket that answers heartbeats and hands every other frame to `onFrame`. */
function rawSocket(url, onFrame) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => ws.send('{"event":"#handshake","data":{},"cid":1}'));
    ws.on('error', reject);
    ws.on('message', (raw) => {
      const text = raw.toString();
      if (text === '') { ws.send(''); return; }
      const message = JSON.parse(text);
      for (const frame of Array.isArray(message) ? message : [message]) {
        if (frame.rid === 1) resolve(ws);
        else onFrame(frame);
      }
    });
  });
}

async function channels() {
  const perSocket = 1000;
  const names = Array.from({ length: options.channels }, (_, i) => `many-${process.pid}-${i}`);
  let acked = 0;
  let delivered = 0;
  const sockets = [];
  const started = nowMs();
  for (let from = 0; from < names.length; from += perSocket) {
    const ws = await rawSocket(nodes[0], (frame) => {
      if (frame.event === '#publish') delivered++;
      else if (frame.rid >= 2 && !frame.error) acked++;
    });
    names.slice(from, from + perSocket).forEach((channel, i) =>
      ws.send(JSON.stringify({ event: '#subscribe', data: { channel }, cid: i + 2 })));
    sockets.push(ws);
  }
  await settled(() => acked, names.length);
  const subscribeMs = Math.round(nowMs() - started);
  const pub = await rawSocket(nodes[nodes.length - 1], () => {});
  const publishStart = nowMs();
  for (const channel of names) pub.send(JSON.stringify({ event: '#publish', data: { channel, data: 1 } }));
  await settled(() => delivered, names.length);
  const deliverMs = Math.round(nowMs() - publishStart);
  [...sockets, pub].forEach((ws) => ws.close(1000));
  return { mode, channels: names.length, subscribed: acked, subscribeMs, delivered, deliverMs };
}

const watchdog = setTimeout(() => { process.stderr.write('cluster: overran its time bound\n'); process.exit(1); },
  (options.seconds + options.warmup + options.killAfter + 300) * 1000);
({ latency, fanout, channels }[mode])().then((result) => {
  console.log(JSON.stringify(result));
  clearTimeout(watchdog);
  setTimeout(() => process.exit(0), 200);
}, (err) => {
  process.stderr.write(`cluster: FAILED ${err.stack ?? err}\n`);
  process.exit(1);
});
