/** The CLI run in-process, without a terminal: its exit code and what it wrote to each stream. */
import { main } from '../../functions/local/cli';

export async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
