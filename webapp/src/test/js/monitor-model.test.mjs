// Tests of the monitoring page's model (js/monitor-model.js) without a browser or server:
// `node --test webapp/src/test/js/`. Updates and documents have docs/MONITORING.md's shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MonitorModel, MODEL_DEFAULTS, flattenNumbers, valueAt,
} from '../../main/webapp/js/monitor-model.js';

const T0 = 1_764_176_400_000; // a whole second, server time
const PAGE = 5_000_000;       // the page's clock: deliberately unrelated to the servers'

/** A sample of the docs' shape at `at` with the given fields (the rest zero). */
function sample(at, fields = {}) {
  return {
    at, connections: 0, messagesInPerSec: 0, messagesOutPerSec: 0, publishesPerSec: 0, deliveriesPerSec: 0,
    invokeMicros: { count: 0, p50: 0, p90: 0, p99: 0, max: 0 }, processCpuPercent: 0,
    threadCpuPercent: {}, closesByCode: {}, ...fields,
  };
}

const update = (node, at, fields, extra = {}) => ({ node, sample: sample(at, fields), channels: {}, advice: null, ...extra });

/** A document listing `nodes` ({node, samples, status?, channels?}); lastSampleAt from the samples. */
function documentOf(nodes, advice) {
  return {
    node: nodes[0]?.node, intervalSeconds: 1, advice,
    nodes: nodes.map(({ node, samples, status = 'up', channels = {} }) => ({
      node, status, channels, samples, lastSampleAt: samples.at(-1)?.at,
    })),
  };
}

const ats = (model, node) => model.nodes(PAGE).find((n) => n.node === node).samples.map((s) => s.at);

test('a sample seen in an update and again in a refill is kept once, in time order whatever the arrival order', () => {
  const model = new MonitorModel();
  model.applyUpdate(update('a', T0 + 2000), PAGE);
  model.applyUpdate(update('a', T0 + 4000), PAGE + 2000);
  model.applyDocument(documentOf([{ node: 'a', samples: [0, 1000, 2000, 3000].map((d) => sample(T0 + d)) }]), PAGE + 2100);
  model.applyUpdate(update('a', T0 + 3000), PAGE + 2200); // late duplicate
  assert.deepEqual(ats(model, 'a'), [0, 1000, 2000, 3000, 4000].map((d) => T0 + d));
  assert.equal(model.sampleCount, 5);
});

test('the window keeps at most maxSamples per node and nothing older than windowMs before the newest', () => {
  const model = new MonitorModel({ maxSamples: 3, windowMs: 10_000 });
  for (let i = 0; i < 5; i++) model.applyUpdate(update('a', T0 + i * 1000), PAGE + i * 1000);
  assert.deepEqual(ats(model, 'a'), [2000, 3000, 4000].map((d) => T0 + d));

  model.applyUpdate(update('a', T0 + 13_500), PAGE + 14_000); // 9.5 s after 4000: only 4000 is in the window
  assert.deepEqual(ats(model, 'a'), [T0 + 4000, T0 + 13_500]);
  assert.equal(new MonitorModel().options.maxSamples, MODEL_DEFAULTS.maxSamples);
});

test('a node is up while it sends and silent once silentAfterMs of page time pass without a newer sample', () => {
  const model = new MonitorModel();
  model.applyUpdate(update('a', T0), PAGE);
  const status = (now) => model.nodes(now)[0].status;
  assert.equal(status(PAGE + 3000), 'up');
  assert.equal(model.nodes(PAGE + 2500)[0].ageMs, 2500);
  assert.equal(status(PAGE + 3001), 'silent');
  model.applyUpdate(update('a', T0), PAGE + 4000); // the same sample again is not a sign of life
  assert.equal(status(PAGE + 4000), 'silent');
  model.applyUpdate(update('a', T0 + 4000), PAGE + 4000);
  assert.equal(status(PAGE + 4000), 'up');
});

test('health from a document: ages relative to its freshest node, and a node it calls silent stays so until it sends', () => {
  const model = new MonitorModel();
  model.applyDocument(documentOf([
    { node: 'a', samples: [sample(T0 + 10_000)] },
    { node: 'b', samples: [sample(T0 + 9500)] },
    { node: 'c', samples: [sample(T0 + 2000)] },
    { node: 'd', samples: [sample(T0 + 10_000)], status: 'silent' },
  ]), PAGE);
  const byNode = Object.fromEntries(model.nodes(PAGE).map((n) => [n.node, n]));
  assert.equal(byNode.a.status, 'up');
  assert.equal(byNode.b.status, 'up');
  assert.equal(byNode.b.ageMs, 500);
  assert.equal(byNode.c.status, 'silent');
  assert.equal(byNode.c.ageMs, 8000);
  assert.equal(byNode.d.status, 'silent', 'the server said so');

  model.applyUpdate(update('d', T0 + 11_000), PAGE + 1000);
  assert.equal(model.nodes(PAGE + 1000).find((n) => n.node === 'd').status, 'up');
});

