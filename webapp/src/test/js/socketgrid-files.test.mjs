// Tests of the browser client's file transfer (js/socketgrid-files.js through js/socketgrid-client.js),
// without a browser and without the Java server: `node --test webapp/src/test/js/` (Node 18+, no packages).
// The pure parts (chunk frames, reassembly) are tested alone; the transfers run against a fake server
// that speaks docs/PROTOCOL.md "File transfer" over an in-process fake WebSocket, checking the client's
// side of the contract: credit, acknowledgements, checksums, resume, cancel, rejection, and the HTTP
// carrier of a sender's bytes (PUTs to the answer's `httpChunks`, through a fake fetch).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { SocketGrid } from '../../main/webapp/js/socketgrid-client.js';
import {
  files, encodeChunk, decodeChunk, base64ToBytes, Reassembly, DEFAULT_WINDOW,
} from '../../main/webapp/js/socketgrid-files.js';

const KIB = 1024;
const MIB = 1024 * KIB;
/** js-sha256's API (create/update/hex) over node:crypto. */
const sha256Lib = {
  create() {
    const hash = createHash('sha256');
    return { update(bytes) { hash.update(bytes); return this; }, hex: () => hash.digest('hex') };
  },
};
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what, probe, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

/** Parses a chunk frame independently of decodeChunk: kind, id length, id, uint64 offset, uint32 length. */
function parseChunk(bytes) {
  const frame = Buffer.from(bytes);
  assert.equal(frame[0], 1, 'kind byte');
  const idLength = frame[1];
  const id = frame.toString('latin1', 2, 2 + idLength);
  const offset = Number(frame.readBigUInt64BE(2 + idLength));
  const length = frame.readUInt32BE(10 + idLength);
  assert.equal(frame.length, 14 + idLength + length, 'the frame ends with the payload');
  return { id, offset, payload: frame.subarray(14 + idLength) };
}

/**
 * A fake SocketGrid server: answers the handshake, records every frame the client sends and hands it to
 * `handler.text(conn, frame)` or `handler.binary(conn, chunk)`. server.WebSocket is the client's WebSocket.
 */
function fakeServer(handler = {}) {
  const server = { connections: [], frames: [] };
  server.sent = (event) => server.frames.filter((frame) => frame.event === event);
  server.WebSocket = class FakeWebSocket {
    constructor() {
      this.id = `n1.s${server.connections.length + 1}`;
      this.bufferedAmount = 0;
      this.closed = false;
      server.connections.push(this);
      setTimeout(() => this.onopen?.(), 0);
    }

    send(data) { // client → server, asynchronously and in order like a real socket
      if (this.closed) throw new Error('send after close');
      const message = typeof data === 'string' ? data : Uint8Array.from(data);
      setTimeout(() => { if (!this.closed) this.receive(message); }, 0);
    }

    close() {
      this.closed = true;
    }

    receive(message) {
      if (typeof message !== 'string') {
        handler.binary?.(this, parseChunk(message));
      } else if (message !== '') {
        const frame = JSON.parse(message);
        if (frame.event === '#handshake') {
          this.answer(frame.cid, { id: this.id, pingTimeout: 60000, isAuthenticated: false });
          return;
        }
        server.frames.push(frame);
        handler.text?.(this, frame);
      }
    }

    push(data) { // server → client
      const payload = typeof data === 'string' ? data : Uint8Array.from(data).buffer;
      setTimeout(() => { if (!this.closed) this.onmessage?.({ data: payload }); }, 0);
    }

    transmit(event, data) { this.push(JSON.stringify({ event, data })); }
    answer(rid, data) { this.push(JSON.stringify({ rid, data })); }
    refuse(rid, name, message = name) { this.push(JSON.stringify({ rid, error: { name, message } })); }

    /** The connection breaks (the client sees a close without a close handshake). */
    drop() {
      this.closed = true;
      setTimeout(() => this.onclose?.({ code: 1006, reason: 'dropped' }), 0);
    }
  };
  return server;
}

function connect(server) {
  const fetch = server.fetch ?? (() => assert.fail('fetch was called, but the server offers no httpChunks'));
  return SocketGrid.connect('ws://fake/socketcluster/', {
    WebSocket: server.WebSocket, initialDelay: 5, maxDelay: 10, extensions: [files({ sha256: sha256Lib, fetch })],
  });
}

/** Runs `body(socket, conn)` with a client connected to `server` (conn: the server's end); closes it after. */
async function withClient(server, body) {
  const socket = connect(server);
  try {
    await until('the handshake', () => socket.state === 'connected');
    return await body(socket, server.connections.at(-1));
  } finally {
    socket.close();
  }
}

