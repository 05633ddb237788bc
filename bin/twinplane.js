#!/usr/bin/env node
// Entry of the `twinplane` command: loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../functions/local/cli.ts');
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => controller.abort());
}
process.exitCode = await main(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  confirm: process.stdin.isTTY
    ? async (question) => {
        const { createInterface } = await import('node:readline/promises');
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        const answer = await rl.question(`${question} [y/N] `);
        rl.close();
        return /^y(es)?$/i.test(answer.trim());
      }
    : undefined,
  signal: controller.signal,
});