test('a document drops the nodes it no longer lists once they are silent, and keeps one that still sends', () => {
  const model = new MonitorModel();
  model.applyUpdate(update('a', T0), PAGE);
  model.applyUpdate(update('gone', T0), PAGE);
  model.applyUpdate(update('new', T0 + 5000), PAGE + 5000); // too new for the document below
  model.applyUpdate(update('a', T0 + 5000), PAGE + 5000);
  model.applyDocument(documentOf([{ node: 'a', samples: [sample(T0 + 5000)] }]), PAGE + 5100);
  assert.deepEqual(model.nodes(PAGE + 5100).map((n) => n.node), ['a', 'new']);
});

test('a listed silent node stays, shown silent', () => {
  const model = new MonitorModel();
  model.applyDocument(documentOf([
    { node: 'a', samples: [sample(T0 + 60_000)] },
    { node: 'b', samples: [sample(T0 + 20_000)], status: 'silent' },
  ]), PAGE);
  assert.deepEqual(model.nodes(PAGE).map((n) => [n.node, n.status]), [['a', 'up'], ['b', 'silent']]);
});

test('a document without a nodes list (the older single-node shape) is refused with a TypeError', () => {
  const model = new MonitorModel();
  assert.throws(() => model.applyDocument({ node: 'a', intervalSeconds: 1, samples: [sample(T0)] }, PAGE),
    { name: 'TypeError', message: /nodes/ });
  assert.equal(model.sampleCount, 0);
});

test('refillSince is the newest sample of the most lagging live node; dead nodes and an empty model do not count', () => {
  const model = new MonitorModel();
  assert.equal(model.refillSince(), undefined);
  model.applyUpdate(update('a', T0 + 20_000), PAGE);
  model.applyUpdate(update('b', T0 + 19_000), PAGE);
  model.applyUpdate(update('dead', T0 + 2000), PAGE);
  assert.equal(model.refillSince(), T0 + 19_000);
});

test('updates that are not updates change nothing', () => {
  const model = new MonitorModel();
  for (const junk of [null, 'text', { node: 1, sample: sample(T0) }, { node: 'a' }, { node: 'a', sample: { at: 'x' } }]) {
    assert.equal(model.applyUpdate(junk, PAGE), false);
  }
  assert.equal(model.nodes(PAGE).length, 0);
});

test('cluster figures sum the newest samples of the nodes that are up', () => {
  const model = new MonitorModel();
  model.applyUpdate(update('a', T0, { messagesInPerSec: 100, invokeMicros: { p99: 7 } }), PAGE);
  model.applyUpdate(update('b', T0 + 1000, { messagesInPerSec: 50 }), PAGE + 1000);
  model.applyUpdate(update('a', T0 + 1000, { messagesInPerSec: 120 }), PAGE + 1000);
  assert.equal(model.clusterNow('messagesInPerSec', PAGE + 1000), 170);
  assert.equal(model.clusterNow('messagesInPerSec', PAGE + 10_000), 0, 'all silent');
});

test('channel subscribers are summed over the nodes, most subscribed first', () => {
  const model = new MonitorModel();
  model.applyUpdate(update('a', T0, {}, { channels: { news: 12, chat: 3 } }), PAGE);
  model.applyUpdate(update('b', T0, {}, { channels: { news: 1, chat: 10, zoo: 2 } }), PAGE);
  model.applyUpdate(update('a', T0 + 1000, {}, { channels: { news: 2 } }), PAGE + 1000); // the newest map wins
  assert.deepEqual(model.clusterChannels(), [['chat', 10], ['news', 3], ['zoo', 2]]);
});

test('the advice shown is the newest by its own time, from updates and documents alike', () => {
  const model = new MonitorModel();
  model.applyUpdate(update('a', T0, {}, { advice: { at: T0, action: 'HOLD' } }), PAGE);
  model.applyUpdate(update('b', T0, {}, { advice: { at: T0 - 1000, action: 'ADD' } }), PAGE);
  assert.equal(model.advice.action, 'HOLD');
  model.applyDocument(documentOf([{ node: 'a', samples: [sample(T0)] }], { at: T0 + 1000, action: 'REMOVE' }), PAGE);
  assert.equal(model.advice.action, 'REMOVE');
});

