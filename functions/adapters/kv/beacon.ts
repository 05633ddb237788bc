/** Parsing a beacon read from another plane's store: checked for shape, never trusted blindly. */
import { type Beacon, PLANES } from '../../core/types';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The beacon in `text`, or an Error saying what is wrong with it. */
export function parseBeacon(text: string, expected?: string): Beacon | Error {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return new Error(`beacon is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(value)) return new Error('beacon is not an object');
  if (!PLANES.includes(value.plane as never))
    return new Error(`beacon plane ${String(value.plane)} is unknown`);
  if (expected && value.plane !== expected)
    return new Error(`beacon is from ${String(value.plane)}, not ${expected}`);
  if (typeof value.at !== 'number' || !Number.isFinite(value.at)) return new Error('beacon has no time (at)');
  if (!isObject(value.records)) return new Error('beacon has no records');
  if (!isObject(value.view) || !isObject(value.view.checks)) return new Error('beacon has no vantage view');
  return value as unknown as Beacon;
}
