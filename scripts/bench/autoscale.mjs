#!/usr/bin/env node
// The load of the autoscaling run (scripts/bench-autoscale.sh): a ramp of pinging sockets through the
// balancer that holds, then stops, while a channel publisher and its subscribers count every message.
//
//   node autoscale.mjs [--url=ws://127.0.0.1:8080/socketcluster/] [--publisher-url=ws://127.0.0.1:8081/socketcluster/]
//                      [--sockets=1200] [--ramp=180] [--hold=150] [--ping-max-ms=1000] [--subscribers=20]
//                      [--publish-ms=20] [--shrink-timeout=420]
//
// - Load: --sockets raw SocketCluster v2 sockets opened through --url at an even rate over --ramp seconds;
//   each handshakes, answers heartbeats and transmits `ping` every t ms, t fixed per socket and drawn from
//   [0, --ping-max-ms] (the thesis workload, faster). After --hold more seconds they are all closed (1000);
//   they never reconnect.
// - Channel: a publisher (SocketGrid's browser client) connected straight to --publisher-url, an instance
//   the autoscaler never drains, publishes 0, 1, 2, … to channel `autoscale` every --publish-ms. --subscribers
//   browser clients join through --url one by one over the ramp and the hold, so that the balancer puts some
//   on the instances the autoscaler adds (and later drains); each counts what it receives from its first
//   message on. Their reconnects and recoveries are the client's own (default options).
// - End: once the load stopped, the run waits until the cluster view of --publisher-url lists one node
//   (at most --shrink-timeout s), publishes 3 s more, stops, and waits for the last message to arrive.
//
// Prints one JSON line: published, publishes refused (none are owed), per subscriber and in all received, missing,
// duplicates, out-of-order, reconnects and the nodes each one went through, and the load's figures. Progress
// on stderr. Exit 0 when no subscriber missed a message the cluster accepted, got one twice or out of order,
// and the cluster shrank back to one node; 1 otherwise; 2 on bad options. Loopback URLs only.

import WebSocket from 'ws';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { parseOptions } from './options.mjs';
import { printAndExit, round } from './figures.mjs';

const USAGE = 'node autoscale.mjs [--url=ws://127.0.0.1:8080/socketcluster/] ' +
    '[--publisher-url=ws://127.0.0.1:8081/socketcluster/] [--sockets=1200] [--ramp=180] [--hold=150] ' +
    '[--ping-max-ms=1000] [--subscribers=20] [--publish-ms=20] [--shrink-timeout=420]';
const setting = (env, fallback, kind) => ({ env, fallback, kind });
const options = parseOptions(process.argv.slice(2), {
  url: setting('BENCH_URL', 'ws://127.0.0.1:8080/socketcluster/', 'url'),
  publisherUrl: setting('BENCH_PUBLISHER_URL', 'ws://127.0.0.1:8081/socketcluster/', 'url'),
  sockets: setting('BENCH_AUTOSCALE_SOCKETS', 1200, 'int'),
  ramp: setting('BENCH_AUTOSCALE_RAMP', 180, 'seconds'),
  hold: setting('BENCH_AUTOSCALE_HOLD', 150, 'seconds'),
  pingMaxMs: setting('BENCH_AUTOSCALE_PING_MAX_MS', 1000, 'int'),
  subscribers: setting('BENCH_AUTOSCALE_SUBSCRIBERS', 20, 'int'),
  publishMs: setting('BENCH_AUTOSCALE_PUBLISH_MS', 20, 'int'),
  shrinkTimeout: setting('BENCH_AUTOSCALE_SHRINK_TIMEOUT', 420, 'seconds'),
}, 'autoscale', USAGE);

globalThis.WebSocket = WebSocket;
const here = path.dirname(fileURLToPath(import.meta.url));
const { SocketGrid } = await import(pathToFileURL(path.join(here, '../../webapp/src/main/webapp/js/socketgrid-client.js')).href);