test('series share one axis of seconds; the cluster sums them, taking a node\'s previous second where it has none', () => {
  const model = new MonitorModel();
  // a samples at .100 of each second; b at .900, and it skipped second 2 and has not sent second 3 yet
  for (const s of [0, 1, 2, 3]) model.applyUpdate(update('a', T0 + s * 1000 + 100, { messagesInPerSec: 10 + s }), PAGE);
  for (const s of [0, 1]) model.applyUpdate(update('b', T0 + s * 1000 - 100, { messagesInPerSec: 100 }), PAGE);
  const { seconds, nodes, cluster } = model.series('messagesInPerSec');
  const first = T0 / 1000;
  assert.deepEqual(seconds, [first, first + 1, first + 2, first + 3]);
  assert.deepEqual(nodes, [
    { node: 'a', values: [10, 11, 12, 13] },
    { node: 'b', values: [100, 100, null, null] },
  ]);
  assert.deepEqual(cluster, [110, 111, 112, 13]);
  assert.deepEqual(model.series('invokeMicros.p99').nodes[0].values, [0, 0, 0, 0], 'nested fields by path');
});

test('CPU by thread group lists the documented groups in order, then others, per node, with its busiest threads', () => {
  const model = new MonitorModel();
  const busiest = [{ name: 'http-thread-po', pool: 'GRIZZLY_WORKERS', cpuPercent: 22.5 }];
  model.applyUpdate(update('b', T0, { processCpuPercent: 80, threadCpuPercent: { OTHER: 5, GC: 10, ZEBRA: 1 } }), PAGE);
  model.applyUpdate(update('a', T0, {
    processCpuPercent: 40, threadCpuPercent: { GRIZZLY_WORKERS: 30 }, busiestThreads: busiest,
  }), PAGE);
  const { groups, rows } = model.threadCpu();
  assert.deepEqual(groups, ['GRIZZLY_WORKERS', 'GC', 'OTHER', 'ZEBRA']);
  assert.deepEqual(rows.map((row) => [row.node, row.total, row.byGroup.GC ?? null]), [['a', 40, null], ['b', 80, 10]]);
  assert.deepEqual(rows.map((row) => row.threads), [busiest, []]);
});

test('the CSV has one row per node and second, ordered by time, and a column for every numeric field', () => {
  const model = new MonitorModel();
  model.applyUpdate(update('b', T0, { connections: 2, closesByCode: { 1000: 1 } }), PAGE);
  model.applyUpdate(update('a', T0, { connections: 3, threadCpuPercent: { GC: 1.5 } }), PAGE);
  model.applyUpdate(update('a', T0 + 1000, { connections: 4, note: 'not a number' }), PAGE);
  const lines = model.csv().split('\r\n');
  assert.equal(lines.at(-1), '', 'ends with a line break');
  const header = lines[0].split(',');
  assert.deepEqual(header.slice(0, 3), ['node', 'at', 'connections']);
  for (const column of ['invokeMicros.p99', 'threadCpuPercent.GC', 'closesByCode.1000', 'processCpuPercent']) {
    assert.ok(header.includes(column), `column ${column}`);
  }
  assert.ok(!header.includes('note'));
  const rows = lines.slice(1, -1).map((line) => Object.fromEntries(line.split(',').map((cell, i) => [header[i], cell])));
  assert.deepEqual(rows.map((row) => [row.node, row.at, row.connections]),
    [['a', String(T0), '3'], ['b', String(T0), '2'], ['a', String(T0 + 1000), '4']]);
  assert.equal(rows[0]['threadCpuPercent.GC'], '1.5');
  assert.equal(rows[0]['closesByCode.1000'], '', 'a field the sample lacks is empty');
  assert.equal(rows[1]['closesByCode.1000'], '1');
});

test('CSV cells with commas or quotes are quoted', () => {
  const model = new MonitorModel();
  model.applyUpdate(update('odd,"node"', T0), PAGE);
  assert.ok(model.csv().split('\r\n')[1].startsWith('"odd,""node""",'));
});

test('URLs are recorded for known nodes; empty ones are ignored', () => {
  const model = new MonitorModel();
  model.applyUpdate(update('a', T0), PAGE);
  model.applyUpdate(update('b', T0), PAGE);
  model.setUrls(new Map([['a', 'http://localhost:8081/'], ['b', ''], ['unknown', 'http://x/']]));
  assert.deepEqual(model.nodes(PAGE).map((n) => n.url), ['http://localhost:8081/', undefined]);
});

test('valueAt and flattenNumbers read numbers by dotted path and leave the rest out', () => {
  const value = { a: 1, b: { c: 2, d: 'x', e: null }, f: [1], g: NaN };
  assert.equal(valueAt(value, 'b.c'), 2);
  assert.equal(valueAt(value, 'b.d'), null);
  assert.equal(valueAt(undefined, 'a'), null);
  assert.deepEqual([...flattenNumbers(value)], [['a', 1], ['b.c', 2]]);
});
