/** Medians and percentiles of runs, number formatting, and child processes that answer one line of JSON. */
import { spawn } from 'node:child_process';

/** The nearest-rank percentile (p in 0..100) of the values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** The median; for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** "1.23 s" above a second, "812 ms" or "3.4 ms" below. */
export function ms(value: number): string {
  if (value >= 1_000) return `${round(value / 1_000, 2)} s`;
  return value >= 100 ? `${Math.round(value)} ms` : `${round(value, value < 10 ? 2 : 1)} ms`;
}

export const kib = (bytes: number) => `${round(bytes / 1024, 1)} KiB`;
export const mib = (kibibytes: number) => `${round(kibibytes / 1024, 0)} MiB`;
export const count = (n: number) => n.toLocaleString('en-US');

export interface ChildOptions {
  /** Killed (and rejected) after this long. */
  timeoutMs: number;
  env?: Record<string, string>;
}

/**
 * Runs `node --import tsx <script> ...args` and resolves with the JSON object on its last stdout line.
 * A fresh process per run, so each measures a cold heap and its own peak memory.
 */
export function runChild<T>(script: string, args: readonly string[], options: ChildOptions): Promise<T> {
  return runNode(['--import', 'tsx', script, ...args], options);
}

/** `node ...argv`, answering JSON on its last stdout line. */
export function runNode<T>(argv: readonly string[], options: ChildOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(
          new Error(`node ${argv.join(' ')} ended ${signal ?? `with ${code}`}: ${err.trim() || out.trim()}`),
        );
        return;
      }
      resolve(JSON.parse(last) as T);
    });
  });
}
