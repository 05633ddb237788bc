/**
 * A child process for the state lock's multi-process tests. Told `{round}`, it takes the lock of the
 * directory in argv[2], counts the holders inside while it holds it, and answers `{round, most}`; told
 * `{hold: true}`, it takes the lock, answers `{holding: true}` and keeps it until it is killed.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withLock } from '../../functions/adapters/local/file-store';

const dir = process.argv[2]!;
const holders = join(dir, 'holders');
const send = (message: unknown) => process.send!(message);

process.on('message', async (message: { round?: number; hold?: boolean }) => {
  if (message.hold) {
    await withLock(dir, async () => {
      send({ holding: true });
      await new Promise(() => {});
    });
    return;
  }
  let most = 0;
  await withLock(dir, async () => {
    await mkdir(holders, { recursive: true });
    const mine = join(holders, String(process.pid));
    await writeFile(mine, '');
    for (let i = 0; i < 4; i++) {
      most = Math.max(most, (await readdir(holders)).length);
      await sleep(3);
    }
    await rm(mine);
  });
  send({ round: message.round, most });
});
send({ ready: true });
