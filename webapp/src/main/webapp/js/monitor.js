// The monitoring page: UI only. The state (merging, window, health, sums, CSV) lives in monitor-model.js,
// the socket in socketgrid-client.js; charts are uPlot's (the WebJar served from the WAR).
import { SocketGrid } from './socketgrid-client.js';
import { MonitorModel, METRICS_CHANNEL, valueAt } from './monitor-model.js';
import uPlot from '../webjars/uplot/1.6.30/dist/uPlot.esm.js';

/** While an instance is silent, the metrics document is read again this often, to learn whether it is gone. */
const SILENT_REFILL_MS = 10_000;
const CHART_HEIGHT = 190;
const CHANNEL_ROWS = 50;
const NODE_COLOURS = ['#1f6feb', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#0598bc', '#bf3989', '#6e7781'];
const CLUSTER_COLOUR = '#1d232b';
const DASH = [6, 4];

/**
 * The charts: per field a series for the cluster (unless `cluster` is false) and one per instance. `scale`
 * converts the sample's unit to the chart's.
 */
const CHARTS = [
  { id: 'chart-messages-in', fields: [{ field: 'messagesInPerSec' }] },
  { id: 'chart-messages-out', fields: [{ field: 'messagesOutPerSec' }] },
  { id: 'chart-deliveries', fields: [{ field: 'deliveriesPerSec' }, { field: 'publishesPerSec', label: 'publishes', dash: DASH }] },
  { id: 'chart-connections', fields: [{ field: 'connections' }] },
  { id: 'chart-cpu', fields: [{ field: 'processCpuPercent' }] },
  {
    id: 'chart-latency', cluster: false, fields: [
      { field: 'invokeMicros.p99', label: 'p99', scale: 1e-3 },
      { field: 'invokeMicros.p50', label: 'p50', scale: 1e-3, dash: DASH },
    ],
  },
];

const el = (id) => document.getElementById(id);
const view = {
  state: el('state'),
  socketId: el('socket-id'),
  nodeId: el('node-id'),
  notices: el('notices'),
  clusterUp: el('cluster-up'),
  adviceAction: el('advice-action'),
  adviceCounts: el('advice-counts'),
  adviceNodes: el('advice-nodes'),
  adviceDesired: el('advice-desired'),
  adviceReason: el('advice-reason'),
  members: el('members').tBodies[0],
  noMembers: el('no-members'),
  threadCpu: el('thread-cpu'),
  busiestThreads: el('busiest-threads').tBodies[0],
  channels: el('channels').tBodies[0],
  noChannels: el('no-channels'),
  recorded: el('recorded'),
  download: el('download-csv'),
};
const CLUSTER_FIGURES = [
  ['cluster-connections', 'connections'],
  ['cluster-in', 'messagesInPerSec'],
  ['cluster-out', 'messagesOutPerSec'],
  ['cluster-deliveries', 'deliveriesPerSec'],
  ['cluster-publishes', 'publishesPerSec'],
  ['cluster-cpu', 'processCpuPercent'],
].map(([id, field]) => ({ element: el(id), field }));

const model = new MonitorModel();
const notices = new Map(); // topic → text shown at the top of the page
const charts = new Map();  // chart id → {plot, key}: key names the series it was built for
const now = () => performance.now(); // the model's page time: monotonic, unrelated to the servers' clocks
let refilling = false;
let refillAgain = false;
let lastRefillAt = -Infinity;
let renderPending = false;

// ---- formatting

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** A figure for a table or the stats: one decimal below 100, none above; '–' when absent. */
function figure(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return (Math.abs(value) < 100 ? decimal : integer).format(value);
}

function clock(epochMs) {
  return Number.isFinite(epochMs) ? new Date(epochMs).toTimeString().slice(0, 8) : '–';
}

function age(ms) {
  if (ms === null) return '–';
  return ms < 60_000 ? `${decimal.format(ms / 1000)} s ago` : `${integer.format(ms / 60_000)} min ago`;
}

// ---- notices

function notice(topic, text) {
  if (text) notices.set(topic, text);
  else notices.delete(topic);
  view.notices.replaceChildren(...[...notices.values()].map((line) => {
    const item = document.createElement('p');
    item.className = 'notice';
    item.textContent = line;
    return item;
  }));
}

const ACCESS_RULE = 'The monitoring channel and documents are served to this machine, or to users in the ops role '
  + '(socketgrid.opsRole), only.';

// ---- data in: the channel and the documents

const socket = SocketGrid.connect();

socket.subscribe(METRICS_CHANNEL, (update) => {
  if (model.applyUpdate(update, now())) scheduleRender();
});

socket.on('error', (error) => {
  if (error.channel === METRICS_CHANNEL && error.name !== 'TimeoutError') {
    notice('subscribe', `This page may not subscribe to ${METRICS_CHANNEL}: ${error.name}: ${error.message}. `
      + `${ACCESS_RULE} It shows no live updates.`);
  } else {
    notice('socket', `${error.name}: ${error.message}`);
  }
});

socket.on('state', showConnection);
socket.on('connect', () => {
  notice('socket', null);
  refill(); // the first connect and every reconnect: fetch what the channel did not bring meanwhile
});

/** Reads the metrics document from the last sample held on, and the node URLs; one read at a time. */
function refill() {
  if (refilling) {
    refillAgain = true;
    return;
  }
  refilling = true;
  lastRefillAt = now();
  readDocuments().finally(() => {
    refilling = false;
    if (refillAgain) {
      refillAgain = false;
      refill();
    }
  });
}

async function readDocuments() {
  const since = model.refillSince();
  try {
    const doc = await getJson(`socketgrid/metrics${since === undefined ? '' : `?since=${since}`}`);
    model.applyDocument(doc, now());
    notice('metrics', null);
  } catch (error) {
    const reason = error.status === 404 ? 'metrics are switched off (socketgrid.metrics=false)' : error.message;
    notice('metrics', `Could not read socketgrid/metrics: ${reason}`);
    return;
  } finally {
    scheduleRender();
  }
  try {
    const cluster = await getJson('socketgrid/cluster');
    model.setUrls(new Map((cluster.nodes ?? []).map((node) => [node.nodeId, node.url])));
    notice('cluster', null);
  } catch (error) {
    notice('cluster', `Could not read the instances' URLs from socketgrid/cluster: ${error.message}`);
  } finally {
    scheduleRender();
  }
}

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store', headers: { Accept: 'application/json' } });
  if (!response.ok) {
    const error = new Error(response.status === 403 ? `HTTP 403 (refused). ${ACCESS_RULE}`
      : `HTTP ${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

// ---- rendering

function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => {
    renderPending = false;
    render();
  });
}

function render() {
  const at = now();
  const nodes = model.nodes(at);
  showCluster(nodes, at);
  showAdvice(model.advice);
  showMembers(nodes);
  showThreadCpu(model.threadCpu());
  showChannels(model.clusterChannels());
  showRecorded(nodes);
  for (const spec of CHARTS) drawChart(spec, nodes.map(({ node }) => node));
}

function showConnection() {
  view.state.textContent = socket.state;
  view.state.dataset.state = socket.state;
  view.socketId.textContent = socket.id ?? '–';
  // socket ids are <node id>.<random>: the node part names the instance this page is connected to
  view.nodeId.textContent = socket.id ? socket.id.split('.')[0] : '–';
}

function showCluster(nodes, at) {
  const up = nodes.filter(({ status }) => status === 'up').length;
  view.clusterUp.textContent = nodes.length ? `${up} of ${nodes.length}` : '–';
  for (const { element, field } of CLUSTER_FIGURES) {
    element.textContent = nodes.length ? figure(model.clusterNow(field, at)) : '–';
  }
}

function showAdvice(advice) {
  if (!advice) return;
  view.adviceAction.textContent = advice.action ?? '–';
  view.adviceAction.dataset.action = advice.action ?? '';
  view.adviceCounts.hidden = false;
  view.adviceNodes.textContent = figure(advice.nodes);
  view.adviceDesired.textContent = figure(advice.desiredNodes);
  view.adviceReason.textContent = `${advice.reason ?? ''} (as of ${clock(advice.at)})`;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function showMembers(nodes) {
  view.noMembers.hidden = nodes.length > 0;
  view.members.replaceChildren(...nodes.map(({ node, status, ageMs, url, latest }, index) => {
    const row = document.createElement('tr');
    row.dataset.node = node;
    row.dataset.status = status;
    const name = cell(node, 'node');
    name.style.borderLeftColor = NODE_COLOURS[index % NODE_COLOURS.length];
    const link = cell('');
    if (url) {
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.textContent = url;
      link.append(anchor);
    } else {
      link.textContent = '–';
    }
    const read = (field) => figure(valueAt(latest, field));
    const ms = (field) => figure((valueAt(latest, field) ?? NaN) / 1000);
    row.append(name, cell(status, 'health'), cell(age(ageMs)), link,
      ...['connections', 'messagesInPerSec', 'messagesOutPerSec', 'deliveriesPerSec', 'processCpuPercent']
        .map((field) => cell(read(field), 'num')),
      cell(`${ms('invokeMicros.p50')} / ${ms('invokeMicros.p99')}`, 'num'));
    return row;
  }));
}

function showThreadCpu({ groups, rows }) {
  const head = document.createElement('tr');
  for (const title of ['Instance', 'Process', ...groups]) {
    const th = document.createElement('th');
    th.textContent = title;
    head.append(th);
  }
  view.threadCpu.tHead.replaceChildren(head);
  view.threadCpu.tBodies[0].replaceChildren(...rows.map(({ node, total, byGroup }) => {
    const row = document.createElement('tr');
    row.dataset.node = node;
    row.append(cell(node, 'node'), cell(figure(total), 'num'),
      ...groups.map((group) => cell(figure(byGroup[group]), 'num')));
    return row;
  }));
  view.busiestThreads.replaceChildren(...rows.flatMap(({ node, threads }) => threads.map(({ name, pool, cpuPercent }) => {
    const row = document.createElement('tr');
    row.append(cell(node, 'node'), cell(name ?? '–'), cell(pool ?? '–'), cell(figure(cpuPercent), 'num'));
    return row;
  })));
}

function showChannels(channels) {
  view.noChannels.hidden = channels.length > 0;
  view.channels.replaceChildren(...channels.slice(0, CHANNEL_ROWS).map(([channel, count]) => {
    const row = document.createElement('tr');
    row.append(cell(channel), cell(figure(count), 'num'));
    return row;
  }));
}

function showRecorded(nodes) {
  const count = model.sampleCount;
  view.download.disabled = count === 0;
  if (count === 0) {
    view.recorded.textContent = 'Nothing recorded yet.';
    return;
  }
  const first = Math.min(...nodes.map(({ samples }) => samples[0]?.at ?? Infinity));
  const last = Math.max(...nodes.map(({ lastSampleAt }) => lastSampleAt ?? -Infinity));
  view.recorded.textContent = `${integer.format(count)} samples of ${nodes.length} `
    + `instance${nodes.length === 1 ? '' : 's'}, ${clock(first)} to ${clock(last)}.`;
}

// ---- charts

/** uPlot's series and data for `spec` over the model's window: [{label, stroke, width, dash}], [x, …ys]. */
function chartSeries(spec, nodeIds) {
  const series = [{}];
  const data = [];
  for (const { field, label, dash, scale = 1 } of spec.fields) {
    const { seconds, nodes, cluster } = model.series(field);
    data[0] = seconds;
    const scaled = (values) => values.map((value) => (value === null ? null : value * scale));
    const suffix = label ? ` ${label}` : '';
    if (spec.cluster !== false) {
      series.push({ label: `cluster${suffix}`, stroke: CLUSTER_COLOUR, width: 2, dash });
      data.push(scaled(cluster));
    }
    nodes.forEach(({ node, values }) => {
      const colour = NODE_COLOURS[nodeIds.indexOf(node) % NODE_COLOURS.length];
      series.push({ label: `${node}${suffix}`, stroke: colour, width: 1, dash, spanGaps: true });
      data.push(scaled(values));
    });
  }
  return { series, data };
}

function drawChart(spec, nodeIds) {
  const target = el(spec.id);
  const { series, data } = chartSeries(spec, nodeIds);
  const key = series.map(({ label }) => label).join('\n');
  const existing = charts.get(spec.id);
  if (existing?.key === key) {
    existing.plot.setData(data);
    return;
  }
  existing?.plot.destroy(); // the instances changed: rebuild with their series
  const plot = new uPlot({
    width: chartWidth(target),
    height: CHART_HEIGHT,
    series: series.map((item) => ({ ...item, value: (u, value) => figure(value) })),
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [{}, { size: 60 }],
  }, data, target);
  charts.set(spec.id, { plot, key });
}

function chartWidth(target) {
  return Math.max(240, target.clientWidth);
}

window.addEventListener('resize', () => {
  for (const [id, { plot }] of charts) plot.setSize({ width: chartWidth(el(id)), height: CHART_HEIGHT });
});

// ---- CSV

view.download.addEventListener('click', () => {
  const blob = new Blob([model.csv()], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = `socketgrid-metrics-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000); // the download reads the Blob after click() returns
});

// ---- ticking: ages and health move on without updates; a silent instance makes the page ask the cluster

setInterval(() => {
  const at = now();
  const silent = model.nodes(at).some(({ status }) => status === 'silent');
  if (silent && socket.state === 'connected' && at - lastRefillAt >= SILENT_REFILL_MS) refill();
  scheduleRender();
}, 1000);

showConnection();
refill(); // at once, while the socket connects
