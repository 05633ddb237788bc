/**
 * Argument parsing for every command: node's strict parseArgs, with usage mistakes answered in a line
 * that names the nearest option, instead of a stack or the whole help.
 */
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { optionNames } from './help';

/** A usage mistake: the CLI prints the message and a pointer to the command's --help, and exits 2. */
export class UsageProblem extends Error {
  override name = 'UsageProblem';
  /** The command whose --help to point at. */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

/** Edit distance, for suggestions between short words. */
export function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The candidate closest to `word` (a prefix, or within a third of its length in edits), if any. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const prefixed = candidates.filter((c) => c.startsWith(word) && word.length > 2);
  if (prefixed.length === 1) return prefixed[0];
  let best: { name: string; d: number } | undefined;
  for (const name of candidates) {
    const d = distance(word, name);
    if (!best || d < best.d) best = { name, d };
  }
  return best && best.d <= Math.max(1, Math.floor(word.length / 3)) ? best.name : undefined;
}

const UNKNOWN = /^Unknown option '([^']+)'/;

/** Parses `args` for `command`, strictly; an unknown option names the nearest known one. */
export function parseCommand<T extends ParseArgsOptionsConfig>(command: string, args: string[], options: T) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as T & {
        help: { type: 'boolean'; short: 'h' };
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = UNKNOWN.exec(message)?.[1];
    if (unknown) {
      const flag = unknown.split('=')[0]!;
      const hint = nearest(flag, optionNames(command));
      throw new UsageProblem(
        `${command}: unknown option ${flag}${hint ? `; did you mean ${hint}?` : ''}`,
        command,
      );
    }
    // node's other messages end in advice about '--' that does not apply here; keep the first sentence.
    throw new UsageProblem(`${command}: ${message.split('. ')[0]!.replace(/\.$/, '')}`, command);
  }
}
