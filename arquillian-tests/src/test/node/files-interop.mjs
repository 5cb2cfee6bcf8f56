// The official socketcluster-client transfers files through SocketGrid with chunks in base64 (it has no
// binary frames): node files-interop.mjs <http base URL of the deployment>
// Uploads 300 KB, then fetches the stored file back through the application's 'files.fetch' push.
// Prints one line per passed step and exits 0; any failure or a step taking over 10 s exits 1.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { create } from 'socketcluster-client';
import { connected, within } from './steps.mjs';

const base = new URL(process.argv[2] ?? 'http://127.0.0.1:8080/');
// the tests' text frame limit is 64 KiB: 30 KB of payload is 40 KB of base64
const CHUNK = 30_000;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

async function upload(socket, bytes) {
  const offer = { name: `official-${Date.now()}.bin`, size: bytes.length, type: 'application/octet-stream', sha256: sha256(bytes) };
  const { id, offset, window } = await within(socket.invoke('#file.offer', offer), 'offer answered');
  const verdict = within(socket.receiver('#file.verified').once(), 'upload verified');
  let acked = offset;
  let sent = offset;
  const acks = (async () => {
    for await (const ack of socket.receiver('#file.ack')) {
      if (ack.id === id) acked = Math.max(acked, ack.offset);
      if (acked === bytes.length) break;
    }
  })();
  while (sent < bytes.length) {
    if (sent + CHUNK > acked + window && sent < bytes.length) {
      await new Promise((resolve) => setTimeout(resolve, 5)); // wait for credit
      continue;
    }
    const piece = bytes.subarray(sent, Math.min(bytes.length, sent + CHUNK));
    socket.transmit('#file.chunk', { id, offset: sent, data: Buffer.from(piece).toString('base64') });
    sent += piece.length;
  }
  const stored = await verdict;
  await within(acks, 'every byte acknowledged');
  assert.equal(stored.id, id);
  assert.equal(stored.sha256, offer.sha256);
  return stored;
}

async function download(socket, stored) {
  const offered = within(socket.receiver('#file.offer').once(), 'offer of the pushed file');
  const answer = await within(socket.invoke('files.fetch', { name: stored.name }), 'files.fetch answered');
  assert.equal(answer.sha256, stored.sha256);
  const offer = await offered;
  assert.equal(offer.name, stored.name);
  assert.equal(offer.from, null);
  const parts = [];
  let received = 0;
  const done = (async () => {
    for await (const chunk of socket.receiver('#file.chunk')) {
      if (chunk.id !== offer.id) continue;
      assert.equal(chunk.offset, received, 'chunks arrive in order');
      const piece = Buffer.from(chunk.data, 'base64');
      parts.push(piece);
      received += piece.length;
      socket.transmit('#file.ack', { id: offer.id, offset: received });
      if (received === offer.size) break;
    }
  })();
  await within(socket.invoke('#file.accept', { id: offer.id, offset: 0, window: 1 << 20, base64: true }), 'accept answered');
  await within(done, 'every chunk received');
  const digest = sha256(Buffer.concat(parts));
  assert.equal(digest, offer.sha256);
  socket.transmit('#file.verified', { id: offer.id, sha256: digest });
  return digest;
}

async function main() {
  const socket = create({ hostname: base.hostname, port: Number(base.port), path: `${base.pathname}socketcluster/` });
  try {
    await within(connected(socket), 'connect');
    const bytes = randomBytes(300_000);
    const stored = await upload(socket, bytes);
    console.log(`ok upload via base64 verified ${stored.sha256} as ${stored.name}`);
    const digest = await download(socket, stored);
    console.log(`ok download via base64 verified ${digest}`);
  } finally {
    socket.disconnect();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(`FAILED: ${err.stack ?? err}`);
  process.exit(1);
});
