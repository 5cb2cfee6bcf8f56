// The official socketcluster-client across two SocketGrid instances:
//   node cluster-interop.mjs <http base URL of instance A> <http base URL of instance B>
// A client subscribed on A receives, in order, what a client on B publishes. Exits 0 on success, 1 on any
// failure or a step taking over 10 s.
import assert from 'node:assert/strict';
import { create } from 'socketcluster-client';
import { connected, within } from './steps.mjs';

const [urlA, urlB] = process.argv.slice(2).map((u) => new URL(u));

const connect = (url) => create({ hostname: url.hostname, port: Number(url.port), path: `${url.pathname}socketcluster/` });

const onA = connect(urlA);
const onB = connect(urlB);
try {
  await within(connected(onA), 'connect to A');
  await within(connected(onB), 'connect to B');
  assert.notEqual(onA.id.split('.')[0], onB.id.split('.')[0], 'the two sockets are on different nodes');
  const channel = onA.subscribe('official-cross');
  await within(channel.listener('subscribe').once(), 'subscribe on A');
  const received = [];
  const all = within((async () => {
    for await (const data of channel) {
      received.push(data);
      if (received.length === 20) return;
    }
  })(), '20 publishes from B');
  for (let i = 0; i < 20; i++) {
    await within(onB.invokePublish('official-cross', { n: i }), `publish ${i} on B`);
  }
  await all;
  assert.deepEqual(received.map((m) => m.n), [...Array(20).keys()]);
  console.log(`ok subscribed on A (${onA.id}), received 20 publishes from B (${onB.id}) in order`);
  process.exitCode = 0;
} catch (err) {
  console.error(`FAILED: ${err.stack ?? err}`);
  process.exitCode = 1;
} finally {
  onA.disconnect();
  onB.disconnect();
  setTimeout(() => process.exit(process.exitCode), 100);
}