/**
 * The server side of uploads: answers offers with `window`/`chunkSize` (and `httpChunks` when `http`),
 * checks every chunk frame and PUT body against the credit it granted, holds bodies that arrive early,
 * acknowledges every window/4 bytes, verifies and answers `#file.verified`. Keeps only acknowledged bytes
 * over a lost connection, like the storing node. Hooks: onOffer(conn, frame) (true: handled),
 * onChunk(conn, transfer) after each chunk or body (true: no verdict), onPut(put, transfer) (an HTTP status
 * to answer instead, or throws like a fetch that fails on the network). server.fetch is the client's fetch:
 * it records server.puts ({id, socket, offset, length}) and server.maxInFlight, and finishes some PUTs
 * before earlier ones.
 */
function uploadServer({ window = 64 * KIB, chunkSize = 16 * KIB, http = false, onOffer, onChunk, onPut } = {}) {
  const transfers = new Map();
  const take = (conn, transfer, offset, payload) => {
    const end = offset + payload.length;
    assert.ok(end <= transfer.acked + window, 'bytes stay within the credit');
    if (end <= transfer.next) {
      transfer.duplicates += 1;
      return;
    }
    assert.ok(offset >= transfer.next, 'no partial overlap');
    transfer.held.set(offset, payload);
    for (let part = transfer.held.get(transfer.next); part; part = transfer.held.get(transfer.next)) {
      transfer.held.delete(transfer.next);
      transfer.received = Buffer.concat([transfer.received, part]);
      transfer.next = transfer.received.length;
    }
    const done = transfer.next === transfer.offer.size;
    if (done || transfer.next - transfer.acked >= window / 4) {
      transfer.acked = transfer.next;
      conn.transmit('#file.ack', { id: transfer.id, offset: transfer.acked });
    }
    if (onChunk?.(conn, transfer) || !done) return;
    const digest = sha256(transfer.received);
    if (digest !== transfer.offer.sha256) {
      conn.transmit('#file.failed', { id: transfer.id, error: { name: 'FileChecksumError', message: digest } });
      return;
    }
    const { name, size, type } = transfer.offer;
    conn.transmit('#file.verified', { id: transfer.id, sha256: digest, name, size, type, url: `socketgrid/files/${name}` });
  };
  const server = fakeServer({
    text(conn, frame) {
      if (frame.event !== '#file.offer') return;
      if (onOffer?.(conn, frame)) return;
      const offer = frame.data;
      let transfer = transfers.get(offer.resume);
      if (offer.resume !== undefined && !transfer) {
        conn.refuse(frame.cid, 'FileResumeError', 'gone');
        return;
      }
      if (!transfer) {
        transfer = { id: `n1.t${transfers.size + 1}`, offer, received: Buffer.alloc(0), next: 0, acked: 0, duplicates: 0 };
        transfers.set(transfer.id, transfer);
      }
      transfer.next = transfer.acked; // unacknowledged bytes are not kept over a lost connection
      transfer.received = transfer.received.subarray(0, transfer.acked);
      transfer.held = new Map();
      transfer.conn = conn;
      const answer = { id: transfer.id, offset: transfer.acked, window, chunkSize };
      if (http) answer.httpChunks = `socketgrid/files/chunks/${transfer.id}`;
      conn.answer(frame.cid, answer);
    },
    binary(conn, chunk) {
      const transfer = transfers.get(chunk.id);
      assert.ok(transfer, `a chunk of a known transfer: ${chunk.id}`);
      assert.ok(chunk.payload.length <= chunkSize, 'chunks are at most chunkSize');
      server.binaryChunks += 1;
      const fresh = chunk.offset + chunk.payload.length > transfer.next;
      if (fresh) assert.equal(chunk.offset, transfer.next, 'chunks arrive in order');
      take(conn, transfer, chunk.offset, chunk.payload);
    },
  });
  Object.assign(server, { transfers, binaryChunks: 0, puts: [], inFlight: 0, maxInFlight: 0 });
  server.fetch = async (href, init) => {
    const url = new URL(href);
    const prefix = '/socketgrid/files/chunks/';
    assert.ok(href.startsWith(`http://fake${prefix}`), `resolved like the socket's page: ${href}`);
    assert.equal(init.method, 'PUT');
    assert.equal(init.headers['Content-Type'], 'application/octet-stream');
    const put = {
      id: url.pathname.slice(prefix.length), socket: url.searchParams.get('socket'),
      offset: Number(url.searchParams.get('offset')), length: init.body.size ?? init.body.byteLength,
    };
    const transfer = transfers.get(put.id);
    assert.ok(transfer, `a PUT to a known transfer: ${put.id}`);
    assert.ok(put.length >= 1 && put.length <= Math.min(window, MIB), `1..min(window, 1 MiB) bytes: ${put.length}`);
    assert.ok(put.offset + put.length <= transfer.acked + window, 'a PUT starts within the credit');
    server.puts.push(put);
    server.inFlight += 1;
    server.maxInFlight = Math.max(server.maxInFlight, server.inFlight);
    try {
      await sleep(server.puts.length % 3 === 1 ? 6 : 1); // some later PUTs finish first
      if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      const status = onPut?.(put, transfer) ?? (transfer.conn.closed || put.socket !== transfer.conn.id ? 409 : 204);
      if (status === 204) take(transfer.conn, transfer, put.offset, Buffer.from(await init.body.arrayBuffer()));
      return { ok: status >= 200 && status < 300, status, statusText: status === 204 ? '' : 'Refused', body: null };
    } finally {
      server.inFlight -= 1;
    }
  };
  return server;
}

