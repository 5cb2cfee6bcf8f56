/**
 * The monitoring page's state, without DOM or network: per-node series of metrics samples, merged from the
 * live updates of channel `socketgrid.metrics` and from refills (`GET /socketgrid/metrics[?since=ms]`),
 * kept in a bounded window, with node health, cluster sums, channel totals and the CSV of the window. The
 * shapes are docs/MONITORING.md's: an update is `{node, sample, channels, advice}`, a document is
 * `{node, intervalSeconds, nodes: [{node, status, lastSampleAt, channels, samples}], advice}`.
 *
 * Contracts:
 * - Merging is idempotent and order-free: a sample is identified by its node and `at`; one that is already
 *   held (from an update and again from a refill) is kept once, and a node's samples stay sorted by `at`
 *   whatever order they arrive in. Updates and refills may therefore overlap and race freely.
 * - Window: a node keeps at most `maxSamples` samples and none older than `windowMs` before its newest.
 * - Health needs no agreement between the page's clock and the servers': a node's "last heard" time is page
 *   time, set when a live update brings a newer sample, or estimated from a document by the sample's age
 *   relative to the document's newest sample (the serving node's own sample of the last second). A node is
 *   `silent` when that is more than `silentAfterMs` ago, or when the latest document said so and no newer
 *   sample came since; otherwise `up`.
 * - Removal: a node that a document does not list is dropped once it is silent (a listed node, or one that
 *   still sends, stays: the document may predate a node's first sample).
 * - The advice shown is the one with the newest `at`, wherever it came from.
 * - Every method that depends on time takes the page's `now` (ms) as an argument; nothing reads a clock.
 */

/** The channel every node publishes its update on once a second. */
export const METRICS_CHANNEL = 'socketgrid.metrics';

/** Defaults of the model's options; times in milliseconds. */
export const MODEL_DEFAULTS = Object.freeze({
  /** How far back a node's samples are kept, before its newest. */
  windowMs: 600_000,
  /** Most samples kept per node (ten minutes at one a second). */
  maxSamples: 600,
  /** A node whose newest sample was heard longer ago than this is silent (the servers' rule). */
  silentAfterMs: 3000,
});

/** Thread groups of `threadCpuPercent`, in the order docs/MONITORING.md lists them. */
export const THREAD_GROUPS = Object.freeze(
  ['GRIZZLY_SELECTOR', 'GRIZZLY_WORKERS', 'UNDERTOW_IO', 'UNDERTOW_WORKERS', 'HAZELCAST', 'SOCKETGRID', 'GC', 'JIT', 'OTHER']);

const isSample = (sample) => sample !== null && typeof sample === 'object' && Number.isFinite(sample.at);
const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const isMap = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The number at dotted `path` of `sample` (e.g. 'invokeMicros.p99'); null when absent or not a number. */
export function valueAt(sample, path) {
  let value = sample;
  for (const key of path.split('.')) value = isMap(value) ? value[key] : undefined;
  return Number.isFinite(value) ? value : null;
}

/** Inserts `sample` into `samples` (sorted by `at`) unless one with its `at` is there; true when inserted. */
function insertSorted(samples, sample) {
  let low = 0;
  let high = samples.length;
  if (high === 0 || samples[high - 1].at < sample.at) {
    samples.push(sample); // the usual case: a live sample newer than all
    return true;
  }
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (samples[middle].at < sample.at) low = middle + 1;
    else high = middle;
  }
  if (samples[low]?.at === sample.at) return false;
  samples.splice(low, 0, sample);
  return true;
}

export class MonitorModel {
  /** @param {Partial<typeof MODEL_DEFAULTS>} [options] */
  constructor(options = {}) {
    this.options = { ...MODEL_DEFAULTS, ...options };
    /** node id → {node, samples, channels, url, heardAt, silentAt} */
    this.entries = new Map();
    /** The newest autoscaling advice seen, or null. */
    this.advice = null;
  }

  /**
   * Merges one live update of the metrics channel, received at page time `now`.
   * @returns {boolean} false when `update` is not an update (nothing changed)
   */
  applyUpdate(update, now) {
    if (!isMap(update) || typeof update.node !== 'string' || !isSample(update.sample)) return false;
    const entry = this.entry(update.node);
    if (this.merge(entry, [update.sample])) entry.heardAt = Math.max(entry.heardAt, now);
    if (isMap(update.channels)) entry.channels = update.channels;
    this.takeAdvice(update.advice);
    return true;
  }

