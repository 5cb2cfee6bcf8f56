/**
 * SocketGrid browser client: one WebSocket speaking SocketCluster protocol v2, behind a small API.
 * Pages use this module only; none of them touches the WebSocket or the wire format.
 *
 *   import { SocketGrid } from './js/socketgrid-client.js';
 *   const socket = SocketGrid.connect();                  // ws(s)://<page folder>/socketcluster/
 *   socket.on('connect', status => console.log(status.id));
 *   socket.on('pong', count => console.log(count));       // an event the server transmits
 *   socket.transmit('ping');
 *   const count = await socket.invoke('ping');
 *   const sub = socket.subscribe('news', (data, channel) => console.log(data));
 *   await socket.publish('news', { hello: 'world' });
 *   sub.unsubscribe();
 *   socket.close();
 *
 *   // file transfer is an extension (js/socketgrid-files.js), loaded only by pages that use it:
 *   import { files } from './js/socketgrid-files.js';
 *   const socket = SocketGrid.connect(undefined, { extensions: [files()] });
 *   const verdict = await socket.sendFile(file, { onProgress });    // {id, sha256, name, size, type, url}
 *   socket.on('file', (incoming) => incoming.accept().then((blob) => …));
 *
 * Contracts:
 * - `state` is 'connecting' (opening the WebSocket or waiting for the handshake answer), 'connected'
 *   (handshake answered), 'disconnected' (lost; a reconnect is scheduled) or 'closed' (close() was called,
 *   or the connection was lost with autoReconnect off). 'closed' is final. Every change emits 'state'.
 * - Lifecycle events, for on()/off(): 'state' (the new state), 'connect' (the handshake status
 *   {id, pingTimeout, isAuthenticated}, after every successful handshake), 'disconnect' ({code, reason},
 *   when a connected socket is lost or closed), 'reconnecting' ({attempt, delay}, when a reconnect is
 *   scheduled), 'recovery' (see below), 'file' (an IncomingFile, emitted by the files extension), 'error'
 *   (an Error: a failed connection attempt, a subscription the server refused, a frame that could not be
 *   read; console.warn gets it while no 'error' handler is registered). Every other name is a server
 *   event: its handlers get the event's data.
 *   Server events named like a lifecycle event or starting with '#' never reach application handlers.
 * - Reconnects: exponential backoff with full jitter; before attempt n the client waits a random time in
 *   [0, min(maxDelay, initialDelay * factor^(n-1))). n goes back to 1 after a successful handshake. There
 *   is no reconnect after close().
 * - Liveness: the client answers every heartbeat (''); when nothing at all arrives for the pingTimeout
 *   the server announced in its handshake (connectTimeout before the handshake), it drops the WebSocket
 *   (code 4000, or 4007 before the handshake) and reconnects.
 * - Every subscribed channel is subscribed again after each reconnect, before queued frames are sent, and
 *   asks SocketGrid to recover what was published meanwhile (from the last position seen): the missed
 *   messages arrive first, each once and in order, then live ones. A 'recovery' event {channel, recovered}
 *   follows every such re-subscription; recovered === false means messages were lost (they fell out of
 *   the server's history) and the application should reload the channel's state. The same event, with
 *   recovered false and no reconnect, follows a server's '#gap' notice: messages of the channel will never
 *   reach this socket (its server fell too far behind the channel's stream); later messages follow as usual.
 * - Nothing is lost silently: an invoke settles exactly once (answer, server error, timeout, or a
 *   BadConnectionError when the connection is lost or closed before the answer); transmits made while not
 *   connected wait (at most maxQueued, in call order) and are sent right after the next handshake;
 *   close() discards them.
 * - A handler that throws does not disturb the socket: the exception is rethrown in a new task, so it
 *   reaches the console and window.onerror.
 * - Extensions (option `extensions`): each is a function `install(wire)` called once by connect(); it
 *   returns `{api?, onEvent?(event, data), onBinary?(arrayBuffer)}`. `api`'s methods are added to the
 *   socket (a name the socket already has is a TypeError). Reserved server events ('#…') other than
 *   '#publish' go to every extension's onEvent, binary messages to every onBinary (with no onBinary a
 *   binary message is reported as an 'error'). `wire` is what an extension may use besides the public
 *   socket: {socket, call(event, data, timeout) (an invoke, reserved names allowed), transmit(event, data)
 *   and sendBinary(bytes) (send at once; false, sending nothing, when not connected), bufferedAmount,
 *   emit(event, payload) (true when a handler listened), report(error)}. Without extensions the client
 *   behaves as if binary messages and unknown reserved events did not exist.
 * - File transfer (socketgrid-files.js, see its header and docs/PROTOCOL.md "File transfer"):
 *   socket.sendFile(blob, {to?, onProgress?, chunkSize?, signal?, timeout?}) → Promise of the receiver's
 *   verdict; incoming files (server pushes and other browsers' offers) are 'file' events carrying an
 *   IncomingFile {id, name, size, type, sha256, from, signal, accept(options) → Promise<Blob>,
 *   reject(reason)}. Offers that arrive while no 'file' handler is registered are rejected.
 */