// ---- pure parts -----------------------------------------------------------------------------------------

test('a chunk frame has the documented layout and decodes back', () => {
  const payload = Uint8Array.of(7, 8, 9);
  const frame = encodeChunk('n1.abc', 2 ** 33 + 5, payload);
  assert.deepEqual([...frame.subarray(0, 8)], [1, 6, ...Buffer.from('n1.abc')]);
  assert.deepEqual([...frame.subarray(8, 16)], [0, 0, 0, 2, 0, 0, 0, 5], 'uint64 big-endian offset');
  assert.deepEqual([...frame.subarray(16, 20)], [0, 0, 0, 3], 'uint32 big-endian length');
  assert.deepEqual(parseChunk(frame), { id: 'n1.abc', offset: 2 ** 33 + 5, payload: Buffer.from(payload) });
  const decoded = decodeChunk(frame.buffer);
  assert.equal(decoded.id, 'n1.abc');
  assert.equal(decoded.offset, 2 ** 33 + 5);
  assert.deepEqual([...decoded.payload], [7, 8, 9]);
});

test('malformed chunk frames are FileChunkErrors naming the transfer when they can', () => {
  const frame = encodeChunk('n1.x', 0, Uint8Array.of(1, 2));
  const bad = (bytes) => assert.throws(() => decodeChunk(Uint8Array.from(bytes).buffer), { name: 'FileChunkError' });
  bad([2, ...frame.subarray(1)]);           // another kind
  bad([1, 0, 0, 0]);                        // empty id
  bad(frame.subarray(0, frame.length - 1)); // shorter than it says
  bad([...frame, 0]);                       // longer than it says
  const lying = Uint8Array.from(frame);
  lying[lying.length - 3] = 0;              // length 0
  assert.throws(() => decodeChunk(lying.buffer), (error) => error.name === 'FileChunkError' && error.id === 'n1.x');
  assert.throws(() => encodeChunk('x'.repeat(65), 0, Uint8Array.of(1)), RangeError);
  assert.throws(() => base64ToBytes('***'), { name: 'FileChunkError' });
  assert.deepEqual([...base64ToBytes('AQID')], [1, 2, 3]);
});

test('reassembly releases payloads in order, holds early ones and ignores exact repeats', () => {
  const bytes = (from, n) => Uint8Array.from({ length: n }, (_, i) => from + i);
  const r = new Reassembly(10);
  assert.deepEqual(r.add(4, bytes(4, 3), 10), []);            // early: held
  assert.deepEqual(r.add(4, bytes(4, 3), 10), []);            // the same held chunk again: ignored
  const ready = r.add(0, bytes(0, 4), 10);                    // fills the gap
  assert.deepEqual(ready.map((part) => [...part]), [[0, 1, 2, 3], [4, 5, 6]]);
  assert.equal(r.next, 7);
  assert.deepEqual(r.add(0, bytes(0, 4), 10), []);            // a resend of received bytes: ignored
  assert.throws(() => r.add(6, bytes(6, 2), 10), { name: 'FileChunkError' }, 'partial overlap');
  assert.throws(() => r.add(7, bytes(7, 4), 20), { name: 'FileChunkError' }, 'past the size');
  assert.throws(() => r.add(8, bytes(8, 2), 9), { name: 'FileChunkError' }, 'past the credit');
  assert.deepEqual(r.add(8, bytes(8, 2), 10), []);
  assert.throws(() => r.add(9, bytes(9, 1), 10), { name: 'FileChunkError' }, 'overlaps a held chunk');
  r.dropHeld();
  assert.deepEqual(r.add(7, bytes(7, 3), 10).map((part) => [...part]), [[7, 8, 9]], 'held chunks were dropped');
  assert.equal(r.next, 10);
});

