// The ping-pong page: UI only. The socket and the protocol live in socketgrid-client.js.
import { SocketGrid } from './socketgrid-client.js';

const LOG_LENGTH = 12;

const el = (id) => document.getElementById(id);
const view = {
  state: el('state'),
  socketId: el('socket-id'),
  count: el('pong-count'),
  rttLast: el('rtt-last'),
  rttAvg: el('rtt-avg'),
  rttMin: el('rtt-min'),
  rttMax: el('rtt-max'),
  rttCount: el('rtt-count'),
  rate: el('pong-rate'),
  sendPing: el('send-ping'),
  streamToggle: el('stream-toggle'),
  log: el('pong-log'),
};

const socket = SocketGrid.connect();
const inFlight = [];   // send times of the pings still awaiting their pong, oldest first
const rtt = { last: NaN, sum: 0, count: 0, min: Infinity, max: -Infinity };
const rate = { since: performance.now(), pongs: 0, perSecond: NaN };
const log = [];        // newest first
let pongCount = null;
let streaming = false;
let renderPending = false;

function sendPing() {
  inFlight.push(performance.now());
  socket.transmit('ping');
}

function clock(date = new Date()) {
  return `${date.toTimeString().slice(0, 8)}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

function addLog(text, kind = 'pong') {
  log.unshift({ text: `${clock()}  ${text}`, kind });
  log.length = Math.min(log.length, LOG_LENGTH);
}

socket.on('pong', (count) => {
  const sentAt = inFlight.shift();
  if (sentAt !== undefined) {
    const ms = performance.now() - sentAt;
    rtt.last = ms;
    rtt.sum += ms;
    rtt.count += 1;
    rtt.min = Math.min(rtt.min, ms);
    rtt.max = Math.max(rtt.max, ms);
  }
  rate.pongs += 1;
  pongCount = count;
  addLog(`pong ${count}  (${format(rtt.last)} ms)`);
  if (streaming && inFlight.length === 0) sendPing();
  scheduleRender();
});

socket.on('state', () => scheduleRender());

socket.on('connect', (status) => {
  addLog(`connected as ${status.id}`, 'event');
  if (streaming) sendPing();
  scheduleRender();
});

socket.on('disconnect', ({ code, reason }) => {
  inFlight.length = 0; // their pongs went down with the connection
  addLog(`disconnected: ${code} ${reason}`, 'event');
  scheduleRender();
});

socket.on('reconnecting', ({ attempt, delay }) => {
  addLog(`reconnecting: attempt ${attempt} in ${delay} ms`, 'event');
  scheduleRender();
});

socket.on('error', (error) => {
  addLog(`${error.name}: ${error.message}`, 'event');
  scheduleRender();
});

// clicks render at once (pongs render once per frame), so a button always shows what it will do next
view.sendPing.addEventListener('click', () => {
  sendPing();
  render();
});

view.streamToggle.addEventListener('click', () => {
  streaming = !streaming;
  if (streaming && socket.state === 'connected' && inFlight.length === 0) sendPing();
  render();
});

function format(ms) {
  return Number.isFinite(ms) ? ms.toFixed(2) : '–';
}

function scheduleRender() {
  if (!renderPending) {
    renderPending = true;
    requestAnimationFrame(render);
  }
}

function render() {
  renderPending = false;
  const connected = socket.state === 'connected';
  view.state.textContent = socket.state;
  view.state.dataset.state = socket.state;
  view.socketId.textContent = socket.id ?? '–';
  view.count.textContent = pongCount ?? '–';
  view.rttLast.textContent = format(rtt.last);
  view.rttAvg.textContent = format(rtt.count ? rtt.sum / rtt.count : NaN);
  view.rttMin.textContent = format(rtt.min);
  view.rttMax.textContent = format(rtt.max);
  view.rttCount.textContent = rtt.count;
  const now = performance.now();
  if (now - rate.since >= 1000) {
    rate.perSecond = (rate.pongs * 1000) / (now - rate.since);
    rate.since = now;
    rate.pongs = 0;
  }
  view.rate.textContent = streaming && Number.isFinite(rate.perSecond) ? Math.round(rate.perSecond) : '–';
  view.sendPing.disabled = !connected;
  view.streamToggle.textContent = streaming ? 'Stop stream' : 'Start stream';
  view.streamToggle.setAttribute('aria-pressed', String(streaming));
  view.log.replaceChildren(...log.map(({ text, kind }) => {
    const item = document.createElement('li');
    item.className = kind;
    item.textContent = text;
    return item;
  }));
}

render();