const LIFECYCLE_EVENTS = new Set(['state', 'connect', 'disconnect', 'reconnecting', 'recovery', 'file', 'error']);

/** Defaults of connect()'s options; times in milliseconds. */
export const DEFAULT_OPTIONS = Object.freeze({
  /** Ceiling of the first reconnect delay. */
  initialDelay: 500,
  /** Growth of the ceiling per failed attempt. */
  factor: 2,
  /** Largest ceiling. */
  maxDelay: 30000,
  /** Reconnect after a lost connection; when false a lost connection closes the client for good. */
  autoReconnect: true,
  /** Time an attempt has to open the WebSocket and get the handshake answered. */
  connectTimeout: 10000,
  /** Default time an invoke waits for its answer. */
  invokeTimeout: 10000,
  /** Most transmits (and invokes made while connecting) that may wait for the handshake. */
  maxQueued: 1000,
  /** The WebSocket constructor (for tests); the browser's by default. */
  WebSocket: undefined,
  /** Extensions to install, e.g. `[files()]` from socketgrid-files.js; see "Extensions" above. */
  extensions: Object.freeze([]),
});

/** An Error named `name` (the protocol's error names); shared with the extensions. */
export function namedError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Throws a TypeError unless `value` is a non-empty string; shared with the extensions. */
export function requireName(value, what) {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${what} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
}

/** Throws a TypeError unless `value` is a function; shared with the extensions. */
export function requireFunction(value, what) {
  if (typeof value !== 'function') {
    throw new TypeError(`${what} must be a function`);
  }
}

/** Runs a user handler; its exception is rethrown in a new task instead of breaking the caller. */
export function safely(handler, ...args) {
  try {
    handler(...args);
  } catch (error) {
    setTimeout(() => { throw error; }, 0);
  }
}

/** `url` resolved against the page (http → ws, https → wss); the page's `socketcluster/` when absent. */
function resolveUrl(url) {
  const base = typeof location === 'undefined' ? undefined : location.href;
  const resolved = new URL(url ?? 'socketcluster/', base);
  if (resolved.protocol === 'http:') resolved.protocol = 'ws:';
  if (resolved.protocol === 'https:') resolved.protocol = 'wss:';
  return resolved.href;
}

const now = () => (globalThis.performance ?? Date).now();

/**
 * Opens a client socket and keeps it connected until close().
 *
 * @param {string} [url] WebSocket URL, absolute or relative to the page; default `socketcluster/` next to it
 * @param {Partial<typeof DEFAULT_OPTIONS>} [options]
 * @returns the socket: transmit, invoke, subscribe, publish, on, off, close, read-only id, state, url, and
 *   the methods of the extensions' `api`
 */