// ---- uploads ---------------------------------------------------------------------------------------------

test('an upload is hashed, offered, sent within the credit and resolves with the verdict', async () => {
  const server = uploadServer();
  const data = randomBytes(300 * KIB + 17);
  const progress = [];
  await withClient(server, async (socket) => {
    const verdict = await socket.sendFile(new File([data], 'report.pdf', { type: 'application/pdf' }), {
      onProgress: (p) => progress.push(p),
    });
    const [offer] = server.sent('#file.offer');
    assert.deepEqual(offer.data, { name: 'report.pdf', size: data.length, type: 'application/pdf', sha256: sha256(data) });
    assert.deepEqual(verdict, {
      id: 'n1.t1', sha256: sha256(data), name: 'report.pdf', size: data.length, type: 'application/pdf',
      url: 'socketgrid/files/report.pdf',
    });
    assert.deepEqual(server.transfers.get('n1.t1').received, data);
    assert.deepEqual([...new Set(progress.map((p) => p.phase))], ['hashing', 'offering', 'sending']);
    const last = progress.at(-1);
    assert.deepEqual({ id: last.id, sent: last.sent, acked: last.acked, size: last.size },
      { id: 'n1.t1', sent: data.length, acked: data.length, size: data.length });
    assert.ok('bytesPerSecond' in last && 'etaSeconds' in last);
  });
});

test('the chunkSize option caps the server\'s chunk size', async () => {
  const server = uploadServer({
    chunkSize: 16 * KIB,
    onChunk(conn, transfer) {
      transfer.chunks = (transfer.chunks ?? 0) + 1;
      return true; // no verdict: the upload is still open when the socket closes
    },
  });
  const data = randomBytes(40 * KIB);
  await withClient(server, async (socket) => {
    const sending = socket.sendFile(new Blob([data]), { chunkSize: 4 * KIB, name: 'blob.bin' });
    await until('every chunk', () => server.transfers.get('n1.t1')?.next === data.length);
    assert.equal(server.transfers.get('n1.t1').chunks, 10);
    assert.equal(server.sent('#file.offer')[0].data.type, 'application/octet-stream');
    socket.close();
    await assert.rejects(sending, { name: 'BadConnectionError' });
  });
});

test('an upload resumes after a lost connection from the offset the server confirmed', async () => {
  let dropped = false;
  const server = uploadServer({
    onChunk(conn, transfer) {
      if (!dropped && transfer.next >= 100 * KIB) {
        dropped = true;
        conn.drop();
        return true;
      }
      return false;
    },
  });
  const data = randomBytes(256 * KIB + 3);
  await withClient(server, async (socket) => {
    const verdict = await socket.sendFile(new File([data], 'big.bin'));
    const offers = server.sent('#file.offer');
    assert.equal(offers.length, 2);
    assert.deepEqual(offers[1].data, { ...offers[0].data, resume: 'n1.t1' });
    assert.equal(verdict.sha256, sha256(data));
    assert.deepEqual(server.transfers.get('n1.t1').received, data);
    assert.equal(server.connections.length, 2);
  });
});

test('an offer without answer when the connection is lost is made again after the reconnect', async () => {
  let first = true;
  const server = uploadServer({
    onOffer(conn) {
      if (!first) return false;
      first = false;
      conn.drop();
      return true;
    },
  });
  const data = randomBytes(10 * KIB);
  await withClient(server, async (socket) => {
    const verdict = await socket.sendFile(new File([data], 'a.txt'));
    assert.equal(verdict.sha256, sha256(data));
    assert.deepEqual(server.sent('#file.offer').map((frame) => frame.data.resume), [undefined, undefined]);
  });
});

test('an upload whose transfer the server lost rejects with FileResumeError', async () => {
  const server = uploadServer({
    onChunk(conn, transfer) {
      if (server.transfers.size === 0) return true;
      server.transfers.clear(); // the storing node died
      conn.drop();
      return true;
    },
  });
  await withClient(server, async (socket) => {
    await assert.rejects(socket.sendFile(new File([randomBytes(100 * KIB)], 'x')), { name: 'FileResumeError' });
  });
});

