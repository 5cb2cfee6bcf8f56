#!/usr/bin/env node
// File transfer throughput against SocketGrid (docs/PROTOCOL.md, "File transfer"), next to a plain HTTP
// download of the same file from the same server.
//
// For each size: the file's bytes (a 4 MiB random block repeated) are hashed first, then
//   upload    #file.offer, binary chunks within the credit the acks open, until #file.verified (timed from
//             the offer to the verdict);
//   upload over HTTP  the same, the bytes PUT to the answer's httpChunks in 1 MiB bodies, at most 4 in
//             flight, within the same credit (HTTP bodies are not masked; docs/PERFORMANCE.md);
//   download  invoke files.fetch {name} (the webapp pushes the stored file), #file.accept with a 4 MiB
//             window, chunks acknowledged as they come, SHA-256 checked, #file.verified (timed from the
//             fetch to the last chunk);
//   http      GET socketgrid/files/<name> of the same stored file, hashed the same way (timed from the
//             request to the last byte).
// Each is repeated --repeat times for the sizes below 1 GB (once for 1 GB and more); the median counts.
// Before the sizes, --warmup rounds of 100 MiB through every way warm the server's JIT (reported apart, as
// "warmup"), and before each timed way the client has `sync` run (untimed), so that no write-back of the previous
// way runs during the next: by a shell started once, never by forking this process for each (a fork makes every
// page of the client copy-on-write, and on this VM the next transfer paid ≈ 9,000 page faults for it:
// docs/BENCHMARKS.md, "The file bench measured itself"). Before the two downloads the stored file is read once
// over HTTP (untimed): uploads are written around the page cache (the server's fileDirectWrites), and the first
// reader would otherwise pay the disk read and the page-cache faults alone (docs/PERFORMANCE.md, "Uploads and
// the page cache").
// Prints ONE JSON line: per size, MB/s (MiB/s) of each way and the download/http ratio.
//
//   node files.mjs [--url=ws://127.0.0.1:8181/socketcluster/] [--sizes=1,100,1024] [--repeat=3]
//                  [--ways=frames,carrier,download,http]   (a subset measures only those ways; for profiling one)
//                  [--warmup=20]                            (rounds of 100 MiB per way before the timed runs)
//
// Only loopback URLs are accepted. Exit status: 0 when every transfer verified; 1 otherwise; 2 on bad options.

import WebSocket from 'ws';
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseOptions } from './options.mjs';

const USAGE = 'node files.mjs [--url=ws://127.0.0.1:8181/socketcluster/] [--sizes=1,100,1024] [--repeat=3] [--ways=frames,carrier,download,http] [--warmup=20]';
const options = parseOptions(process.argv.slice(2), {
  url: { env: 'BENCH_URL', fallback: 'ws://127.0.0.1:8181/socketcluster/', kind: 'url' },
  sizes: { env: 'BENCH_FILE_SIZES', fallback: '1,100,1024', kind: 'text' },
  repeat: { env: 'BENCH_FILE_REPEAT', fallback: 3, kind: 'int' },
  ways: { env: 'BENCH_FILE_WAYS', fallback: 'frames,carrier,download,http', kind: 'text' },
  warmup: { env: 'BENCH_FILE_WARMUP', fallback: 20, kind: 'count' },
}, 'files', USAGE);
const WAYS = new Set(options.ways.split(','));
const KNOWN_WAYS = ['frames', 'carrier', 'download', 'http'];
if ([...WAYS].some((way) => !KNOWN_WAYS.includes(way)) || !(WAYS.has('frames') || WAYS.has('carrier'))) {
  console.error(`files: --ways takes some of ${KNOWN_WAYS.join(',')}, with at least one upload (the downloads fetch what it stored)`);
  process.exit(2);
}

const MiB = 1 << 20;
const BLOCK = randomBytes(4 * MiB);
const STEP_TIMEOUT_MS = 300_000;
// as the browser client sends: bodies of at most 1 MiB, at most 4 in flight
const MAX_PUTS = 4;
const BODY = MiB;