  /**
   * Merges a metrics document fetched at page time `now`, and drops the silent nodes it no longer lists.
   * @throws {TypeError} when `doc` has no `nodes` list (not the cluster document of docs/MONITORING.md)
   */
  applyDocument(doc, now) {
    if (!isMap(doc) || !Array.isArray(doc.nodes)) {
      throw new TypeError('the metrics document has no "nodes" list (a server older than docs/MONITORING.md?)');
    }
    const listed = doc.nodes.filter((item) => isMap(item) && typeof item.node === 'string');
    const reference = Math.max(...listed.map((item) => item.lastSampleAt).filter(Number.isFinite));
    for (const item of listed) {
      const entry = this.entry(item.node);
      const samples = Array.isArray(item.samples) ? item.samples.filter(isSample) : [];
      this.merge(entry, samples);
      if (isMap(item.channels)) entry.channels = item.channels;
      const last = Number.isFinite(item.lastSampleAt) ? item.lastSampleAt : this.newestAt(entry);
      if (Number.isFinite(last) && Number.isFinite(reference)) {
        entry.heardAt = Math.max(entry.heardAt, now - Math.max(0, reference - last));
      }
      entry.silentAt = item.status === 'silent' ? this.newestAt(entry) : null;
    }
    const names = new Set(listed.map((item) => item.node));
    for (const node of [...this.entries.keys()]) {
      if (!names.has(node) && this.status(this.entries.get(node), now) === 'silent') this.entries.delete(node);
    }
    this.takeAdvice(doc.advice);
  }

  /** Records the URL of each node id in `urls` (a Map or object); empty or absent URLs are ignored. */
  setUrls(urls) {
    for (const [node, url] of urls instanceof Map ? urls : Object.entries(urls)) {
      const entry = this.entries.get(node);
      if (entry && typeof url === 'string' && url !== '') entry.url = url;
    }
  }

  /**
   * The `since` for the next refill: the newest sample of the node that lags most among those still
   * sending (within `silentAfterMs` of the freshest), so the refill fills every live node's hole; nodes far
   * behind are dead and would only make the refill larger. Undefined while nothing is held (ask for all).
   */
  refillSince() {
    const newest = [...this.entries.values()].map((entry) => this.newestAt(entry)).filter(Number.isFinite);
    if (newest.length === 0) return undefined;
    const freshest = Math.max(...newest);
    return Math.min(...newest.filter((at) => at >= freshest - this.options.silentAfterMs));
  }

  /**
   * The nodes, ordered by id: `{node, status, ageMs, lastSampleAt, latest, samples, channels, url}`;
   * `latest` is the newest sample (undefined for a node known without samples), `ageMs` page time since
   * it was heard (null when never).
   */
  nodes(now) {
    return this.sortedEntries().map((entry) => ({
        node: entry.node,
        status: this.status(entry, now),
        ageMs: Number.isFinite(entry.heardAt) ? Math.max(0, now - entry.heardAt) : null,
        lastSampleAt: this.newestAt(entry),
        latest: entry.samples.at(-1),
        samples: entry.samples,
        channels: entry.channels,
        url: entry.url,
      }));
  }

  /** `field` (a dotted path) summed over the newest samples of the nodes that are up at `now`. */
  clusterNow(field, now) {
    let sum = 0;
    for (const entry of this.entries.values()) {
      if (this.status(entry, now) === 'up') sum += valueAt(entry.samples.at(-1), field) ?? 0;
    }
    return sum;
  }

  /** Subscriber counts summed over the nodes: `[[channel, count], …]`, most subscribers first, then by name. */
  clusterChannels() {
    const totals = new Map();
    for (const { channels } of this.entries.values()) {
      for (const [channel, count] of Object.entries(channels)) {
        if (Number.isFinite(count)) totals.set(channel, (totals.get(channel) ?? 0) + count);
      }
    }
    return [...totals].sort((a, b) => b[1] - a[1] || byName(a[0], b[0]));
  }

  /**
   * CPU by thread group of every node's newest sample: `{groups, rows: [{node, total, byGroup, threads}]}`;
   * `groups` are THREAD_GROUPS that occur, in that order, then any other group by name; `threads` is the
   * sample's `busiestThreads` (`{name, pool, cpuPercent}`, busiest first), or empty.
   */
  threadCpu() {
    const rows = this.sortedEntries().filter(({ samples }) => samples.length > 0).map(({ node, samples }) => {
      const latest = samples.at(-1);
      return {
        node,
        total: valueAt(latest, 'processCpuPercent'),
        byGroup: isMap(latest.threadCpuPercent) ? latest.threadCpuPercent : {},
        threads: Array.isArray(latest.busiestThreads) ? latest.busiestThreads.filter(isMap) : [],
      };
    });
    const seen = new Set(rows.flatMap((row) => Object.keys(row.byGroup)));
    const groups = [...THREAD_GROUPS.filter((group) => seen.has(group)),
      ...[...seen].filter((group) => !THREAD_GROUPS.includes(group)).sort()];
    return { groups, rows };
  }