const CHANNEL = 'autoscale';
const HANDSHAKE = '{"event":"#handshake","data":{},"cid":1}';
const PING = '{"event":"ping","data":{"param":"pong"}}';
const startedAt = Date.now();
const elapsed = () => Math.round((Date.now() - startedAt) / 1000);
const say = (text) => process.stderr.write(`autoscale: ${elapsed()} s ${text}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// the whole run is bounded: ramp, hold, shrink, the end, and a margin
const hardLimitMs = (options.ramp + options.hold + options.shrinkTimeout + 60) * 1000;
const watchdog = setTimeout(() => finish(`the run overran its bound of ${hardLimitMs / 1000} s`), hardLimitMs);

// --- load ----------------------------------------------------------------------------------------------
const load = { opened: 0, handshaken: 0, failed: 0, pongs: 0, closedByServer: {}, sockets: [] };

function openLoadSocket() {
  const ws = new WebSocket(options.url, { perMessageDeflate: false, handshakeTimeout: 15_000 });
  const socket = { ws, timer: null, closing: false };
  load.sockets.push(socket);
  load.opened++;
  ws.on('open', () => ws.send(HANDSHAKE));
  ws.on('message', (data) => {
    if (data.length === 0) { ws.send(''); return; }
    const text = data.toString();
    if (text === '#1') { ws.send('#2'); return; }
    if (socket.timer === null && text.includes('"rid":1')) {
      load.handshaken++;
      socket.timer = setInterval(() => ws.send(PING), Math.round(Math.random() * options.pingMaxMs) || 1);
      return;
    }
    if (text.startsWith('{"event":"pong"')) load.pongs++;
  });
  ws.on('error', () => { if (socket.timer === null) load.failed++; });
  ws.on('close', (code) => {
    clearInterval(socket.timer);
    if (!socket.closing) load.closedByServer[code] = (load.closedByServer[code] ?? 0) + 1;
  });
}

function closeLoad() {
  for (const socket of load.sockets) {
    socket.closing = true;
    clearInterval(socket.timer);
    if (socket.ws.readyState === WebSocket.OPEN) socket.ws.close(1000, 'load done');
    else socket.ws.terminate();
  }
}

// --- channel -------------------------------------------------------------------------------------------
const publisher = SocketGrid.connect(options.publisherUrl);
let published = 0;
const refused = new Set(); // values whose publish the cluster refused or did not confirm: nobody owes them
let publishing = null;
const subscribers = [];

function addSubscriber() {
  const socket = SocketGrid.connect(options.url);
  const subscriber = { socket, received: [], nodes: [], reconnects: 0, recoveries: 0, lost: 0 };
  socket.on('connect', (status) => {
    const node = status.id.split('.')[0];
    if (subscriber.nodes.at(-1) !== node) subscriber.nodes.push(node);
  });
  socket.on('disconnect', ({ code }) => { subscriber.reconnects++; say(`subscriber ${subscribers.indexOf(subscriber)} disconnected (${code})`); });
  socket.on('recovery', ({ recovered }) => { subscriber.recoveries++; if (!recovered) subscriber.lost++; });
  socket.on('error', () => { /* reconnect attempts that fail are retried by the client; counted by the result */ });
  socket.subscribe(CHANNEL, (n) => subscriber.received.push(n));
  subscribers.push(subscriber);
}

/** What one subscriber got of what the cluster accepted, from its first message on. */
function tally(subscriber) {
  const got = subscriber.received;
  const first = got.length ? got[0] : published;
  const distinct = new Set(got);
  let missing = 0;
  for (let n = first; n < published; n++) if (!distinct.has(n) && !refused.has(n)) missing++;
  let outOfOrder = 0;
  for (let i = 1; i < got.length; i++) if (got[i] <= got[i - 1]) outOfOrder++;
  return { first, received: got.length, missing, duplicates: got.length - distinct.size, outOfOrder,
    reconnects: subscriber.reconnects, recoveries: subscriber.recoveries, unrecovered: subscriber.lost,
    nodes: subscriber.nodes };
}

async function clusterNodes() {
  const base = new URL(options.publisherUrl);
  const response = await fetch(`http://${base.host}/socketgrid/cluster`);
  return (await response.json()).nodes.length;
}

