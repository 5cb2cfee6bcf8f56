// The channels page: UI only. The socket, re-subscription and recovery live in socketgrid-client.js.
import { SocketGrid } from './socketgrid-client.js';

const LOG_LENGTH = 50;

const el = (id) => document.getElementById(id);
const view = {
  state: el('state'),
  socketId: el('socket-id'),
  nodeId: el('node-id'),
  channel: el('channel'),
  message: el('message'),
  publish: el('publish'),
  subscriptions: el('subscriptions'),
  receivedCount: el('received-count'),
  messages: el('messages'),
};

const socket = SocketGrid.connect();
const subscriptions = new Map(); // channel → subscription
let received = 0;

function log(text, kind = 'message') {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text;
  view.messages.prepend(item);
  while (view.messages.children.length > LOG_LENGTH) view.messages.lastElementChild.remove();
}

function showConnection() {
  view.state.textContent = socket.state;
  view.state.dataset.state = socket.state;
  view.socketId.textContent = socket.id ?? '–';
  // socket ids are <node id>.<random>: the node part names the instance this page is connected to
  view.nodeId.textContent = socket.id ? socket.id.split('.')[0] : '–';
  view.publish.disabled = socket.state !== 'connected';
}

function showSubscriptions() {
  view.subscriptions.textContent = subscriptions.size ? [...subscriptions.keys()].join(', ') : 'none';
}

el('subscribe-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const channel = view.channel.value.trim();
  if (!channel || subscriptions.has(channel)) return;
  subscriptions.set(channel, socket.subscribe(channel, (data, name) => {
    received += 1;
    view.receivedCount.textContent = String(received);
    log(`${name}: ${typeof data === 'string' ? data : JSON.stringify(data)}`);
  }));
  showSubscriptions();
});

el('publish-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const channel = view.channel.value.trim();
  const text = view.message.value;
  if (!channel || !text) return;
  socket.publish(channel, text).then(
    () => { view.message.value = ''; },
    (error) => log(`publish failed: ${error.name}: ${error.message}`, 'event'));
});

socket.on('state', showConnection);
socket.on('connect', () => log(`connected to node ${socket.id.split('.')[0]}`, 'event'));
socket.on('disconnect', ({ code }) => log(`disconnected (${code})`, 'event'));
socket.on('recovery', ({ channel, recovered }) => log(recovered
  ? `${channel}: recovered every missed message`
  : `${channel}: could not recover missed messages (history exceeded)`, 'event'));
socket.on('error', (error) => log(`${error.name}: ${error.message}`, 'event'));
showConnection();