test('#file.failed from the server rejects the upload with its error', async () => {
  const server = uploadServer({
    onChunk(conn, transfer) {
      conn.transmit('#file.failed', { id: transfer.id, error: { name: 'FileStorageError', message: 'disk full' } });
      return true;
    },
  });
  await withClient(server, async (socket) => {
    await assert.rejects(socket.sendFile(new File([randomBytes(1000)], 'x')), { name: 'FileStorageError', message: 'disk full' });
  });
});

test('aborting the signal sends #file.cancel and rejects with FileCancelledError', async () => {
  const aborter = new AbortController();
  const server = uploadServer({
    onChunk() {
      aborter.abort('changed my mind');
      return true;
    },
  });
  await withClient(server, async (socket) => {
    await assert.rejects(socket.sendFile(new File([randomBytes(100 * KIB)], 'x'), { signal: aborter.signal }),
      { name: 'FileCancelledError' });
    await until('#file.cancel', () => server.sent('#file.cancel').length === 1);
    assert.deepEqual(server.sent('#file.cancel')[0].data, { id: 'n1.t1', reason: 'changed my mind' });
  });
});

// ---- the HTTP carrier ------------------------------------------------------------------------------------

test('an answer with httpChunks gets the bytes in PUTs of up to 1 MiB, at most 4 in flight', async () => {
  const server = uploadServer({ http: true, window: 8 * MIB, chunkSize: 64 * KIB });
  const data = randomBytes(10 * MIB + 5);
  const progress = [];
  await withClient(server, async (socket) => {
    const verdict = await socket.sendFile(new File([data], 'big.bin'), { onProgress: (p) => progress.push(p) });
    assert.equal(verdict.sha256, sha256(data));
    assert.deepEqual(server.transfers.get('n1.t1').received, data);
    assert.equal(server.binaryChunks, 0, 'no chunk frame');
    assert.equal(server.maxInFlight, 4, 'the window allows 8, the client keeps 4 in flight');
    assert.ok(server.puts.every((put) => put.id === 'n1.t1' && put.socket === socket.id));
    assert.ok(server.puts.every((put) => put.length === MIB || put.offset + put.length === data.length),
      'whole bodies but the last');
    assert.equal(server.puts.reduce((sum, put) => sum + put.length, 0), data.length, 'every byte once');
    const sending = progress.filter((p) => p.phase === 'sending');
    assert.ok(sending.every((p) => p.carrier === 'http' && p.sent <= p.acked + 8 * MIB));
    assert.deepEqual([sending.at(-1).sent, sending.at(-1).acked], [data.length, data.length]);
  });
});

test('PUTs in flight stay within the credit, and wait for a whole body\'s', async () => {
  const window = 2.5 * MIB;
  const server = uploadServer({ http: true, window });
  const data = randomBytes(6 * MIB + 1);
  await withClient(server, async (socket) => {
    assert.equal((await socket.sendFile(new File([data], 'x'))).sha256, sha256(data));
    assert.ok(server.maxInFlight <= 3, `${server.maxInFlight} in flight within a window of 2.5 bodies`);
    const slivers = server.puts.filter((put) => put.length < MIB && put.offset + put.length < data.length);
    assert.ok(slivers.length <= 1, `slivers: ${JSON.stringify(slivers)}`);
  });
});

test('an upload over HTTP resumes after a lost connection with the new answer\'s httpChunks', async () => {
  let dropped = false;
  const server = uploadServer({
    http: true,
    window: 256 * KIB,
    onChunk(conn, transfer) {
      if (dropped || transfer.next < 300 * KIB) return false;
      dropped = true;
      conn.drop();
      return true;
    },
  });
  const data = randomBytes(MIB + 3);
  await withClient(server, async (socket) => {
    const verdict = await socket.sendFile(new File([data], 'big.bin'));
    assert.equal(verdict.sha256, sha256(data));
    assert.deepEqual(server.transfers.get('n1.t1').received, data);
    assert.deepEqual(server.sent('#file.offer').map((frame) => frame.data.resume), [undefined, 'n1.t1']);
    const sockets = [...new Set(server.puts.map((put) => put.socket))];
    assert.deepEqual(sockets, ['n1.s1', 'n1.s2'], 'the new socket id after the reconnect');
    const resumed = server.puts.find((put) => put.socket === 'n1.s2');
    assert.ok(resumed.offset >= 256 * KIB && resumed.offset <= 300 * KIB + 256 * KIB, `resumed at ${resumed.offset}`);
    assert.equal(server.binaryChunks, 0);
    assert.equal(server.sent('#file.cancel').length, 0);
  });
});

