// The official socketcluster-client against SocketGrid: node interop.mjs <http base URL of the deployment>
// Prints one line per passed step and exits 0; any failure or a step taking over 10 s exits 1.
import assert from 'node:assert/strict';
import { create } from 'socketcluster-client';
import { connected, within } from './steps.mjs';

const base = new URL(process.argv[2] ?? 'http://127.0.0.1:8080/');

function connect() {
  return create({
    hostname: base.hostname,
    port: Number(base.port),
    path: `${base.pathname}socketcluster/`,
    autoReconnectOptions: { initialDelay: 200, randomness: 100, maxDelay: 1000 },
  });
}

async function main() {
  const socket = connect();
  let subscriber;
  try {
    await within(connected(socket), 'connect');
    assert.ok(socket.id, 'socket id from the handshake');
    console.log(`ok connect id=${socket.id}`);

    const count = await within(socket.invoke('ping', { param: 'pong' }), "invoke('ping')");
    assert.equal(typeof count, 'number');
    console.log(`ok invoke ping -> ${count}`);

    const pong = within(socket.receiver('pong').once(), 'pong after transmit');
    socket.transmit('ping', { param: 'pong' });
    const pongCount = await pong;
    assert.ok(pongCount > count, `pong count ${pongCount} follows invoke count ${count}`);
    console.log(`ok transmit ping -> pong ${pongCount}`);

    await assert.rejects(within(socket.invoke('no-such-procedure', 1), 'unknown invoke'),
      (err) => err.name === 'NoProcedureError');
    console.log('ok invoke of an unhandled event rejects with NoProcedureError');

    subscriber = connect();
    await within(connected(subscriber), 'subscriber connect');
    const channel = subscriber.subscribe('interop');
    await within(channel.listener('subscribe').once(), 'subscribe');
    const delivered = within(channel.once(), 'publish delivery');
    await within(socket.invokePublish('interop', { from: socket.id }), 'invokePublish');
    assert.deepEqual(await delivered, { from: socket.id });
    console.log('ok subscribe + publish round trip');

    // the server closes the subscriber's socket; the client reconnects and re-subscribes by itself
    const oldId = subscriber.id;
    const disconnected = within(subscriber.listener('disconnect').once(), 'disconnect');
    const reconnected = within(subscriber.listener('connect').once(), 'reconnect');
    const resubscribed = within(channel.listener('subscribe').once(), 're-subscribe');
    subscriber.transmit('closeMe', 4100);
    const { code } = await disconnected;
    assert.equal(code, 4100);
    await reconnected;
    await resubscribed;
    assert.notEqual(subscriber.id, oldId, 'a new socket id after reconnect');
    const again = within(channel.once(), 'delivery after reconnect');
    socket.transmitPublish('interop', 'after reconnect');
    assert.equal(await again, 'after reconnect');
    console.log(`ok reconnect after server close (code ${code}) and re-subscribe`);
  } finally {
    socket.disconnect();
    subscriber?.disconnect();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(`FAILED: ${err.stack ?? err}`);
  process.exit(1);
});
