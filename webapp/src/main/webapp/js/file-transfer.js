// The file-transfer page: UI only. The protocol (chunks, credit, checksums, resume) lives in
// socketgrid-files.js. File names and everything else the server or other browsers send are shown with
// textContent only: they are hostile input.
//
// Selenium hooks: li.transfer[data-id][data-state] per transfer (data-state: hashing, offering, sending,
// receiving, verified, failed, rejected, cancelled), with .name, .percent ("42 %"), .sha256, a.download,
// button.accept / button.reject (incoming offers), button.cancel; li.stored-file in #stored, each with
// a.download, .sha256 and button.fetch (the server pushes the file to this page: invoke 'files.fetch').
import { SocketGrid } from './socketgrid-client.js';
import { files } from './socketgrid-files.js';

const FINAL_STATES = new Set(['verified', 'failed', 'rejected', 'cancelled']);
const STATE_OF_ERROR = { FileRejectedError: 'rejected', FileCancelledError: 'cancelled' };

const el = (id) => document.getElementById(id);
const view = {
  state: el('state'),
  socketId: el('socket-id'),
  fileInput: el('file-input'),
  peerId: el('peer-id'),
  dropZone: el('drop-zone'),
  transfers: el('transfers'),
  noTransfers: el('no-transfers'),
  stored: el('stored'),
  storedStatus: el('stored-status'),
};

const socket = SocketGrid.connect(undefined, { extensions: [files()] });

