// The peers' answer to the thesis's file variant (ping.file), as SocketGrid's PingPongApplication gives it:
// node --test scripts/bench/peers/serve.test.mjs (scripts/test.sh runs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileReply, pings } from './serve.mjs';

test('ping.file answers foo.txt of the asked size in base64 and counts the ping', () => {
  const before = pings.count;
  const reply = fileReply({ param: 'pong', size: 81 });
  assert.equal(reply.name, 'foo.txt');
  assert.equal(reply.size, 81);
  const bytes = Buffer.from(reply.data, 'base64');
  assert.equal(bytes.length, 81);
  assert.equal(bytes.toString('latin1', 0, 29), 'abcdefghijklmnopqrstuvwxyzabc');
  assert.equal(reply.count, before + 1);
  assert.equal(fileReply({ size: 0 }).data, '');
});

test('the 500 KB variant has the length of its base64', () => {
  assert.equal(fileReply({ size: 512_000 }).data.length, 4 * Math.ceil(512_000 / 3));
});

test('a size that is not a whole number from 0 to 512 KiB is refused', () => {
  for (const data of [{ size: -1 }, { size: 512 * 1024 + 1 }, { size: 1.5 }, { size: '81' }, {}, null, 'x']) {
    assert.throws(() => fileReply(data), /ping\.file wants/, JSON.stringify(data));
  }
});
