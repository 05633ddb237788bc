/** Parsing a beacon read from another plane's store: checked for shape, never trusted blindly. */
import { StoreError } from '../../core/errors';
import { type Beacon, PLANES } from '../../core/types';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A peer's beacon that is not one: not retried, as the same bytes will be read again. */
const malformed = (message: string, cause?: unknown) =>
  new StoreError(message, { retryable: false, ...(cause ? { cause } : {}) });

/** The beacon in `text`, or a StoreError saying what is wrong with it. */
export function parseBeacon(text: string, expected?: string): Beacon | StoreError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return malformed(`beacon is not JSON: ${(error as Error).message}`, error);
  }
  if (!isObject(value)) return malformed('beacon is not an object');
  if (!PLANES.includes(value.plane as never))
    return malformed(`beacon plane ${String(value.plane)} is unknown`);
  if (expected && value.plane !== expected)
    return malformed(`beacon is from ${String(value.plane)}, not ${expected}`);
  if (typeof value.at !== 'number' || !Number.isFinite(value.at)) return malformed('beacon has no time (at)');
  if (!isObject(value.records)) return malformed('beacon has no records');
  if (!isObject(value.view) || !isObject(value.view.checks)) return malformed('beacon has no vantage view');
  return value as unknown as Beacon;
}