  /**
   * The series of `field` (a dotted path) on one time axis of whole seconds: `{seconds, nodes: [{node,
   * values}], cluster}`. A node's value is null for a second it has no sample of. The cluster's value of a
   * second sums the nodes' values of that second, taking a node's previous second where it has none (samples
   * of different nodes fall anywhere within their second, and the freshest second is not yet complete);
   * null where no node contributes.
   */
  series(field) {
    const nodes = this.sortedEntries();
    const bySecond = nodes.map(({ samples }) => new Map(samples.map((sample) => [Math.round(sample.at / 1000), sample])));
    const seconds = [...new Set(bySecond.flatMap((map) => [...map.keys()]))].sort((a, b) => a - b);
    const values = bySecond.map((map) => seconds.map((second) => valueAt(map.get(second), field)));
    const cluster = seconds.map((second, i) => {
      let sum = null;
      values.forEach((nodeValues, n) => {
        const value = nodeValues[i] ?? valueAt(bySecond[n].get(second - 1), field);
        if (value !== null) sum = (sum ?? 0) + value;
      });
      return sum;
    });
    return { seconds, nodes: nodes.map(({ node }, n) => ({ node, values: values[n] })), cluster };
  }

  /**
   * The recorded window as CSV (RFC 4180, CRLF): one row per node and sample, ordered by time then node;
   * columns `node`, `at`, then every numeric field of the samples, nested ones as dotted paths
   * (`invokeMicros.p99`, `threadCpuPercent.GC`, `closesByCode.1000`), in the order they first occur. A
   * field a sample lacks is an empty cell.
   */
  csv() {
    const rows = [];
    const columns = new Set(['at']);
    for (const entry of this.entries.values()) {
      for (const sample of entry.samples) {
        const values = flattenNumbers(sample);
        for (const key of values.keys()) columns.add(key);
        rows.push({ node: entry.node, at: sample.at, values });
      }
    }
    rows.sort((a, b) => a.at - b.at || byName(a.node, b.node));
    const header = ['node', ...columns];
    const lines = [header.map(csvCell).join(',')];
    for (const row of rows) {
      lines.push([csvCell(row.node), ...[...columns].map((column) => csvCell(row.values.get(column) ?? ''))].join(','));
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  /** How many samples are held, over all nodes. */
  get sampleCount() {
    let count = 0;
    for (const entry of this.entries.values()) count += entry.samples.length;
    return count;
  }

  sortedEntries() {
    return [...this.entries.values()].sort((a, b) => byName(a.node, b.node));
  }

  entry(node) {
    let entry = this.entries.get(node);
    if (!entry) {
      entry = { node, samples: [], channels: {}, url: undefined, heardAt: -Infinity, silentAt: null };
      this.entries.set(node, entry);
    }
    return entry;
  }

  /** Merges `samples` into `entry` and trims its window; true when its newest sample changed. */
  merge(entry, samples) {
    const before = this.newestAt(entry);
    for (const sample of samples) insertSorted(entry.samples, sample);
    const { windowMs, maxSamples } = this.options;
    const newest = this.newestAt(entry);
    let drop = Math.max(0, entry.samples.length - maxSamples);
    while (drop < entry.samples.length && entry.samples[drop].at < newest - windowMs) drop += 1;
    if (drop > 0) entry.samples.splice(0, drop);
    return newest !== before;
  }

  newestAt(entry) {
    return entry.samples.at(-1)?.at;
  }

  status(entry, now) {
    const silentSaid = entry.silentAt !== null && entry.silentAt === this.newestAt(entry);
    return silentSaid || !(now - entry.heardAt <= this.options.silentAfterMs) ? 'silent' : 'up';
  }

  takeAdvice(advice) {
    if (!isMap(advice)) return;
    if (this.advice === null || !(advice.at < this.advice.at)) this.advice = advice;
  }
}

/** The numbers of `value` by dotted path, in key order; other values (strings, arrays, null) are left out. */
export function flattenNumbers(value, prefix = '', into = new Map()) {
  for (const [key, item] of Object.entries(value)) {
    if (Number.isFinite(item)) into.set(prefix + key, item);
    else if (isMap(item)) flattenNumbers(item, `${prefix}${key}.`, into);
  }
  return into;
}

/** One CSV cell: quoted when it holds a comma, a quote or a line break. */
function csvCell(value) {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