/** A new element with a class and text (never HTML). */
function make(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/** `url` as a link target when it is http(s) or a blob URL; null otherwise. */
function safeHref(url) {
  try {
    const resolved = new URL(url, location.href);
    return ['http:', 'https:', 'blob:'].includes(resolved.protocol) ? resolved.href : null;
  } catch {
    return null;
  }
}

function formatBytes(bytes) {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

function formatSeconds(seconds) {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const whole = Math.ceil(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** A download link for `href` (null: none), saved as `name`. */
function downloadLink(href, name, text = 'Download') {
  const link = make('a', 'download', text);
  if (href) link.href = href;
  link.download = name;
  return link;
}

/** One row of the transfers list: its state, progress and outcome. */
class TransferRow {
  constructor(name, size, direction) {
    this.size = size;
    this.item = make('li', 'transfer');
    this.status = make('span', 'status');
    this.buttons = make('span', 'buttons');
    this.bar = make('progress');
    this.bar.max = 1;
    this.bar.value = 0;
    this.percent = make('span', 'percent num', '0 %');
    this.rate = make('span', 'rate num', '–');
    this.eta = make('span', 'eta num', '–');
    this.outcome = make('div', 'outcome');
    const head = make('div', 'line');
    head.append(make('span', 'name', name), make('span', 'direction', direction),
      make('span', 'size num', formatBytes(size)));
    const meter = make('div', 'line meter');
    meter.append(this.bar, this.percent, this.rate, make('span', 'eta-label', 'ETA'), this.eta);
    const foot = make('div', 'line');
    foot.append(this.status, this.buttons);
    this.item.append(head, meter, foot, this.outcome);
    view.transfers.prepend(this.item);
    view.noTransfers.hidden = true;
  }

  get final() {
    return FINAL_STATES.has(this.item.dataset.state);
  }

  setId(id) {
    if (id) this.item.dataset.id = id;
  }

  setState(state, text = state) {
    if (this.final) return;
    this.item.dataset.state = state;
    this.status.textContent = text;
  }

  button(className, label, onClick) {
    const button = make('button', className, label);
    button.type = 'button';
    button.addEventListener('click', onClick);
    this.buttons.append(button);
  }

  clearButtons() {
    this.buttons.replaceChildren();
  }

  showFraction(fraction) {
    this.bar.value = fraction;
    this.percent.textContent = `${Math.floor(fraction * 100)} %`;
  }

  /** Shows a progress report of socketgrid-files.js. */
  progress({ phase, id, hashed, acked, size, carrier, bytesPerSecond, etaSeconds }) {
    this.setId(id);
    if (phase === 'hashing') {
      this.setState(phase, `computing SHA-256: ${size ? Math.floor((100 * hashed) / size) : 100} %`);
      return;
    }
    const text = phase === 'offering' ? 'waiting for the receiver' : phase;
    this.setState(phase, phase === 'sending' && carrier === 'http' ? 'sending over HTTP' : text);
    this.showFraction(size ? acked / size : 0);
    this.rate.textContent = bytesPerSecond === null ? '–' : `${(bytesPerSecond / 1e6).toFixed(1)} MB/s`;
    this.eta.textContent = formatSeconds(etaSeconds);
  }

  /** The receiver verified `sha256`; `link` (optional) downloads the file. */
  verified(sha256, link) {
    if (this.final) return;
    this.clearButtons();
    this.showFraction(1);
    this.eta.textContent = '–';
    this.setState('verified', 'verified');
    const hash = make('div', 'hash');
    hash.append(make('span', 'label', 'SHA-256 '), make('code', 'sha256', sha256));
    this.outcome.replaceChildren(hash);
    if (link) this.outcome.append(link);
  }

  failed(error) {
    if (this.final) return;
    this.clearButtons();
    this.setState(STATE_OF_ERROR[error?.name] ?? 'failed', `${error?.name}: ${error?.message}`);
  }
}

function send(file) {
  const to = view.peerId.value.trim() || undefined;
  const row = new TransferRow(file.name, file.size, to ? `to ${to}` : 'to the server');
  const aborter = new AbortController();
  row.button('cancel', 'Cancel', () => aborter.abort('cancelled by the user'));
  row.setState('hashing');
  socket.sendFile(file, { to, signal: aborter.signal, onProgress: (progress) => row.progress(progress) })
    .then((verdict) => {
      row.setId(verdict.id);
      const href = verdict.url ? safeHref(verdict.url) : null;
      row.verified(verdict.sha256, href ? downloadLink(href, verdict.name ?? file.name) : null);
      if (!to) refreshStored();
    }, (error) => row.failed(error));
}

function sendAll(fileList) {
  for (const file of fileList) send(file);
}

function receive(incoming) {
  const from = incoming.from ? `from ${incoming.from}` : 'from the server';
  const row = new TransferRow(incoming.name, incoming.size, from);
  row.setId(incoming.id);
  row.setState('offering', 'offered: accept it?');
  incoming.signal.addEventListener('abort', () => row.failed(incoming.signal.reason));
  row.button('accept', 'Accept', () => accept(incoming, row));
  row.button('reject', 'Reject', () => incoming.reject('rejected by the user'));
}

function accept(incoming, row) {
  const aborter = new AbortController();
  row.clearButtons();
  row.button('cancel', 'Cancel', () => aborter.abort('cancelled by the user'));
  incoming.accept({ signal: aborter.signal, onProgress: (progress) => row.progress(progress) })
    .then((blob) => {
      const link = downloadLink(URL.createObjectURL(blob), incoming.name);
      row.verified(incoming.sha256.toLowerCase(), link);
    }, (error) => row.failed(error));
}

/** Asks the server to push stored file `name` to this page; it arrives as an incoming offer. */
function fetchOverSocket(name) {
  socket.invoke('files.fetch', { name }).catch((error) => {
    view.storedStatus.textContent = `Could not fetch ${name}: ${error.name}: ${error.message}`;
  });
}

function storedItem({ name, size, type, sha256, url, storedAt }) {
  const item = make('li', 'stored-file');
  const head = make('div', 'line');
  const stored = new Date(storedAt);
  const fetchButton = make('button', 'fetch', 'Fetch over the socket');
  fetchButton.type = 'button';
  fetchButton.addEventListener('click', () => fetchOverSocket(String(name)));
  head.append(downloadLink(safeHref(url), String(name), String(name)),
    make('span', 'size num', formatBytes(Number(size))), make('span', 'type', String(type ?? '')),
    make('span', 'stored-at', Number.isNaN(stored.getTime()) ? String(storedAt ?? '') : stored.toLocaleString()),
    fetchButton);
  const hash = make('div', 'hash');
  hash.append(make('span', 'label', 'SHA-256 '), make('code', 'sha256', String(sha256)));
  item.append(head, hash);
  return item;
}

/** Reloads "Stored on the server" from GET socketgrid/files. */
async function refreshStored() {
  try {
    const response = await fetch('socketgrid/files', { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const list = await response.json();
    if (!Array.isArray(list)) throw new Error('the answer is not a list');
    view.stored.replaceChildren(...list.map(storedItem));
    view.storedStatus.textContent = list.length ? `${list.length} file(s)` : 'No file is stored yet.';
  } catch (error) {
    view.storedStatus.textContent = `Could not load the list: ${error.message}`;
  }
}

function showConnection() {
  view.state.textContent = socket.state;
  view.state.dataset.state = socket.state;
  view.socketId.textContent = socket.id ?? '–';
}

view.fileInput.addEventListener('change', () => {
  sendAll(view.fileInput.files);
  view.fileInput.value = ''; // the same file can be chosen again
});

view.dropZone.addEventListener('dragover', (event) => {
  event.preventDefault();
  view.dropZone.classList.add('over');
});
view.dropZone.addEventListener('dragleave', () => view.dropZone.classList.remove('over'));
view.dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  view.dropZone.classList.remove('over');
  sendAll(event.dataTransfer.files);
});

socket.on('state', showConnection);
socket.on('file', receive);
socket.on('error', (error) => console.warn('SocketGrid:', error));
showConnection();
refreshStored();