/** The bytes [offset, offset + length) of a file made of BLOCK repeated (a view when it fits in one block). */
function slice(offset, length) {
  const start = offset % BLOCK.length;
  if (start + length <= BLOCK.length) return BLOCK.subarray(start, start + length);
  const out = Buffer.allocUnsafe(length);
  for (let written = 0; written < length;) {
    const from = (offset + written) % BLOCK.length;
    written += BLOCK.copy(out, written, from, Math.min(BLOCK.length, from + length - written));
  }
  return out;
}

function sha256Of(size) {
  const hash = createHash('sha256');
  for (let offset = 0; offset < size; offset += BLOCK.length) hash.update(slice(offset, Math.min(BLOCK.length, size - offset)));
  return hash.digest('hex');
}

function chunkHeader(id, offset, length) {
  const idBytes = Buffer.from(id, 'ascii');
  const header = Buffer.allocUnsafe(2 + idBytes.length + 12);
  header[0] = 1;
  header[1] = idBytes.length;
  idBytes.copy(header, 2);
  header.writeBigUInt64BE(BigInt(offset), 2 + idBytes.length);
  header.writeUInt32BE(length, 10 + idBytes.length);
  return header;
}

/** One protocol connection: invoke, events by name, binary messages. */
async function connect(url) {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 64 * MiB });
  const pending = new Map();
  const waiters = [];
  let cid = 1;
  let onBinary = () => {};
  ws.on('message', (data, isBinary) => {
    if (isBinary) { onBinary(data); return; }
    const text = data.toString();
    if (text === '') { ws.send(''); return; }
    const frame = JSON.parse(text);
    if (frame.rid !== undefined) {
      const settle = pending.get(frame.rid);
      pending.delete(frame.rid);
      if (settle) settle(frame);
      return;
    }
    for (const waiter of [...waiters]) waiter(frame);
  });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const invoke = (event, data) => new Promise((resolve, reject) => {
    const id = ++cid;
    pending.set(id, (frame) => (frame.error ? reject(Object.assign(new Error(frame.error.message), { name: frame.error.name })) : resolve(frame.data)));
    ws.send(JSON.stringify({ event, data, cid: id }));
  });
  const on = (handler) => { waiters.push(handler); return () => waiters.splice(waiters.indexOf(handler), 1); };
  const socket = { id: null, ws, invoke, on, set onBinary(handler) { onBinary = handler; },
    transmit: (event, data) => ws.send(JSON.stringify({ event, data })) };
  ws.send(JSON.stringify({ event: '#handshake', data: {}, cid: 1 }));
  const handshaken = new Promise((resolve) => pending.set(1, (frame) => { socket.id = frame.data.id; resolve(); }));
  await handshaken;
  return socket;
}

function within(promise, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), STEP_TIMEOUT_MS); })])
    .finally(() => clearTimeout(timer));
}

/**
 * Follows transfer `id` as its sender: `acked()` is the highest acknowledged offset, `wait()` resolves at the
 * next ack (or after 50 ms), `verdict` settles with #file.verified or rejects with #file.failed.
 */
function follow(socket, id, start) {
  let acked = start;
  let wake = () => {};
  const verdict = new Promise((resolve, reject) => {
    const off = socket.on((frame) => {
      if (frame.data?.id !== id) return;
      if (frame.event === '#file.ack') { acked = Math.max(acked, frame.data.offset); wake(); }
      if (frame.event === '#file.verified') { off(); resolve(frame.data); }
      if (frame.event === '#file.failed') { off(); reject(new Error(`${frame.data.error.name}: ${frame.data.error.message}`)); }
    });
  });
  return {
    acked: () => acked,
    wait: () => new Promise((resolve) => { wake = resolve; setTimeout(resolve, 50); }),
    wakeNow: () => wake(),
    verdict,
  };
}

async function verified(progress, name, sha256) {
  const stored = await within(progress.verdict, `upload of ${name}`);
  if (stored.sha256 !== sha256) throw new Error(`${name} verified as ${stored.sha256}, expected ${sha256}`);
  return stored;
}