function connect(url, options = {}) {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  for (const key of ['initialDelay', 'maxDelay', 'connectTimeout', 'invokeTimeout', 'maxQueued']) {
    if (!(opts[key] >= 0)) throw new RangeError(`option ${key} must be a number >= 0, got ${opts[key]}`);
  }
  if (!(opts.factor >= 1)) throw new RangeError(`option factor must be >= 1, got ${opts.factor}`);
  const WebSocketImpl = opts.WebSocket ?? globalThis.WebSocket;
  const target = resolveUrl(url);

  const listeners = new Map(); // event name → Set of handlers
  const channels = new Map();  // channel → Set of delivery handlers; the channels to (re)subscribe
  const pending = new Map();   // cid → {event, resolve, reject, timer}: invokes awaiting their answer
  const positions = new Map(); // channel → {epoch, offset} of the last message seen: where recovery starts
  const queue = [];            // {frame, cid?}: frames waiting for the handshake, in call order
  let state = 'connecting';
  let ws = null;
  let id = null;
  let nextCid = 1;
  let handshakeCid = 0;
  let attempt = 0;
  let reconnectTimer = null;
  let watchdog = null;
  let lastInbound = 0;

  /** Calls every handler of `event` (those registered when it starts); true when there was one. */
  function emit(event, payload) {
    const handlers = [...(listeners.get(event) ?? [])];
    for (const handler of handlers) safely(handler, payload);
    return handlers.length > 0;
  }

  function setState(next) {
    if (state !== next) {
      state = next;
      emit('state', next);
    }
  }

  /** Emits 'error'; with no 'error' handler the console gets it, so no failure goes unseen. */
  function report(error) {
    if (listeners.get('error')?.size) emit('error', error);
    else console.warn('SocketGrid:', error);
  }

  /** Drops the connection when nothing has arrived for `limit` ms. */
  function watchSilence(limit, code, reason) {
    clearTimeout(watchdog);
    lastInbound = now();
    const check = () => {
      const idle = now() - lastInbound;
      if (idle >= limit) drop(code, reason);
      else watchdog = setTimeout(check, limit - idle);
    };
    watchdog = setTimeout(check, limit);
  }

  function open() {
    reconnectTimer = null;
    setState('connecting');
    if (state !== 'connecting') return; // a 'state' handler closed the client
    let socket;
    try {
      socket = new WebSocketImpl(target);
    } catch (error) {
      report(namedError('ConnectAbortError', `cannot open ${target}: ${error.message}`));
      scheduleReconnect();
      return;
    }
    ws = socket;
    socket.binaryType = 'arraybuffer'; // binary messages are file chunks, for the extensions
    watchSilence(opts.connectTimeout, 4007, 'Client connection establishment timed out');
    socket.onopen = () => {
      handshakeCid = nextCid++;
      socket.send(JSON.stringify({ event: '#handshake', data: { authToken: null }, cid: handshakeCid }));
    };
    socket.onmessage = (message) => receive(socket, message.data);
    socket.onclose = (event) => lost(event.code, event.reason || 'Socket closed');
    // an error event is always followed by a close event, which lost() reports; the handler is still needed,
    // because Node's `ws` throws an error nobody listens to (a refused upgrade, e.g. HTTP 500, would end the process)
    socket.onerror = () => {};
  }

  /** Forgets the current WebSocket at once (its close handshake may never finish) and reconnects. */
  function drop(code, reason) {
    const socket = ws;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    socket.close(code); // no reason on the wire: a reason over 123 bytes would make close() throw
    lost(code, reason);
  }

  /** The current connection ended: fail what awaits an answer, tell the application, reconnect. */
  function lost(code, reason) {
    const wasConnected = state === 'connected';
    if (ws) ws.onopen = ws.onmessage = ws.onclose = null;
    ws = null;
    id = null;
    clearTimeout(watchdog);
    failInvokes(`the connection was lost (${code} ${reason}) before the server answered`);
    if (!opts.autoReconnect) {
      finish();
    } else {
      setState('disconnected');
    }
    if (wasConnected) emit('disconnect', { code, reason });
    else report(namedError('ConnectAbortError', `could not connect to ${target} (${code} ${reason})`));
    if (state === 'disconnected') scheduleReconnect();
  }

  function scheduleReconnect() {
    if (state === 'closed') return;
    setState('disconnected');
    attempt += 1;
    const ceiling = Math.min(opts.maxDelay, opts.initialDelay * opts.factor ** (attempt - 1));
    const delay = Math.floor(Math.random() * ceiling);
    reconnectTimer = setTimeout(open, delay);
    emit('reconnecting', { attempt, delay });
  }

  /** Rejects every invoke that awaits an answer or waits in the queue. */
  function failInvokes(message) {
    for (const [cid, call] of pending) {
      clearTimeout(call.timer);
      call.reject(namedError('BadConnectionError', `${call.event}: ${message}`));
      pending.delete(cid);
    }
    for (let i = queue.length - 1; i >= 0; i--) {
      if (queue[i].cid !== undefined) queue.splice(i, 1);
    }
  }

  function finish() {
    clearTimeout(reconnectTimer);
    clearTimeout(watchdog);
    queue.length = 0;
    setState('closed');
  }

  function receive(socket, text) {
    lastInbound = now();
    if (typeof text !== 'string') {
      receiveBinary(text);
      return;
    }
    if (text === '') {
      socket.send('');
      return;
    }
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      const start = String(text).slice(0, 100);
      report(namedError('InvalidMessageError', `the server sent a frame that is not JSON: ${start}`));
      return;
    }
    for (const frame of Array.isArray(message) ? message : [message]) {
      if (ws !== socket) return; // a handler closed or dropped the socket: the rest of a batch is stale
      if (frame === '') socket.send('');
      else if (typeof frame?.event === 'string') onEvent(socket, frame);
      else if (typeof frame?.rid === 'number') onResponse(frame);
      else report(namedError('InvalidMessageError', `a frame of unknown shape: ${JSON.stringify(frame)}`));
    }
  }

  function receiveBinary(buffer) {
    const readers = extensions.filter((extension) => extension.onBinary);
    if (readers.length === 0) {
      report(namedError('InvalidMessageError', `the server sent a binary message of ${buffer.byteLength} bytes`));
    }
    for (const extension of readers) safely(extension.onBinary, buffer);
  }

  function onEvent(socket, { event, data, cid }) {
    if (cid !== undefined) {
      // this client offers no procedures; answer so the server never waits
      const error = { name: 'NoProcedureError', message: `the client handles no invoke of '${event}'` };
      socket.send(JSON.stringify({ rid: cid, error }));
    } else if (event === '#publish') {
      const handlers = channels.get(data?.channel);
      if (!handlers || !advance(data.channel, data)) return;
      for (const handler of [...handlers]) safely(handler, data.data);
    } else if (event === '#gap') {
      // a gap of another epoch than this socket's stream, or one it is past already, lost it nothing
      const lastLost = { epoch: data?.epoch, offset: data?.to };
      const last = positions.get(data?.channel);
      const ours = typeof lastLost.epoch === 'string' && Number.isInteger(lastLost.offset)
        && (!last || last.epoch === lastLost.epoch);
      if (channels.has(data?.channel) && ours && advance(data.channel, lastLost)) {
        emit('recovery', { channel: data.channel, recovered: false });
      }
    } else if (event.startsWith('#')) {
      for (const extension of extensions) if (extension.onEvent) safely(extension.onEvent, event, data);
    } else if (!LIFECYCLE_EVENTS.has(event)) {
      emit(event, data);
    }
  }

  function onResponse(frame) {
    if (state === 'connecting' && frame.rid === handshakeCid) {
      onHandshake(frame);
      return;
    }
    const call = pending.get(frame.rid);
    if (!call) return; // the answer to an invoke that already timed out
    pending.delete(frame.rid);
    clearTimeout(call.timer);
    if (frame.error != null) {
      const { name = 'Error', message = String(frame.error) } = typeof frame.error === 'object' ? frame.error : {};
      call.reject(namedError(name, message));
    } else {
      call.resolve(frame.data);
    }
  }

  function onHandshake(frame) {
    if (frame.error != null || typeof frame.data?.id !== 'string') {
      drop(4008, `Server rejected handshake: ${JSON.stringify(frame.error ?? frame.data)}`);
      return;
    }
    const status = frame.data;
    id = status.id;
    attempt = 0;
    state = 'connected'; // announced below, once the renewed subscriptions and the queue went out in order
    watchSilence(status.pingTimeout > 0 ? status.pingTimeout : 20000, 4000, 'Server ping timed out');
    for (const channel of channels.keys()) requestSubscription(channel);
    for (const { frame: queued } of queue.splice(0)) ws.send(queued);
    emit('state', state);
    if (state === 'connected') emit('connect', status);
  }

  /** Sends or queues an encoded frame; throws when the queue is full. */
  function send(frame, cid) {
    if (state === 'connected') {
      ws.send(frame);
    } else if (queue.length >= opts.maxQueued) {
      throw namedError('QueueFullError', `${queue.length} frames already wait for the connection`);
    } else {
      queue.push({ frame, cid });
    }
  }

  /** Invoke without name checks, for reserved events too. */
  function call(event, data, timeout) {
    if (state === 'closed' || state === 'disconnected') {
      return Promise.reject(namedError('BadConnectionError', `${event}: the socket is ${state}`));
    }
    return new Promise((resolve, reject) => {
      const cid = nextCid++;
      const frame = JSON.stringify({ event, data, cid });
      const timer = setTimeout(() => {
        pending.delete(cid);
        const index = queue.findIndex((entry) => entry.cid === cid);
        if (index >= 0) queue.splice(index, 1);
        reject(namedError('TimeoutError', `${event}: no answer from the server within ${timeout} ms`));
      }, timeout);
      pending.set(cid, { event, resolve, reject, timer });
      try {
        send(frame, cid);
      } catch (error) {
        clearTimeout(timer);
        pending.delete(cid);
        throw error;
      }
    });
  }

  /**
   * Records the position {epoch, offset} of a message of `channel`; false when it was seen already (a
   * message both recovered and delivered live). Messages without a position (another server) always pass.
   */
  function advance(channel, { epoch, offset }) {
    if (typeof epoch !== 'string' || !Number.isInteger(offset)) return true;
    const last = positions.get(channel);
    if (last && last.epoch === epoch && offset <= last.offset) return false;
    positions.set(channel, { epoch, offset });
    return true;
  }

  function requestSubscription(channel) {
    const handlers = channels.get(channel);
    const since = positions.get(channel);
    const request = since ? { channel, recover: since } : { channel };
    call('#subscribe', request, opts.invokeTimeout).then((status) => {
      if (channels.get(channel) !== handlers || typeof status?.epoch !== 'string') return;
      if (status.recovered === false) positions.set(channel, { epoch: status.epoch, offset: status.offset });
      else advance(channel, status);
      if (since) emit('recovery', { channel, recovered: status.recovered === true });
    }, (error) => {
      if (error.name === 'BadConnectionError') return; // it is requested again after the reconnect
      const refused = error.name !== 'TimeoutError';
      if (refused && channels.get(channel) === handlers) channels.delete(channel);
      const failure = namedError(error.name, `subscribing to '${channel}' failed: ${error.message}`);
      failure.channel = channel;
      report(failure);
    });
  }

  const socketApi = {
    /** The id the server gave in the current handshake; null while not connected. */
    get id() { return id; },
    /** 'connecting' | 'connected' | 'disconnected' | 'closed'. */
    get state() { return state; },
    /** The WebSocket URL this client connects to. */
    get url() { return target; },

    /**
     * Sends event `event` with `data` (anything JSON.stringify accepts); no answer. Sent at once when
     * connected, else queued for the next handshake.
     * @throws {TypeError} bad event name; {Error} QueueFullError, or BadConnectionError after close()
     */
    transmit(event, data) {
      requireName(event, 'event');
      if (event.startsWith('#')) throw new TypeError(`event names starting with '#' are reserved: ${event}`);
      if (state === 'closed') throw namedError('BadConnectionError', `${event}: the socket is closed`);
      send(JSON.stringify({ event, data }));
    },

    /**
     * Calls procedure `event` and resolves with the server's answer. Rejects with an Error whose name and
     * message are the server's error; a TimeoutError after `timeout` ms; a BadConnectionError when the
     * socket is disconnected or closed, or the connection is lost before the answer. An invoke made while
     * connecting waits for the handshake (within its timeout).
     * @param {{timeout?: number}} [options]
     */
    invoke(event, data, { timeout = opts.invokeTimeout } = {}) {
      requireName(event, 'event');
      if (event.startsWith('#')) throw new TypeError(`event names starting with '#' are reserved: ${event}`);
      return call(event, data, timeout);
    },

    /**
     * Calls `handler(data, channel)` for every message published to `channel` until unsubscribe(). The
     * server subscription is made once per channel (now, or at the next handshake) and renewed after every
     * reconnect; a refusal by the server is reported as an 'error' event carrying `.channel`.
     * @returns {{channel: string, unsubscribe(): void}}
     */
    subscribe(channel, handler) {
      requireName(channel, 'channel');
      requireFunction(handler, 'handler');
      if (state === 'closed') throw namedError('BadConnectionError', `${channel}: the socket is closed`);
      let handlers = channels.get(channel);
      if (!handlers) {
        handlers = new Set();
        channels.set(channel, handlers);
        if (state === 'connected') requestSubscription(channel);
      }
      const delivery = (data) => handler(data, channel); // its own identity: one handler may subscribe twice
      handlers.add(delivery);
      return Object.freeze({
        channel,
        /** Stops the deliveries to this handler; the last one out unsubscribes on the server. Idempotent. */
        unsubscribe() {
          if (!handlers.delete(delivery) || handlers.size > 0 || channels.get(channel) !== handlers) return;
          channels.delete(channel);
          positions.delete(channel);
          if (state === 'connected') ws.send(JSON.stringify({ event: '#unsubscribe', data: channel }));
        },
      });
    },

    /** Publishes `data` to `channel`; resolves when the server accepted it (rejects like invoke()). */
    publish(channel, data, { timeout = opts.invokeTimeout } = {}) {
      requireName(channel, 'channel');
      return call('#publish', { channel, data }, timeout);
    },

    /** Adds `handler` for a lifecycle or server event; returns a function that removes it. */
    on(event, handler) {
      requireName(event, 'event');
      requireFunction(handler, 'handler');
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(handler);
      return () => socketApi.off(event, handler);
    },

    /** Removes `handler` (added with on()) from `event`. */
    off(event, handler) {
      listeners.get(event)?.delete(handler);
    },

    /**
     * Closes the socket for good: no reconnect, pending invokes reject with BadConnectionError, queued
     * transmits are discarded, 'disconnect' {code: 1000} is emitted when it was connected. Idempotent.
     */
    close() {
      if (state === 'closed') return;
      const wasConnected = state === 'connected';
      const socket = ws;
      ws = null;
      id = null;
      if (socket) {
        socket.onopen = socket.onmessage = socket.onclose = null;
        // closing a socket that is still connecting fires 'error'; Node's `ws` throws an unheard one
        socket.onerror = () => {};
        socket.close(1000, 'Client closed');
      }
      failInvokes('the socket was closed by the client');
      finish();
      if (wasConnected) emit('disconnect', { code: 1000, reason: 'Client closed' });
    },
  };

  /** The WebSocket once the handshake is done; null otherwise. */
  const connectedWs = () => (state === 'connected' ? ws : null);

  /** Sends `message` (text or bytes) at once when connected; false, sending nothing, otherwise. */
  function sendNow(message) {
    const socket = connectedWs();
    socket?.send(message);
    return socket !== null;
  }

  /** What extensions may use besides the public socket; see "Extensions" above. */
  const wire = Object.freeze({
    socket: socketApi,
    call,
    emit,
    report,
    transmit: (event, data) => sendNow(JSON.stringify({ event, data })),
    sendBinary: sendNow,
    get bufferedAmount() { return connectedWs()?.bufferedAmount ?? 0; },
  });
  const extensions = opts.extensions.map((install) => install(wire));
  for (const { api = {} } of extensions) {
    for (const name of Object.keys(api)) {
      if (name in socketApi) throw new TypeError(`an extension redefines socket.${name}`);
      socketApi[name] = api[name];
    }
  }

  open();
  return Object.freeze(socketApi);
}

/** The client's entry point: `SocketGrid.connect(url?, options?)`. */
export const SocketGrid = Object.freeze({ connect, DEFAULT_OPTIONS });
export default SocketGrid;