// --- the run -------------------------------------------------------------------------------------------
let shrunk = false;

async function run() {
  await new Promise((resolve, reject) => {
    publisher.on('connect', resolve);
    setTimeout(() => reject(new Error('the publisher did not connect within 15 s')), 15_000);
  });
  publishing = setInterval(() => {
    const n = published++;
    publisher.publish(CHANNEL, n).catch(() => refused.add(n));
  }, options.publishMs);

  const total = options.ramp + options.hold;
  const subscriberEvery = total / options.subscribers;
  let nextSubscriber = 0;
  const rampStart = Date.now();
  let reportedAt = 0;
  say(`ramping to ${options.sockets} sockets over ${options.ramp} s, then holding ${options.hold} s`);
  while (Date.now() - rampStart < total * 1000) {
    const secondsIn = (Date.now() - rampStart) / 1000;
    const due = Math.min(options.sockets, Math.floor(options.sockets * Math.min(1, secondsIn / Math.max(options.ramp, 1))));
    while (load.opened < due) openLoadSocket();
    if (subscribers.length < options.subscribers && secondsIn >= nextSubscriber * subscriberEvery) {
      addSubscriber();
      nextSubscriber++;
    }
    if (Date.now() - reportedAt >= 15_000) {
      reportedAt = Date.now();
      say(`${load.handshaken} sockets handshaken (${load.failed} failed), ${subscribers.length} subscribers, ${load.pongs} pongs`);
    }
    await sleep(100);
  }
  say(`load stops: closing ${load.sockets.length} sockets`);
  closeLoad();

  const shrinkStart = Date.now();
  let nodes = null;
  while (Date.now() - shrinkStart < options.shrinkTimeout * 1000) {
    nodes = await clusterNodes().catch(() => null);
    if (nodes === 1) { shrunk = true; break; }
    if (Date.now() - reportedAt >= 15_000) {
      reportedAt = Date.now();
      say(`waiting for the cluster to shrink: ${nodes} nodes`);
    }
    await sleep(1000);
  }
  say(shrunk ? 'the cluster is back to one node' : `the cluster still has ${nodes} nodes`);
  await sleep(3000);
  clearInterval(publishing);
  // every publish the cluster accepted is delivered to every subscriber, or the wait runs out
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && subscribers.some((s) => tally(s).missing > 0)) await sleep(200);
  finish(null);
}

function finish(failure) {
  clearTimeout(watchdog);
  clearInterval(publishing);
  closeLoad();
  const each = subscribers.map(tally);
  const sum = (key) => each.reduce((a, s) => a + s[key], 0);
  const report = {
    tool: 'autoscale',
    published, publishFailures: refused.size,
    subscribers: each.length,
    received: sum('received'), missing: sum('missing'), duplicates: sum('duplicates'), outOfOrder: sum('outOfOrder'),
    subscribersMoved: each.filter((s) => s.nodes.length > 1).length, reconnects: sum('reconnects'),
    unrecovered: sum('unrecovered'), shrunkToOne: shrunk, seconds: elapsed(),
    load: { sockets: load.opened, handshaken: load.handshaken, failed: load.failed, pongs: load.pongs,
      pongsPerSecond: round(load.pongs / Math.max(1, options.ramp + options.hold), 0), closedByServer: load.closedByServer },
    perSubscriber: each,
  };
  publisher.close();
  subscribers.forEach((s) => s.socket.close());
  const clean = report.missing === 0 && report.duplicates === 0 && report.outOfOrder === 0;
  const problem = failure ?? (!clean ? 'a subscriber missed, repeated or reordered a message'
    : !shrunk ? 'the cluster did not shrink back to one node' : null);
  printAndExit('autoscale', report, problem, problem ? 1 : 0);
}

run().catch((err) => finish(err.stack ?? String(err)));
