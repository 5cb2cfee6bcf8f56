/**
 * SocketGrid file transfer: the browser side of docs/PROTOCOL.md "File transfer", as an extension of
 * socketgrid-client.js. Pages that never transfer files do not load it. It hashes with js-sha256: the page
 * loads `webjars/js-sha256/0.11.0/build/sha256.min.js` (global `sha256`), or passes it as files({sha256}).
 *
 *   import { SocketGrid } from './socketgrid-client.js';
 *   import { files } from './socketgrid-files.js';
 *   const socket = SocketGrid.connect(undefined, { extensions: [files()] });
 *   const verdict = await socket.sendFile(file, { onProgress });  // upload: {id, sha256, name, size, type, url}
 *   await socket.sendFile(file, { to: otherSocketId });           // to another browser: {id, sha256}
 *   socket.on('file', async (incoming) => { const blob = await incoming.accept({ onProgress }); … });
 *
 * Contracts:
 * - socket.sendFile(blob, {to?, onProgress?, chunkSize?, signal?, timeout?, name?, carrier?}) → Promise.
 *   It hashes the Blob (SHA-256, read in slices, never whole), offers it (`#file.offer`, once connected),
 *   sends its bytes within the receiver's credit (bytes [offset, acked + window)) and resolves with the
 *   receiver's `#file.verified` data. The carrier is chosen anew for every answer to the offer:
 *   - HTTP when the answer has `httpChunks` (relative to the application's root; resolved against the
 *     page like a verdict's `url`, outside a page against the folder above the socket's URL) and `carrier`
 *     is 'auto' (the default): `PUT <httpChunks>?socket=<id>&offset=<N>` with bodies of up to 1 MiB (at
 *     most the window), at most 4 in flight; while some are in flight a new one waits for a whole body's
 *     credit. fetch is the global one or files({fetch}). A non-2xx answer or a network error fails the
 *     transfer with a FileChunkError naming it (`#file.cancel` is sent) unless the socket is lost within
 *     1 s (both connections often break together, in either order): then the upload resumes.
 *   - binary chunk frames otherwise (`carrier: 'websocket'`, or no `httpChunks`): at most `chunkSize`
 *     each, the answer's or the option's if smaller, while the WebSocket buffers less than 1 MiB.
 *   It rejects with an Error named like the protocol's errors (FileRejectedError, FileQuotaError,
 *   FileChecksumError, …), FileCancelledError when `signal` aborts (`#file.cancel` is sent) or a peer
 *   transfer loses its connection, BadConnectionError when the socket is closed, TimeoutError when the
 *   offer gets no answer within `timeout` ms (default 1 min for an upload, 5 min for a peer transfer, whose
 *   receiver must accept first). Bad arguments throw a TypeError or a RangeError; a page without js-sha256
 *   gets an Error.
 *   `name` defaults to the File's name; `type` is the Blob's, or application/octet-stream.
 * - An upload survives lost connections: after the reconnect it offers again with `resume: id` and the
 *   same name, size, type and checksum, and goes on from the answered offset (FileResumeError when the
 *   server lost the transfer). An offer still unanswered when the connection is lost is made again.
 * - Progress (onProgress, of sendFile and of accept): {phase, id, hashed, sent, acked, size, carrier,
 *   bytesPerSecond, etaSeconds}. phase is 'hashing' (id is null), 'offering' (waiting for the answer,
 *   also when resuming), 'sending' or 'receiving'. `hashed` counts the bytes a sender hashed (0 for a
 *   receiver), `sent` the bytes handed to the carrier (a PUT's body counts once the PUT is started; a
 *   receiver: the bytes received in order), `acked` those acknowledged; `carrier` is 'http' or 'websocket'
 *   (null until a sender's offer is answered); bytesPerSecond (of acked bytes over the last seconds) and
 *   etaSeconds are null while unknown. At most one call per 100 ms per phase, plus the last one.
 * - Incoming files (server pushes, other browsers' offers) are 'file' events carrying an IncomingFile
 *   {id, name, size, type, sha256, from (socket id, null for a push), signal, accept(options), reject(reason)}.
 *   accept({window = 4 MiB, onProgress, signal}) → Promise<Blob>: sends `#file.accept`, takes binary or
 *   base64 chunks, holds out-of-order ones within the window, acknowledges every window/4 bytes and at the
 *   end, checks the SHA-256 and sends `#file.verified` (resolves) or `#file.failed` FileChecksumError
 *   (rejects). reject(reason) sends `#file.reject`. `signal` is an AbortSignal aborted with the Error
 *   whenever the transfer ends without success, whoever ended it (e.g. the sender cancelled before the user
 *   answered, or reject() was called: FileRejectedError). accept/reject after an answer: InvalidActionError.
 *   A push survives lost connections (accepted again with the bytes held); a peer transfer fails.
 *   With no 'file' handler registered, offers are rejected at once.
 * - `#file.failed` from the server ends the transfer it names with that error; with `id: null` it is
 *   reported as an 'error' event. Messages about transfers this client does not know are ignored.
 */
