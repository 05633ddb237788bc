/** Child node processes running a TypeScript file through tsx, spoken to over IPC, for multi-process tests. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

export interface Child {
  process: ChildProcess;
  /** Resolves with the next message that `match` accepts. */
  next<T>(match: (message: T) => boolean): Promise<T>;
  send(message: unknown): void;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function startChild(file: string, args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    next<T>(match: (message: T) => boolean) {
      return new Promise<T>((resolve, reject) => {
        const onMessage = (message: T) => {
          if (!match(message)) return;
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(message);
        };
        const onExit = (code: number | null) => reject(new Error(`child ${child.pid} exited (${code})`));
        child.on('message', onMessage);
        child.once('exit', onExit);
      });
    },
    send: (message) => child.send(message as never),
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The pid of a process that has exited: a holder killed before it could release. */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}