async function upload(socket, name, size, sha256) {
  const started = performance.now();
  const answer = await socket.invoke('#file.offer', { name, size, type: 'application/octet-stream', sha256 });
  const { id, window, chunkSize } = answer;
  const progress = follow(socket, id, answer.offset);
  for (let sent = answer.offset; sent < size;) {
    if (sent >= progress.acked() + window || socket.ws.bufferedAmount > window) {
      await progress.wait();
      continue;
    }
    const length = Math.min(chunkSize, size - sent, progress.acked() + window - sent);
    socket.ws.send(Buffer.concat([chunkHeader(id, sent, length), slice(sent, length)]));
    sent += length;
  }
  const stored = await verified(progress, name, sha256);
  return { seconds: (performance.now() - started) / 1000, stored };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_PUTS });

function put(url, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'PUT', agent, headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length } },
      (response) => { response.resume(); response.on('end', () => (response.statusCode === 204 ? resolve() : reject(new Error(`PUT ${response.statusCode}`)))); });
    request.on('error', reject);
    request.end(body);
  });
}

async function uploadOverHttp(socket, base, name, size, sha256) {
  const started = performance.now();
  const answer = await socket.invoke('#file.offer', { name, size, type: 'application/octet-stream', sha256 });
  const { id, window, httpChunks } = answer;
  if (!httpChunks) throw new Error('the server offers no HTTP carrier');
  const target = new URL(httpChunks, base);
  const progress = follow(socket, id, answer.offset);
  let inFlight = 0;
  let failure = null;
  for (let sent = answer.offset; sent < size;) {
    if (failure) throw failure;
    const length = Math.min(BODY, size - sent, progress.acked() + window - sent);
    if (length <= 0 || inFlight >= MAX_PUTS) {
      await progress.wait();
      continue;
    }
    const url = new URL(target);
    url.searchParams.set('socket', socket.id);
    url.searchParams.set('offset', String(sent));
    inFlight++;
    put(url, slice(sent, length)).then(() => { inFlight--; progress.wakeNow(); }, (error) => { failure = error; progress.wakeNow(); });
    sent += length;
  }
  const stored = await verified(progress, name, sha256);
  return { seconds: (performance.now() - started) / 1000, stored };
}

async function download(socket, stored) {
  const started = performance.now();
  const offered = new Promise((resolve) => {
    const off = socket.on((frame) => { if (frame.event === '#file.offer' && frame.data.name === stored.name) { off(); resolve(frame.data); } });
  });
  await socket.invoke('files.fetch', { name: stored.name });
  const offer = await within(offered, 'the pushed offer');
  const hash = createHash('sha256');
  let received = 0;
  let lastAck = 0;
  const window = 4 * MiB;
  const done = new Promise((resolve, reject) => {
    socket.onBinary = (message) => {
      const idLength = message[1];
      const offset = Number(message.readBigUInt64BE(2 + idLength));
      const payload = message.subarray(2 + idLength + 12);
      if (offset !== received) { reject(new Error(`chunk at ${offset}, expected ${received}`)); return; }
      hash.update(payload);
      received += payload.length;
      if (received - lastAck >= window / 4 || received === offer.size) {
        lastAck = received;
        socket.transmit('#file.ack', { id: offer.id, offset: received });
      }
      if (received === offer.size) resolve();
    };
  });
  await socket.invoke('#file.accept', { id: offer.id, offset: 0, window });
  await within(done, `download of ${stored.name}`);
  const seconds = (performance.now() - started) / 1000;
  const digest = hash.digest('hex');
  socket.transmit('#file.verified', { id: offer.id, sha256: digest });
  if (digest !== stored.sha256) throw new Error(`download hashed to ${digest}, expected ${stored.sha256}`);
  return { seconds };
}

function httpDownload(base, stored) {
  const started = performance.now();
  return within(new Promise((resolve, reject) => {
    http.get(new URL(stored.url, base), { agent: false }, (response) => {
      if (response.statusCode !== 200) { reject(new Error(`HTTP ${response.statusCode}`)); response.resume(); return; }
      const hash = createHash('sha256');
      response.on('data', (data) => hash.update(data));
      response.on('end', () => {
        const digest = hash.digest('hex');
        if (digest !== stored.sha256) reject(new Error(`HTTP body hashed to ${digest}`));
        else resolve({ seconds: (performance.now() - started) / 1000 });
      });
      response.on('error', reject);
    }).on('error', reject);
  }), `HTTP download of ${stored.name}`);
}