import { namedError, requireFunction, requireName, safely } from './socketgrid-client.js';

const MIB = 1024 * 1024;
/** The credit a receiver grants unless accept() names another. */
export const DEFAULT_WINDOW = 4 * MIB;
const HASH_SLICE = 4 * MIB;      // bytes read and hashed at a time
const READ_SLICE = MIB;          // bytes read from the Blob at a time while sending
const HIGH_WATER = MIB;          // no new chunk while the WebSocket buffers more than this
const DRAIN_POLL_MS = 15;        // how often a sender waiting for the buffer to drain looks again
const HTTP_BODY = MIB;           // most bytes one PUT carries (never more than the window)
const HTTP_IN_FLIGHT = 4;        // most PUTs of one transfer in flight at once
const HTTP_GRACE_MS = 1000;      // a failed PUT fails the transfer unless the socket is lost within this
const CARRIERS = Object.freeze(['auto', 'websocket']);
const PROGRESS_MS = 100;         // least time between two onProgress calls of one phase
const RATE_SPAN_MS = 3000;       // bytesPerSecond is measured over this span
const UPLOAD_OFFER_TIMEOUT = 60_000;
const PEER_OFFER_TIMEOUT = 5 * 60_000;
const ACCEPT_TIMEOUT = 60_000;
const CHUNK_KIND = 1;
const MAX_ID_LENGTH = 64;

const now = () => (globalThis.performance ?? Date).now();
const chunkError = (message) => namedError('FileChunkError', message);
const lostError = () => namedError('FileCancelledError', 'the connection was lost');
const closedError = () => namedError('BadConnectionError', 'the socket is closed');
const isCount = (value) => Number.isSafeInteger(value) && value >= 0;
const isSha256 = (value) => typeof value === 'string' && /^[0-9a-fA-F]{64}$/.test(value);

function isTransferId(id) {
  return typeof id === 'string' && id.length >= 1 && id.length <= MAX_ID_LENGTH && /^[\x20-\x7e]+$/.test(id);
}

/** The text of an abort reason, for `#file.cancel`. */
function reasonText(reason) {
  return reason instanceof Error ? reason.message : String(reason ?? 'cancelled');
}

// ---- wire format ----------------------------------------------------------------------------------------

/**
 * Encodes one chunk frame: byte 0 kind 1, byte 1 the id's length L, L ASCII bytes of id, the offset as
 * uint64 and the payload's length as uint32 (big-endian), then the payload.
 * @param {string} id a transfer id (1..64 printable ASCII characters)
 * @param {number} offset position of the payload's first byte in the file
 * @param {Uint8Array} payload 1 or more bytes
 * @returns {Uint8Array} the frame
 */
export function encodeChunk(id, offset, payload) {
  if (!isTransferId(id)) throw new RangeError(`not a transfer id: ${JSON.stringify(id)}`);
  if (!isCount(offset)) throw new RangeError(`bad offset ${offset}`);
  const start = 2 + id.length;
  const frame = new Uint8Array(start + 12 + payload.length);
  const view = new DataView(frame.buffer);
  frame[0] = CHUNK_KIND;
  frame[1] = id.length;
  for (let i = 0; i < id.length; i++) frame[2 + i] = id.charCodeAt(i);
  view.setUint32(start, Math.floor(offset / 2 ** 32));
  view.setUint32(start + 4, offset % 2 ** 32);
  view.setUint32(start + 8, payload.length);
  frame.set(payload, start + 12);
  return frame;
}

/**
 * Decodes a chunk frame (see encodeChunk). The payload is a view into `buffer`, not a copy.
 * @param {ArrayBuffer} buffer one binary WebSocket message
 * @returns {{id: string, offset: number, payload: Uint8Array}}
 * @throws {Error} FileChunkError when the frame is malformed; it carries `.id` once the id could be read
 */
