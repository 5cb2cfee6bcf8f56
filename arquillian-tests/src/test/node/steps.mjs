// Helpers of the Node test scripts: every wait is bounded and fails with what it waited for.

export const STEP_TIMEOUT_MS = 10_000;

/** Settles like `promise`, or rejects with `timed out: <what>` after `ms`. */
export function within(promise, what, ms = STEP_TIMEOUT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** An official-client socket's connection: resolves at once when it is open already. */
export function connected(socket) {
  return socket.state === socket.OPEN ? Promise.resolve() : socket.listener('connect').once();
}
