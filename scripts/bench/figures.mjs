// What the load clients share to turn samples into the figures they print, and to print them.

import { writeFileSync } from 'node:fs';

/** The p-quantile (0..1) of ascending `sorted` by the nearest-rank method; NaN when empty. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** `value` rounded to `digits` decimals; null when it is not a finite number (JSON has no NaN). */
export function round(value, digits = 3) {
  if (!Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** p50, p90, p99, max and mean of ascending `sorted` (ms, 3 decimals) and how many samples there were. */
export function distribution(sorted) {
  return {
    p50: round(percentile(sorted, 0.5)),
    p90: round(percentile(sorted, 0.9)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : NaN),
    mean: round(sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN),
    samples: sorted.length,
  };
}

/**
 * Prints `report` as one JSON line on stdout (and `failure`, if any, on stderr as `<program>: FAILED: …`),
 * then exits with `status` once the output is flushed.
 */
export function printAndExit(program, report, failure, status) {
  process.stdout.write(JSON.stringify(report) + '\n');
  if (failure) process.stderr.write(`${program}: FAILED: ${failure}\n`);
  process.exitCode = status;
  setImmediate(() => process.exit(status));
}

/**
 * Writes round trips to `file`, one `sent,ms` line each: `sentAt[i] + toWallClock` (the send time as wall-clock ms
 * since the epoch, to line it up with server logs) and `ms[i]`, both with 3 decimals, in the arrays' order.
 */
export function writeRoundTrips(file, sentAt, ms, toWallClock) {
  writeFileSync(file, sentAt.map((t, i) => `${(t + toWallClock).toFixed(3)},${ms[i].toFixed(3)}\n`).join(''));
}

/**
 * Samples kept in a growable Float64Array (ms, or whatever unit the caller uses): add() is cheap on the hot
 * path; beyond `max` samples they are no longer kept (count still says how many were added).
 */
export class Samples {
  constructor(initial = 1 << 20, max = Infinity) {
    this.values = new Float64Array(initial);
    this.length = 0;
    this.count = 0;
    this.max = max;
  }

  add(value) {
    this.count++;
    if (this.length >= this.max) return;
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }

  /** The kept samples in ascending order (sorts them in place). */
  sorted() {
    return this.values.subarray(0, this.length).sort();
  }
}