test('a PUT refused just before the socket is lost does not fail the upload: it resumes', async () => {
  let refused = false;
  const server = uploadServer({
    http: true,
    onPut(put, transfer) {
      if (refused || put.offset < 64 * KIB) return undefined;
      refused = true;
      setTimeout(() => transfer.conn.drop(), 50); // the server saw the socket go before the client did
      return 409;
    },
  });
  const data = randomBytes(300 * KIB);
  await withClient(server, async (socket) => {
    assert.equal((await socket.sendFile(new File([data], 'x'))).sha256, sha256(data));
    assert.equal(server.sent('#file.offer').length, 2);
    assert.equal(server.sent('#file.cancel').length, 0);
  });
});

test('a PUT answered 404 or 500, or failing on the network, fails the transfer and sends #file.cancel', async () => {
  const server = uploadServer({
    http: true,
    onPut(put, transfer) {
      const { name } = transfer.offer;
      if (name === 'lost') throw new TypeError('fetch failed');
      return { missing: 404, broken: 500 }[name];
    },
  });
  await withClient(server, async (socket) => {
    const send = (name) => socket.sendFile(new File([randomBytes(100 * KIB)], name));
    await Promise.all([
      assert.rejects(send('missing'), { name: 'FileChunkError', message: /HTTP 404/ }),
      assert.rejects(send('broken'), { name: 'FileChunkError', message: /HTTP 500/ }),
      assert.rejects(send('lost'), { name: 'FileChunkError', message: /fetch failed/ }),
    ]);
    await until('three #file.cancel', () => server.sent('#file.cancel').length === 3);
    const cancelled = server.sent('#file.cancel').map((frame) => frame.data.id).sort();
    assert.deepEqual(cancelled, ['n1.t1', 'n1.t2', 'n1.t3']);
    assert.equal(server.sent('#file.offer').length, 3, 'not offered again');
  });
});

test('carrier \'websocket\' sends chunk frames although the server offers httpChunks', async () => {
  const server = uploadServer({ http: true });
  const data = randomBytes(100 * KIB + 1);
  const progress = [];
  await withClient(server, async (socket) => {
    const options = { carrier: 'websocket', onProgress: (p) => progress.push(p) };
    const verdict = await socket.sendFile(new File([data], 'x'), options);
    assert.equal(verdict.sha256, sha256(data));
    assert.equal(server.puts.length, 0);
    assert.equal(server.binaryChunks, 7);
    assert.equal(progress.at(-1).carrier, 'websocket');
  });
});

// ---- peer transfers ----------------------------------------------------------------------------------------

test('a peer offer carries `to`; a rejection rejects with FileRejectedError', async () => {
  const server = fakeServer({
    text(conn, frame) {
      if (frame.event === '#file.offer') conn.refuse(frame.cid, 'FileRejectedError', 'no thanks');
    },
  });
  await withClient(server, async (socket) => {
    await assert.rejects(socket.sendFile(new File([randomBytes(10)], 'x'), { to: 'n2.peer' }),
      { name: 'FileRejectedError', message: 'no thanks' });
    assert.equal(server.sent('#file.offer')[0].data.to, 'n2.peer');
  });
});

test('a peer transfer fails with FileCancelledError when the connection is lost, and is not offered again', async () => {
  const server = uploadServer({
    onChunk(conn) {
      conn.drop();
      return true;
    },
  });
  await withClient(server, async (socket) => {
    await assert.rejects(socket.sendFile(new File([randomBytes(100 * KIB)], 'x'), { to: 'n2.peer' }),
      { name: 'FileCancelledError' });
    await until('the reconnect', () => socket.state === 'connected');
    await sleep(20);
    assert.equal(server.sent('#file.offer').length, 1);
  });
});

// ---- incoming files ----------------------------------------------------------------------------------------

/** A peer's offer of a 1-byte file, as the server transmits it. */
const PEER_OFFER = Object.freeze({ id: 'n1.f1', name: 'x', size: 1, type: '', sha256: 'a'.repeat(64), from: 'n2.peer' });

/** Transmits `#file.offer` (PEER_OFFER with `changes`) on `conn`; resolves with the IncomingFile. */
function offerFile(socket, conn, changes = {}) {
  const incoming = new Promise((resolve) => {
    const off = socket.on('file', (file) => { off(); resolve(file); });
  });
  conn.transmit('#file.offer', { ...PEER_OFFER, ...changes });
  return incoming;
}

