// Failover under load through the balancer of scripts/cluster.sh:
//   node failover.mjs <balancer port> <cluster.sh path> <browser client module path> [kill|drain]
// A subscriber (SocketGrid's own browser client, with ws as its WebSocket) connects through the balancer;
// a publisher on another instance publishes a counter every 5 ms; the subscriber's instance is killed
// with kill -9 (kill, the default) or drained and stopped (drain: `cluster.sh drain`, its sockets closed
// with 4000). The subscriber must reconnect through the balancer, recover, and end with every message
// exactly once, in order; the cluster view must drop the instance, and list it again after restart.
// A drain must also cost no publish, and an official socketcluster-client on the drained instance must
// schedule its reconnect with no delay (what close code 4000 is chosen for).
// Prints one JSON line with the counts; exits 0 only when all of that held.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { create } from 'socketcluster-client';
import { connected, within as withinDefault } from './steps.mjs';

const [lbPort, clusterScript, clientModule, fault = 'kill'] = process.argv.slice(2);
assert.ok(['kill', 'drain'].includes(fault), `kill or drain, not ${fault}`);
const STEP_MS = 20_000; // the failover steps (reconnect, recovery, a restart) take longer than one call
globalThis.WebSocket = WebSocket;
const { SocketGrid } = await import(pathToFileURL(clientModule).href);

const within = (promise, what) => withinDefault(promise, what, STEP_MS);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const once = (socket, event) => new Promise((resolve) => {
  const handler = (payload) => { socket.off(event, handler); resolve(payload); };
  socket.on(event, handler);
});
async function clusterView() {
  return (await fetch(`http://127.0.0.1:${lbPort}/socketgrid/cluster`)).json();
}
async function until(what, probe) {
  const deadline = Date.now() + STEP_MS;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(100);
  }
}

/**
 * An official client connected straight to `url` (so it is on the instance to drain), with its default
 * reconnect options. `closed` resolves, once the drain closes it, to the close code and the delay the client
 * chose for its reconnect; the client is then closed.
 */
async function officialClientOn(url) {
  const { hostname, port } = new URL(url);
  const socket = create({ hostname, port: Number(port), path: '/socketcluster/' });
  await within(connected(socket), 'official client connect');
  const closed = within((async () => {
    const { code } = await socket.listener('disconnect').once();
    const reconnectDelay = socket.pendingReconnect ? socket.pendingReconnectTimeout : null;
    socket.disconnect();
    return { code, reconnectDelay };
  })(), 'the official client disconnected by the drain', STEP_MS * 2);
  closed.catch(() => {}); // awaited with the counts; this only keeps an early failure from being unhandled
  return { closed };
}

const subscriber = SocketGrid.connect(`ws://127.0.0.1:${lbPort}/socketcluster/`, { initialDelay: 100, maxDelay: 1000 });
let publisher;
try {
  await within(once(subscriber, 'connect'), 'subscriber connect');
  const victim = subscriber.id.split('.')[0];
  const view = await until('two nodes in the view', async () => {
    const v = await clusterView();
    return v.nodes.length === 2 ? v : null;
  });
  const victimNode = view.nodes.find((n) => n.nodeId === victim);
  const survivor = view.nodes.find((n) => n.nodeId !== victim);
  const received = [];
  subscriber.subscribe('failover', (n) => received.push(n));
  await until('the subscription in the cluster view', async () =>
    (await (await fetch(`http://127.0.0.1:${lbPort}/socketgrid/cluster?channel=failover`)).json())
      .presence.includes(subscriber.id));
  publisher = SocketGrid.connect(`ws://127.0.0.1:${new URL(survivor.url).port}/socketcluster/`);
  await within(once(publisher, 'connect'), 'publisher connect');

  let published = 0;
  let publishFailures = 0;
  const timer = setInterval(() => {
    publisher.publish('failover', published++).catch(() => { publishFailures++; });
  }, 5);
  const official = fault === 'drain' ? await officialClientOn(victimNode.url) : null;
  await sleep(1000);
  // two instances: the one with the higher HTTP port is instance 2
  const instance = Number(new URL(victimNode.url).port) > Number(new URL(survivor.url).port) ? 2 : 1;
  const recovery = within(once(subscriber, 'recovery'), `recovery after the ${fault}`);
  console.log(execFileSync(clusterScript, [fault, String(instance)], { encoding: 'utf8' }).trim());
  const faultAfter = published;
  const recovered = await recovery;
  await sleep(1000);
  clearInterval(timer);
  // every publish the cluster accepted is delivered, or the wait runs out: either way the counts tell
  await until('the last publish delivered', async () => received.length >= published - publishFailures)
    .catch((timeout) => console.error(timeout.message));

  const seen = new Set(received);
  const missing = [];
  for (let i = 0; i < published; i++) if (!seen.has(i)) missing.push(i);
  const result = {
    published, publishFailures, faultAfter, received: received.length,
    duplicates: received.length - seen.size, missing: missing.length,
    inOrder: received.every((v, i) => i === 0 || v > received[i - 1]),
    recovered: recovered.recovered, movedTo: subscriber.id.split('.')[0], from: victim,
    ...(official ? { officialClient: await official.closed } : {}),
  };
  console.log(JSON.stringify(result));
  assert.equal(result.recovered, true);
  assert.equal(result.duplicates, 0);
  assert.equal(result.missing, publishFailures, 'only publishes the cluster refused may be missing');
  assert.ok(result.inOrder);
  assert.notEqual(result.movedTo, victim);
  if (fault === 'drain') {
    assert.equal(result.publishFailures, 0, 'a drain costs no publish');
    assert.deepEqual(result.officialClient, { code: 4000, reconnectDelay: 0 });
  }

  await until(`the ${fault}ed instance leaves the view`, async () => (await clusterView()).nodes.length === 1);
  console.log(`ok the cluster view dropped the ${fault}ed instance`);
  execFileSync(clusterScript, ['start', String(instance)], { encoding: 'utf8' });
  await until('the restarted instance rejoins', async () => (await clusterView()).nodes.length === 2);
  console.log('ok the restarted instance rejoined the cluster');
  process.exitCode = 0;
} catch (err) {
  console.error(`FAILED: ${err.stack ?? err}${err.stdout ? `\n--- its output ---\n${err.stdout}${err.stderr ?? ''}` : ''}`);
  process.exitCode = 1;
} finally {
  subscriber.close();
  publisher?.close();
  setTimeout(() => process.exit(process.exitCode), 100);
}