export function decodeChunk(buffer) {
  const frame = new Uint8Array(buffer);
  if (frame.length < 2 || frame[0] !== CHUNK_KIND) throw chunkError(`not a chunk frame (kind ${frame[0]})`);
  const idLength = frame[1];
  const start = 2 + idLength;
  if (idLength < 1 || idLength > MAX_ID_LENGTH || frame.length < start) {
    throw chunkError(`bad transfer id length ${idLength}`);
  }
  const id = String.fromCharCode(...frame.subarray(2, start));
  const fail = (message) => Object.assign(chunkError(`${message} (transfer ${id})`), { id });
  if (frame.length < start + 12) throw fail('truncated chunk header');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const high = view.getUint32(start);
  const offset = high * 2 ** 32 + view.getUint32(start + 4);
  const length = view.getUint32(start + 8);
  if (!Number.isSafeInteger(offset)) throw fail(`offset too large (high word ${high})`);
  if (length < 1 || frame.length !== start + 12 + length) {
    throw fail(`payload length ${length} does not match the ${frame.length - start - 12} bytes sent`);
  }
  return { id, offset, payload: frame.subarray(start + 12) };
}

/** The bytes of a `#file.chunk` payload (base64). @throws {Error} FileChunkError when it is not base64 */
export function base64ToBytes(text) {
  let binary;
  try {
    binary = atob(text);
  } catch {
    throw chunkError('a #file.chunk whose data is not base64');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// ---- pure parts: reassembly and rate ------------------------------------------------------------------------

/**
 * A receiver's reassembly of one file: payloads come out in file order; ones that arrive early are held
 * until the gap before them is filled. No I/O, so it can be tested alone.
 */
export class Reassembly {
  #held = new Map(); // offset → payload that arrived before the bytes preceding it

  /** @param {number} size the file's size; @param {number} [next] bytes already received in order */
  constructor(size, next = 0) {
    this.size = size;
    /** Bytes received in order: the offset the next in-order payload starts at. */
    this.next = next;
  }

  /**
   * Takes the chunk `payload` at `offset` and returns the payloads now in order, oldest first: none when
   * the chunk came early (it is held) or repeats bytes received or held exactly (it is ignored).
   * @param {number} limit the end of the credit: no byte at or past it may arrive
   * @throws {Error} FileChunkError: empty payload, past the size or the credit, overlapping bytes
   *   received or held without repeating them exactly
   */
  add(offset, payload, limit = this.size) {
    const end = offset + payload.length;
    if (!isCount(offset) || payload.length === 0) throw chunkError(`bad chunk at ${offset} (${payload.length} bytes)`);
    if (end > this.size) throw chunkError(`a chunk ending at ${end} passes the size ${this.size}`);
    if (end <= this.next) return [];
    if (offset < this.next) throw chunkError(`a chunk at ${offset} overlaps the ${this.next} bytes received`);
    if (end > limit) throw chunkError(`a chunk ending at ${end} passes the credit ending at ${limit}`);
    if (this.#isHeld(offset, end)) return [];
    if (offset > this.next) {
      this.#held.set(offset, payload);
      return [];
    }
    const ready = [payload];
    this.next = end;
    for (let part = this.#held.get(this.next); part; part = this.#held.get(this.next)) {
      this.#held.delete(this.next);
      ready.push(part);
      this.next += part.length;
    }
    return ready;
  }

  /** Forgets the held payloads (after a lost connection the sender sends them again). */
  dropHeld() {
    this.#held.clear();
  }

  /** True when [offset, end) is held exactly; throws when it overlaps a held payload otherwise. */
  #isHeld(offset, end) {
    for (const [start, part] of this.#held) {
      if (start === offset && part.length === end - offset) return true;
      if (start < end && offset < start + part.length) {
        throw chunkError(`a chunk at ${offset} overlaps the held chunk at ${start}`);
      }
    }
    return false;
  }
}

/** Bytes per second of a growing count, over the last RATE_SPAN_MS. */
export class RateMeter {
  #samples = []; // [time ms, count], oldest first

  /** Records `count` at `time`; returns the rate, or null while less than 100 ms were measured. */
  update(count, time = now()) {
    const samples = this.#samples;
    samples.push([time, count]);
    while (samples.length > 2 && time - samples[1][0] >= RATE_SPAN_MS) samples.shift();
    const [firstTime, firstCount] = samples[0];
    return time - firstTime >= 100 ? ((count - firstCount) * 1000) / (time - firstTime) : null;
  }
}

/** SHA-256 (hex) of `blob`, read slice by slice; onSlice(bytesHashed) after each; null once isOver(). */
async function hashBlob(lib, blob, onSlice, isOver) {
  const hash = lib.create();
  for (let at = 0; at < blob.size;) {
    const bytes = new Uint8Array(await blob.slice(at, at + HASH_SLICE).arrayBuffer());
    if (isOver()) return null;
    if (bytes.length === 0) throw namedError('NotReadableError', `the file ended at ${at} of ${blob.size} bytes`);
    hash.update(bytes);
    at += bytes.length;
    onSlice(at);
  }
  return hash.hex();
}

// ---- transfers --------------------------------------------------------------------------------------------

/** What senders and receivers share: the outcome, progress reports, cancellation, lost connections. */
class Transfer {
  constructor(files, size, resumable) {
    this.files = files;
    this.size = size;
    /** Whether it survives a lost connection (uploads, pushes) or fails (peer transfers). */
    this.resumable = resumable;
    this.id = null;
    this.finished = false;
    /** True while there is no live exchange (before the answer, after a lost connection). */
    this.suspended = false;
    this.hashed = 0; // bytes hashed before the offer (senders)
    this.acked = 0;
    this.carrier = null; // 'http' | 'websocket', once known
    this.onProgress = null;
    this.meter = new RateMeter();
    this.told = { phase: null, at: 0 };
    this.aborter = new AbortController();
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    files.live.add(this);
  }

  succeed(value) {
    if (this.end()) this.resolve(value);
  }

  /** Ends the transfer with `error` (no message is sent): the promise rejects, the signal aborts. */
  fail(error) {
    if (!this.end()) return;
    this.aborter.abort(error);
    this.reject(error);
  }

  /** Marks the transfer over; false when it was already. */
  end() {
    if (this.finished) return false;
    this.finished = true;
    this.detachSignal?.();
    this.files.forget(this);
    return true;
  }

  /** Fails with `error` after telling the server (`#file.cancel` with `reason`, once an id is known). */
  abort(error, reason = error.message) {
    if (this.finished) return;
    this.cancelReason = reason;
    if (this.id !== null) this.files.transmitOnline('#file.cancel', { id: this.id, reason });
    this.fail(error);
  }

  /** Aborts with FileCancelledError when `signal` (an AbortSignal, optional) aborts. */
  watch(signal) {
    if (!signal) return;
    const cancel = () => {
      const reason = reasonText(signal.reason);
      this.abort(namedError('FileCancelledError', `cancelled: ${reason}`), reason);
    };
    if (signal.aborted) {
      cancel();
      return;
    }
    signal.addEventListener('abort', cancel, { once: true });
    this.detachSignal = () => signal.removeEventListener('abort', cancel);
  }

  /** Calls onProgress (throttled per phase; the end of a transfer is always told). */
  tell(phase, sent = 0) {
    if (!this.onProgress) return;
    const time = now();
    const last = sent === this.size && this.acked === this.size;
    if (phase === this.told.phase && time - this.told.at < PROGRESS_MS && !last) return;
    this.told = { phase, at: time };
    const moving = phase === 'sending' || phase === 'receiving';
    const bytesPerSecond = moving ? this.meter.update(this.acked, time) : null;
    const etaSeconds = bytesPerSecond > 0 ? (this.size - this.acked) / bytesPerSecond : null;
    const { id, hashed, acked, size, carrier } = this;
    safely(this.onProgress, Object.freeze({ phase, id, hashed, sent, acked, size, carrier, bytesPerSecond, etaSeconds }));
  }

  /** The connection was lost: a transfer the server knows fails, or resumes after the reconnect. */
  connectionLost() {
    if (this.id === null || this.finished) return; // nothing offered yet: the offer waits for the connection
    if (!this.resumable) {
      this.fail(lostError());
    } else if (!this.suspended) {
      this.suspended = true;
      this.resume();
    }
  }
}

/** A file this client sends: an upload, or a peer transfer (`to`). */
class Outgoing extends Transfer {
  constructor(files, blob, { to, onProgress, chunkSize = Infinity, signal, timeout, name, carrier = 'auto' }) {
    super(files, blob.size, to === undefined);
    this.blob = blob;
    this.onProgress = onProgress ?? null;
    this.chunkCap = chunkSize;
    this.carrierOption = carrier;
    this.timeout = timeout ?? (to === undefined ? UPLOAD_OFFER_TIMEOUT : PEER_OFFER_TIMEOUT);
    this.offer = { name: name ?? (blob.name || 'file'), size: blob.size, type: blob.type || 'application/octet-stream' };
    if (to !== undefined) this.offer.to = to;
    this.next = 0;       // bytes sent
    this.window = 0;
    this.chunkSize = 0;
    this.suspended = true; // until the offer is answered
    this.pumping = false;
    this.repump = false;
    this.drainTimer = null;
    this.http = null;      // the HTTP carrier of the current answer: {url, fetch, aborter, inFlight, failed}
    this.watch(signal);
  }

  /** Hashes, offers, sends; returns the promise of the verdict. */
  run() {
    this.hashAndOffer().catch((error) => this.fail(error));
    return this.promise;
  }

  async hashAndOffer() {
    this.tell('hashing');
    const onSlice = (hashed) => {
      this.hashed = hashed;
      this.tell('hashing');
    };
    const digest = await hashBlob(this.files.hashLib(), this.blob, onSlice, () => this.finished);
    if (digest === null) return;
    this.offer.sha256 = digest;
    await this.negotiate();
  }

  /** Offers the file (with `resume` once it has an id) and sends from the answered offset. */
  async negotiate() {
    this.tell('offering', this.next);
    const data = this.id === null ? this.offer : { ...this.offer, resume: this.id };
    const answer = await this.files.callOnline(this, '#file.offer', data, this.timeout);
    if (this.finished) {
      // cancelled while the offer was on its way: the receiver knows the id only now
      if (this.cancelReason && isTransferId(answer?.id)) {
        this.files.transmitOnline('#file.cancel', { id: answer.id, reason: this.cancelReason });
      }
      return;
    }
    this.start(answer);
  }

  start(answer) {
    const { id, offset, window, chunkSize, httpChunks = null } = answer ?? {};
    const bad = () => namedError('InvalidMessageError', `a bad answer to #file.offer: ${JSON.stringify(answer)}`);
    if (!isTransferId(id) || !isCount(offset) || offset > this.size || !(window >= 1) || !(chunkSize >= 1)
      || (httpChunks !== null && typeof httpChunks !== 'string')) {
      throw bad();
    }
    this.files.register(this.files.outgoing, this, id);
    this.next = this.acked = offset;
    this.window = window;
    this.chunkSize = Math.min(chunkSize, this.chunkCap);
    this.dropHttp();
    const fetch = httpChunks === null || this.carrierOption === 'websocket' ? null : this.files.fetcher();
    if (fetch) {
      const url = this.files.resolveHttp(httpChunks);
      if (!url) throw bad();
      this.http = { url, fetch, aborter: new AbortController(), inFlight: 0, failed: false };
    }
    this.carrier = this.http ? 'http' : 'websocket';
    this.suspended = false;
    this.tell('sending', this.next);
    this.pump();
  }

  resume() {
    this.dropHttp();
    this.negotiate().catch((error) => this.fail(error));
  }

  /** Aborts the current answer's PUTs in flight; whatever they answer is ignored from now on. */
  dropHttp() {
    this.http?.aborter.abort();
    this.http = null;
  }

  /** True when the credit allows more bytes now. */
  canSend() {
    return !this.finished && !this.suspended && this.next < Math.min(this.size, this.acked + this.window);
  }

  /** Sends what the credit allows: over HTTP, or while the WebSocket's buffer stays below HIGH_WATER. */
  async pump() {
    if (this.http) {
      this.pumpHttp();
      return;
    }
    if (this.pumping) {
      this.repump = true;
      return;
    }
    this.pumping = true;
    try {
      while (this.canSend()) {
        if (this.files.wire.bufferedAmount > HIGH_WATER) {
          this.pollDrain();
          break;
        }
        const start = this.next;
        const end = Math.min(this.size, this.acked + this.window, start + READ_SLICE);
        const bytes = new Uint8Array(await this.blob.slice(start, end).arrayBuffer());
        if (bytes.length === 0) throw namedError('NotReadableError', `the file ended at ${start} of ${this.size} bytes`);
        if (!this.canSend() || this.next !== start || this.http) break; // ended, lost or resumed while reading
        this.sendChunks(start, bytes);
      }
    } catch (error) {
      this.abort(error); // the file could not be read
    } finally {
      this.pumping = false;
    }
    if (this.repump) {
      this.repump = false;
      this.pump();
    }
  }

  sendChunks(start, bytes) {
    for (let at = 0; at < bytes.length; at += this.chunkSize) {
      const payload = bytes.subarray(at, at + this.chunkSize);
      if (!this.files.wire.sendBinary(encodeChunk(this.id, start + at, payload))) return; // lost: resent later
      this.next = start + at + payload.length;
    }
    this.tell('sending', this.next);
  }

  /** Starts PUTs within the credit, at most HTTP_IN_FLIGHT; with PUTs in flight only whole bodies. */
  pumpHttp() {
    const http = this.http;
    const longest = Math.min(HTTP_BODY, this.window);
    const started = this.next;
    while (this.canSend() && !http.failed && http.inFlight < HTTP_IN_FLIGHT) {
      const start = this.next;
      const end = Math.min(this.size, this.acked + this.window, start + longest);
      if (http.inFlight > 0 && end - start < Math.min(longest, this.size - start)) break; // a sliver: wait
      this.next = end;
      this.put(http, start, end);
    }
    if (this.next !== started) this.tell('sending', this.next);
  }

  /** PUTs bytes [start, end) to `http`; then sends more, or fails the transfer (see the header). */
  async put(http, start, end) {
    const url = new URL(http.url);
    url.searchParams.set('socket', this.files.wire.socket.id);
    url.searchParams.set('offset', String(start));
    const what = `PUT of bytes [${start}, ${end}) of ${this.id}`;
    let failure = null;
    http.inFlight += 1;
    try {
      const { fetch } = http; // called as a plain function: a browser's fetch refuses another `this`
      const response = await fetch(url.href, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: this.blob.slice(start, end),
        signal: http.aborter.signal,
      });
      if (!response.ok) {
        response.body?.cancel().catch(() => {});
        failure = `${what} answered HTTP ${response.status} ${response.statusText ?? ''}`.trim();
      }
    } catch (error) {
      failure = `${what} failed: ${error?.message ?? error}`;
    } finally {
      http.inFlight -= 1;
    }
    if (http !== this.http) return; // lost or ended meanwhile: a resume says where to go on
    if (failure === null) {
      this.pump();
      return;
    }
    http.failed = true; // no new PUT while the socket is given time to report a loss
    await new Promise((resolve) => setTimeout(resolve, HTTP_GRACE_MS));
    if (http === this.http) this.abort(chunkError(failure));
  }

  pollDrain() {
    this.drainTimer ??= setTimeout(() => {
      this.drainTimer = null;
      this.pump();
    }, DRAIN_POLL_MS);
  }

  onAck(offset) {
    if (!isCount(offset) || offset <= this.acked || offset > this.size) return;
    this.acked = offset;
    this.next = Math.max(this.next, offset);
    this.tell('sending', this.next);
    this.pump();
  }

  onVerified(verdict) {
    if (String(verdict?.sha256).toLowerCase() !== this.offer.sha256) {
      this.fail(namedError('FileChecksumError', `the receiver verified ${verdict?.sha256}, not ${this.offer.sha256}`));
    } else {
      this.succeed(verdict);
    }
  }

  end() {
    if (!super.end()) return false;
    clearTimeout(this.drainTimer);
    this.dropHttp();
    return true;
  }
}

/** A file offered to this client: a push (from null) or another browser's. */
class Incoming extends Transfer {
  constructor(files, offer) {
    super(files, offer.size, offer.from === null);
    this.id = offer.id;
    this.offer = offer;
    this.answered = false;
    this.reassembly = null; // once accepted
    this.promise.catch(() => {}); // nobody awaits it before accept(): no unhandled rejection
  }

  /** The IncomingFile the 'file' event carries. */
  facade() {
    const { id, name, size, type, sha256, from } = this.offer;
    return Object.freeze({
      id, name, size, type, sha256, from,
      signal: this.aborter.signal,
      accept: (options) => this.accept(options),
      reject: (reason) => this.refuse(reason),
    });
  }

  accept({ window = DEFAULT_WINDOW, onProgress, signal } = {}) {
    if (!Number.isSafeInteger(window) || window < 1) throw new RangeError(`window must be an integer >= 1, got ${window}`);
    if (onProgress !== undefined) requireFunction(onProgress, 'onProgress');
    const hash = this.files.hashLib().create();
    if (this.answered) return Promise.reject(namedError('InvalidActionError', `${this.id} was answered already`));
    this.answered = true;
    this.hash = hash;
    this.onProgress = onProgress ?? null;
    this.window = window;
    this.carrier = 'websocket';
    this.parts = [];
    this.reassembly = new Reassembly(this.size);
    this.watch(signal);
    this.resume();
    return this.promise;
  }

  refuse(reason = 'rejected') {
    if (this.answered || this.finished) return;
    this.answered = true;
    this.files.transmitOnline('#file.reject', { id: this.id, reason: String(reason) });
    this.fail(namedError('FileRejectedError', `rejected here: ${reason}`));
  }

  /** (Re)sends `#file.accept` for the bytes held in order; the held early ones will come again. */
  resume() {
    if (!this.reassembly) {
      this.suspended = false; // a push not answered yet: it can still be accepted
      return;
    }
    this.suspended = true;
    this.reassembly.dropHeld();
    this.acked = this.reassembly.next;
    const data = { id: this.id, offset: this.acked, window: this.window };
    this.tell('receiving', this.acked);
    this.files.callOnline(this, '#file.accept', data, ACCEPT_TIMEOUT).then(() => {
      this.suspended = false;
      if (!this.finished && this.reassembly.next === this.size) this.complete(); // an empty file
    }, (error) => this.fail(error));
  }

  onChunk(offset, payload) {
    if (!this.reassembly || this.finished) return; // not accepted: ignored
    let ready;
    try {
      ready = this.reassembly.add(offset, payload, this.acked + this.window);
    } catch (error) {
      this.abandon(error);
      return;
    }
    if (ready.length === 0) return;
    for (const part of ready) {
      this.hash.update(part);
      this.parts.push(part);
    }
    if (this.reassembly.next === this.size) this.complete();
    else this.acknowledge(false);
  }

  /** Sends `#file.ack` once window/4 bytes arrived since the last one, or when `force`d. */
  acknowledge(force) {
    const next = this.reassembly.next;
    if (force || next - this.acked >= this.window / 4) {
      if (this.files.wire.transmit('#file.ack', { id: this.id, offset: next })) this.acked = next;
    }
    this.tell('receiving', next);
  }

  /** Every byte is here: acknowledge, verify, give the verdict. */
  complete() {
    this.acknowledge(true);
    const sha256 = this.hash.hex();
    if (sha256 !== this.offer.sha256.toLowerCase()) {
      this.abandon(namedError('FileChecksumError', `received bytes hash to ${sha256}, not ${this.offer.sha256}`));
      return;
    }
    this.files.wire.transmit('#file.verified', { id: this.id, sha256 });
    this.succeed(new Blob(this.parts, { type: this.offer.type }));
  }

  /** Tells the server (`#file.failed`) and fails. */
  abandon(error) {
    this.files.wire.transmit('#file.failed', { id: this.id, error: { name: error.name, message: error.message } });
    this.fail(error);
  }
}

/** Checks a `#file.offer` the server transmits; the offer, or null when it is malformed. */
function readOffer(data) {
  const { id, name, size, type, sha256, from = null } = data ?? {};
  const valid = isTransferId(id) && typeof name === 'string' && isCount(size) && isSha256(sha256)
    && (from === null || typeof from === 'string');
  return valid ? { id, name, size, type: typeof type === 'string' ? type : '', sha256, from } : null;
}

/** The extension's state on one socket: open transfers, message routing, connection events. */
class FileTransfers {
  constructor(wire, lib, fetch) {
    this.wire = wire;
    this.lib = lib;
    this.fetch = fetch;
    this.outgoing = new Map(); // transfer id → Outgoing, once its offer was answered
    this.incoming = new Map(); // transfer id → Incoming
    this.live = new Set();     // every unfinished transfer
    wire.socket.on('disconnect', () => this.each((transfer) => transfer.connectionLost()));
    wire.socket.on('state', (state) => {
      if (state === 'closed') this.each((transfer) => transfer.fail(closedError()));
    });
  }

  each(action) {
    for (const transfer of [...this.live]) action(transfer);
  }

  /** js-sha256, given to files() or loaded by the page. */
  hashLib() {
    const lib = this.lib ?? globalThis.sha256;
    if (typeof lib?.create !== 'function') {
      throw new Error('file transfer needs js-sha256: load webjars/js-sha256/0.11.0/build/sha256.min.js first');
    }
    return lib;
  }

  /** The fetch for HTTP chunks: given to files(), or the global one; null when there is none. */
  fetcher() {
    if (this.fetch) return this.fetch;
    return typeof globalThis.fetch === 'function' ? globalThis.fetch.bind(globalThis) : null;
  }

  /**
   * `path` (relative to the application's root, like a verdict's url) resolved against the page, or
   * outside a page against the folder above the socket's URL (http for ws); null when it is no URL.
   */
  resolveHttp(path) {
    try {
      let base = globalThis.document?.baseURI ?? globalThis.location?.href;
      if (base === undefined) {
        const root = new URL('../', this.wire.socket.url);
        root.protocol = root.protocol === 'wss:' ? 'https:' : 'http:';
        base = root.href;
      }
      const url = new URL(path, base);
      return ['http:', 'https:'].includes(url.protocol) ? url.href : null;
    } catch {
      return null;
    }
  }

  register(map, transfer, id) {
    if (transfer.id !== id && map.get(transfer.id) === transfer) map.delete(transfer.id);
    transfer.id = id;
    map.set(id, transfer);
  }

  forget(transfer) {
    this.live.delete(transfer);
    for (const map of [this.outgoing, this.incoming]) {
      if (map.get(transfer.id) === transfer) map.delete(transfer.id);
    }
  }

  /** Resolves once the socket is connected (at once if it is); rejects once it is closed. */
  connected() {
    const { socket } = this.wire;
    if (socket.state === 'connected') return Promise.resolve();
    if (socket.state === 'closed') return Promise.reject(closedError());
    return new Promise((resolve, reject) => {
      const offConnect = socket.on('connect', () => { stop(); resolve(); });
      const offState = socket.on('state', (state) => {
        if (state === 'closed') { stop(); reject(closedError()); }
      });
      const stop = () => { offConnect(); offState(); };
    });
  }

  /**
   * Invokes reserved `event` for `transfer` once connected. When the connection is lost before the answer
   * it is invoked again after the reconnect if the transfer is resumable, else rejects with
   * FileCancelledError. Resolves undefined when the transfer ended meanwhile.
   */
  async callOnline(transfer, event, data, timeout) {
    for (;;) {
      await this.connected();
      if (transfer.finished) return undefined;
      try {
        return await this.wire.call(event, data, timeout);
      } catch (error) {
        if (error.name !== 'BadConnectionError' || this.wire.socket.state === 'closed') throw error;
        if (!transfer.resumable) throw lostError();
      }
    }
  }

  /** Transmits a reserved event now, or after the next handshake. */
  transmitOnline(event, data) {
    this.connected().then(() => this.wire.transmit(event, data), () => {});
  }

  sendFile(blob, options = {}) {
    if (!(blob instanceof Blob)) throw new TypeError('sendFile needs a Blob or File');
    const { to, onProgress, chunkSize, timeout, name, carrier } = options;
    if (to !== undefined) requireName(to, 'to');
    if (name !== undefined) requireName(name, 'name');
    if (onProgress !== undefined) requireFunction(onProgress, 'onProgress');
    if (chunkSize !== undefined && !(Number.isSafeInteger(chunkSize) && chunkSize >= 1)) {
      throw new RangeError(`chunkSize must be an integer >= 1, got ${chunkSize}`);
    }
    if (timeout !== undefined && !(timeout >= 0)) throw new RangeError(`timeout must be >= 0, got ${timeout}`);
    if (carrier !== undefined && !CARRIERS.includes(carrier)) {
      throw new RangeError(`carrier must be one of ${CARRIERS.join(', ')}, got ${carrier}`);
    }
    this.hashLib();
    if (this.wire.socket.state === 'closed') return Promise.reject(closedError());
    return new Outgoing(this, blob, options).run();
  }

  onEvent(event, data) {
    const id = data?.id;
    switch (event) {
      case '#file.offer': this.onOffer(data); break;
      case '#file.ack': this.outgoing.get(id)?.onAck(data.offset); break;
      case '#file.verified': this.outgoing.get(id)?.onVerified(data); break;
      case '#file.chunk': this.onTextChunk(data); break;
      case '#file.failed': this.onFailed(data); break;
      default: // another extension's, or a later protocol's
    }
  }

  onOffer(data) {
    const offer = readOffer(data);
    if (!offer) {
      if (isTransferId(data?.id)) this.wire.transmit('#file.reject', { id: data.id, reason: 'malformed offer' });
      this.wire.report(namedError('InvalidMessageError', `a malformed #file.offer: ${JSON.stringify(data)}`));
      return;
    }
    if (this.incoming.has(offer.id)) return; // offered twice
    const transfer = new Incoming(this, offer);
    this.incoming.set(offer.id, transfer);
    if (!this.wire.emit('file', transfer.facade())) transfer.refuse('this page accepts no files');
  }

  onFailed(data) {
    const { name = 'FileError', message = 'the transfer failed' } = data?.error ?? {};
    const error = namedError(name, message);
    if (data?.id == null) {
      this.wire.report(namedError(name, `the server failed a file message: ${message}`));
      return;
    }
    this.outgoing.get(data.id)?.fail(error);
    this.incoming.get(data.id)?.fail(error);
  }

  onTextChunk(data) {
    const transfer = this.incoming.get(data?.id);
    if (!transfer) return; // a late chunk of a transfer that is over
    let payload;
    try {
      payload = base64ToBytes(data.data);
    } catch (error) {
      transfer.abandon(error);
      return;
    }
    transfer.onChunk(data.offset, payload);
  }

  onBinary(buffer) {
    let chunk;
    try {
      chunk = decodeChunk(buffer);
    } catch (error) {
      const transfer = this.incoming.get(error.id);
      if (transfer) transfer.abandon(error);
      else this.wire.report(error);
      return;
    }
    this.incoming.get(chunk.id)?.onChunk(chunk.offset, chunk.payload);
  }

  /** The extension seen by socketgrid-client.js. */
  extension() {
    return {
      api: { sendFile: (blob, options) => this.sendFile(blob, options) },
      onEvent: (event, data) => this.onEvent(event, data),
      onBinary: (buffer) => this.onBinary(buffer),
    };
  }
}

/**
 * The file-transfer extension for SocketGrid.connect's `extensions` option.
 * @param {{sha256?: object, fetch?: Function}} [config] sha256: the js-sha256 library (default: the page's
 *   global `sha256`); fetch: what sends HTTP chunks (default: the global fetch)
 */
export function files({ sha256, fetch } = {}) {
  if (fetch !== undefined) requireFunction(fetch, 'fetch');
  return (wire) => new FileTransfers(wire, sha256, fetch).extension();
}