/**
 * The server side of a push: offers `data`, and once accepted sends it in `chunkSize` chunks within the
 * client's credit, swapping each pair of chunks, sending every third one as a base64 `#file.chunk` and
 * repeating the first. `dropAt` breaks the connection once that many bytes were acknowledged (once).
 */
function pushServer(data, { chunkSize = 8 * KIB, offered = sha256(data), from = null, dropAt = Infinity } = {}) {
  const push = { id: 'n1.p1', acks: [], accepts: [] };
  const sendWithin = (conn) => {
    while (push.next < data.length && push.conn === conn) {
      const first = push.next;
      const second = Math.min(first + chunkSize, data.length);
      const end = Math.min(second + chunkSize, data.length);
      if (end > push.acked + push.window) return; // wait for an ack
      const pieces = [[second, end], [first, second]].filter(([a, b]) => a < b); // out of order
      if (first === 0) pieces.push([0, second]); // an exact repeat
      for (const [a, b] of pieces) {
        if ((a / chunkSize) % 3 === 2) conn.transmit('#file.chunk', { id: push.id, offset: a, data: data.subarray(a, b).toString('base64') });
        else conn.push(encodeChunk(push.id, a, data.subarray(a, b)));
      }
      push.next = end;
    }
  };
  const server = fakeServer({
    text(conn, frame) {
      if (frame.event === '#file.accept') {
        push.accepts.push(frame.data);
        Object.assign(push, { conn, next: frame.data.offset, acked: frame.data.offset, window: frame.data.window });
        conn.answer(frame.cid, { id: push.id });
        sendWithin(conn);
      } else if (frame.event === '#file.ack') {
        push.acks.push(frame.data.offset);
        push.acked = frame.data.offset;
        if (push.acked >= dropAt) {
          dropAt = Infinity;
          push.conn = null;
          conn.drop();
          return;
        }
        sendWithin(conn);
      }
    },
  });
  server.offer = (socket, conn) => offerFile(socket, conn, {
    id: push.id, name: 'pushed.bin', size: data.length, type: 'application/x-test', sha256: offered, from,
  });
  server.push = push;
  return server;
}


test('an accepted push arrives in order, is acknowledged, verified and resolves with a Blob', async () => {
  const data = randomBytes(100 * KIB + 5);
  const server = pushServer(data);
  await withClient(server, async (socket, conn) => {
    const incoming = await server.offer(socket, conn);
    assert.deepEqual({ ...incoming, accept: 0, reject: 0, signal: 0 }, {
      id: 'n1.p1', name: 'pushed.bin', size: data.length, type: 'application/x-test', sha256: sha256(data),
      from: null, accept: 0, reject: 0, signal: 0,
    });
    const progress = [];
    const blob = await incoming.accept({ window: 32 * KIB, onProgress: (p) => progress.push(p) });
    assert.deepEqual(Buffer.from(await blob.arrayBuffer()), data);
    assert.equal(blob.type, 'application/x-test');
    assert.deepEqual(server.push.accepts, [{ id: 'n1.p1', offset: 0, window: 32 * KIB }]);
    await until('#file.verified', () => server.sent('#file.verified').length === 1);
    const { acks } = server.push;
    assert.equal(acks.at(-1), data.length, 'the last ack covers the file');
    acks.reduce((previous, ack) => {
      assert.ok(ack > previous && ack - previous <= 32 * KIB, `acks grow within the window: ${acks}`);
      return ack;
    }, 0);
    assert.deepEqual(server.sent('#file.verified')[0].data, { id: 'n1.p1', sha256: sha256(data) });
    assert.equal(progress.at(-1).acked, data.length);
    assert.equal(progress.at(-1).phase, 'receiving');
  });
});

test('a push survives a lost connection: accepted again from the bytes held', async () => {
  const data = randomBytes(120 * KIB);
  const server = pushServer(data, { dropAt: 40 * KIB });
  await withClient(server, async (socket, conn) => {
    const blob = await (await server.offer(socket, conn)).accept({ window: 32 * KIB });
    assert.deepEqual(Buffer.from(await blob.arrayBuffer()), data);
    assert.equal(server.push.accepts.length, 2);
    assert.ok(server.push.accepts[1].offset >= 40 * KIB, `resumed at ${server.push.accepts[1].offset}`);
  });
});

