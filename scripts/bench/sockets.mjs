// What the load clients share about their WebSockets beyond the dialect: closing them all at the end.

import WebSocket from 'ws';

/**
 * Closes every socket of `sockets` (`ws` WebSockets) with 1000, or terminates the ones still opening;
 * resolves once all are closed, or after `graceMs`, when the rest are terminated.
 */
export function closeAll(sockets, graceMs) {
  return new Promise((resolve) => {
    let open = 0;
    for (const ws of sockets) {
      if (ws.readyState === WebSocket.CLOSED) continue;
      open++;
      ws.once('close', () => { if (--open === 0) resolve(); });
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate(); else ws.close(1000, 'benchmark done');
    }
    if (open === 0) resolve();
    setTimeout(() => {
      for (const ws of sockets) ws.terminate();
      resolve();
    }, graceMs);
  });
}

/** What every load client counts about its sockets, with the first few problems kept as examples. */
export class SocketCounters {
  handshaken = 0;
  handshakeFailures = 0;
  heartbeatsAnswered = 0;
  errors = 0;
  closes = 0;
  closeCodes = {};
  unexpected = 0;
  examples = []; // a few examples of errors, closes and unexpected frames, for the report

  example(text) {
    if (this.examples.length < 10) this.examples.push(text);
  }

  closed(code) {
    this.closes++;
    this.closeCodes[code] = (this.closeCodes[code] || 0) + 1;
  }

  unexpectedFrame(text) {
    this.unexpected++;
    this.example(text);
  }
}

/**
 * The JSON report of a load client: what every client says (tool, ok, failure, dialect, url, connections
 * asked for and opened), then its own `figures`, then the counters.
 */
export function clientReport(tool, status, failure, { dialect, url, connections }, counters, figures) {
  const { handshaken, heartbeatsAnswered, errors, closes, closeCodes, handshakeFailures, unexpected, examples } = counters;
  return { tool, ok: status === 0, failure: failure || undefined, dialect: dialect.name, url, connections, handshaken,
    ...figures, heartbeatsAnswered, errors, closes, closeCodes, handshakeFailures, unexpected, examples };
}