const median = (values) => (values.length ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] : null);
const rate = (size, seconds) => Math.round(10 * size / MiB / seconds) / 10;
/**
 * Lets the kernel write the previous upload's pages out before the next way is timed (see the head comment):
 * each call has a shell started once run `sync` and resolves when it answers.
 */
function syncer() {
  const shell = spawn('sh', ['-c', 'while read -r _; do sync; echo synced; done'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const answers = createInterface({ input: shell.stdout });
  const waiting = [];
  answers.on('line', () => waiting.shift()?.());
  const settle = () => new Promise((resolve) => { waiting.push(resolve); shell.stdin.write('sync\n'); });
  settle.close = () => shell.stdin.end();
  return settle;
}
const settle = syncer();

/** One round: each of the chosen ways once for a file of {@code size} bytes; MiB/s per way. */
async function round(socket, base, size, sha256, prefix) {
  const rates = {};
  let stored = null;
  if (WAYS.has('frames')) {
    await settle();
    const uploaded = await upload(socket, `${prefix}-${Date.now()}.bin`, size, sha256);
    rates.upload = rate(size, uploaded.seconds);
    stored = uploaded.stored;
  }
  if (WAYS.has('carrier')) {
    await settle();
    const uploaded = await uploadOverHttp(socket, base, `${prefix}-http-${Date.now()}.bin`, size, sha256);
    rates.uploadOverHttp = rate(size, uploaded.seconds);
    stored ??= uploaded.stored;
  }
  if (WAYS.has('download') || WAYS.has('http')) {
    await httpDownload(base, stored); // untimed: both downloads then read from the page cache (head comment)
  }
  if (WAYS.has('download')) {
    await settle();
    rates.download = rate(size, (await download(socket, stored)).seconds);
  }
  if (WAYS.has('http')) {
    await settle();
    rates.http = rate(size, (await httpDownload(base, stored)).seconds);
  }
  return rates;
}

async function main() {
  const url = new URL(options.url);
  const base = `http://${url.host}${url.pathname.replace(/socketcluster\/?$/, '')}`;
  const socket = await connect(options.url);
  const results = [];
  const warmup = [];
  const warmupSha256 = options.warmup > 0 ? sha256Of(100 * MiB) : null;
  for (let i = 0; i < options.warmup; i++) {
    // a socket of its own per round: the rounds would otherwise use up the measured socket's upload quota
    const warmupSocket = await connect(options.url);
    warmup.push(await round(warmupSocket, base, 100 * MiB, warmupSha256, 'warmup'));
    warmupSocket.ws.close();
  }
  if (warmup.length) process.stderr.write(`files: warm-up rounds of 100 MiB (MiB/s): ${JSON.stringify(warmup)}\n`);
  for (const sizeMiB of options.sizes.split(',').map(Number)) {
    const size = sizeMiB * MiB;
    const sha256 = sha256Of(size);
    const runs = sizeMiB >= 1024 ? 1 : options.repeat;
    const measured = [];
    for (let i = 0; i < runs; i++) {
      measured.push(await round(socket, base, size, sha256, `bench-${sizeMiB}MiB`));
      process.stderr.write(`files: ${sizeMiB} MiB run ${i + 1}/${runs} (MiB/s): ${JSON.stringify(measured.at(-1))}\n`);
    }
    const of = (way) => measured.map((one) => one[way]).filter((value) => value !== undefined);
    const [up, upHttp, down, plain] = ['upload', 'uploadOverHttp', 'download', 'http'].map(of);
    const vsHttp = (values) => (values.length && plain.length ? Math.round(100 * median(values) / median(plain)) / 100 : null);
    results.push({ sizeMiB, runs, uploadMiBps: median(up), uploadOverHttpMiBps: median(upHttp), downloadMiBps: median(down),
      httpMiBps: median(plain), downloadVsHttp: vsHttp(down), uploadVsHttp: vsHttp(up), uploadOverHttpVsHttp: vsHttp(upHttp),
      all: { upload: up, uploadOverHttp: upHttp, download: down, http: plain } });
  }
  socket.ws.close();
  agent.destroy();
  settle.close();
  console.log(JSON.stringify({ warmup, results }));
}

main().then(() => process.exit(0), (error) => { console.error(`files: FAILED: ${error.stack ?? error}`); process.exit(1); });