test('a push whose bytes do not match the checksum fails with FileChecksumError, told to the server', async () => {
  const data = randomBytes(20 * KIB);
  const server = pushServer(data, { offered: sha256(Buffer.from('something else')) });
  await withClient(server, async (socket, conn) => {
    const incoming = await server.offer(socket, conn);
    await assert.rejects(incoming.accept(), { name: 'FileChecksumError' });
    assert.equal(incoming.signal.reason.name, 'FileChecksumError');
    await until('#file.failed', () => server.sent('#file.failed').length === 1);
    assert.equal(server.sent('#file.failed')[0].data.error.name, 'FileChecksumError');
    assert.equal(server.sent('#file.verified').length, 0);
  });
});

test('a chunk past the credit fails the transfer with FileChunkError', async () => {
  const data = randomBytes(64 * KIB);
  const server = fakeServer({
    text(conn, frame) {
      if (frame.event !== '#file.accept') return;
      conn.answer(frame.cid, { id: 'n1.p1' });
      conn.push(encodeChunk('n1.p1', 0, data)); // the whole file, past a 16 KiB window
    },
  });
  await withClient(server, async (socket, conn) => {
    const incoming = await offerFile(socket, conn, { id: 'n1.p1', size: data.length, sha256: sha256(data) });
    await assert.rejects(incoming.accept({ window: 16 * KIB }), { name: 'FileChunkError' });
    await until('#file.failed', () => server.sent('#file.failed').length === 1);
    assert.equal(server.sent('#file.failed')[0].data.error.name, 'FileChunkError');
  });
});

test('reject() sends #file.reject; without a file handler offers are rejected at once', async () => {
  const server = fakeServer();
  await withClient(server, async (socket, conn) => {
    conn.transmit('#file.offer', PEER_OFFER); // no 'file' handler yet
    await until('the automatic rejection', () => server.sent('#file.reject').length === 1);
    assert.equal(server.sent('#file.reject')[0].data.id, 'n1.f1');
    const incoming = await offerFile(socket, conn, { id: 'n1.f2' });
    incoming.reject('not now');
    await until('the rejection', () => server.sent('#file.reject').length === 2);
    assert.deepEqual(server.sent('#file.reject')[1].data, { id: 'n1.f2', reason: 'not now' });
    assert.equal(incoming.signal.reason.name, 'FileRejectedError');
    await assert.rejects(incoming.accept(), { name: 'InvalidActionError' });
  });
});

test('an offer cancelled by its sender aborts the IncomingFile\'s signal', async () => {
  const server = fakeServer();
  await withClient(server, async (socket, conn) => {
    const incoming = await offerFile(socket, conn);
    const aborted = new Promise((resolve) => incoming.signal.addEventListener('abort', resolve));
    conn.transmit('#file.failed', { id: 'n1.f1', error: { name: 'FileCancelledError', message: 'the sender cancelled' } });
    await aborted;
    assert.equal(incoming.signal.reason.name, 'FileCancelledError');
  });
});

test('a server event named "file" or "#file.x" never reaches application handlers', async () => {
  const server = fakeServer();
  const seen = [];
  await withClient(server, async (socket, conn) => {
    socket.on('file', (payload) => seen.push(payload));
    socket.on('#file.offer', (payload) => seen.push(payload));
    conn.transmit('file', { id: 'fake' });
    conn.transmit('ping', 1);
    const ping = new Promise((resolve) => socket.on('ping', resolve));
    await ping;
    await sleep(5);
    assert.deepEqual(seen, []);
  });
});

test('a socket without the extension reports binary messages and has no sendFile', async () => {
  const server = fakeServer();
  const socket = SocketGrid.connect('ws://fake/socketcluster/', { WebSocket: server.WebSocket });
  const errors = [];
  socket.on('error', (error) => errors.push(error));
  try {
    await until('the handshake', () => socket.state === 'connected');
    assert.equal(socket.sendFile, undefined);
    server.connections[0].push(encodeChunk('n1.x', 0, Uint8Array.of(1)));
    await until('the error', () => errors.length === 1);
    assert.equal(errors[0].name, 'InvalidMessageError');
  } finally {
    socket.close();
  }
});

test('bad arguments throw at once', async () => {
  const server = fakeServer();
  await withClient(server, async (socket) => {
    assert.throws(() => socket.sendFile('not a blob'), TypeError);
    assert.throws(() => socket.sendFile(new Blob(['x']), { to: '' }), TypeError);
    assert.throws(() => socket.sendFile(new Blob(['x']), { chunkSize: 0 }), RangeError);
    assert.throws(() => socket.sendFile(new Blob(['x']), { carrier: 'http' }), RangeError);
    assert.throws(() => files({ fetch: 'no' }), TypeError);
    assert.equal(DEFAULT_WINDOW, 4 * 1024 * 1024);
  });
});
