/**
 * What every command of `twinplane` takes and says about itself: the source of the global help, each
 * command's --help, the nearest-option hint and the shell completions, so they cannot disagree.
 */

export interface CommandHelp {
  summary: string;
  /** The synopsis after `twinplane `. */
  synopsis: string;
  /** [option as typed, what it does]; options shared by the manual commands are added by PLANE_HELP. */
  options: readonly (readonly [string, string])[];
  /** Takes the --plane options (local, aws, cloudflare). */
  plane?: boolean;
  notes?: readonly string[];
}

export const DEFAULT_CONFIG = 'twinplane.yaml';

const PLANE_HELP: readonly (readonly [string, string])[] = [
  ['--plane local|aws|cloudflare', 'which plane answers (default local)'],
  ['--config FILE, -c FILE', `the config, for --plane local (default ./${DEFAULT_CONFIG})`],
  ['--state DIR', 'the local plane state directory (default .twinplane)'],
  ['--function NAME', 'the control Lambda, for --plane aws (default twinplane-dev-control)'],
  ['--url URL', 'the Worker, for --plane cloudflare (or TWINPLANE_WORKER_URL; token in TWINPLANE_API_TOKEN)'],
  ['--json', 'print the answer as JSON'],
];

export const COMMANDS: Record<string, CommandHelp> = {
  demo: {
    summary: 'run a self-contained failover demo (npm start)',
    synopsis: 'demo [--tick 2s] [--dns-port N]',
    options: [
      ['--tick DURATION', 'time between ticks (default 2s)'],
      ['--dns-port N', 'port of the embedded DNS server (default: any free port)'],
    ],
  },
  validate: {
    summary: 'check a config; lists every error with its path',
    synopsis: `validate [FILE] [--json]`,
    options: [['--json', 'print {ok, issues} as JSON']],
    notes: [`FILE defaults to ./${DEFAULT_CONFIG}. Exit 0 when valid, 1 with every error and its path.`],
  },
  run: {
    summary: 'run the local plane',
    synopsis:
      'run [--config FILE] [--state DIR] [--dns-port N] [--metrics-port N] [--once] [--dry-run] [--json]',
    options: [
      ['--config FILE, -c FILE', `the config (default ./${DEFAULT_CONFIG})`],
      ['--state DIR', 'state directory (default .twinplane)'],
      ['--dns-port N', 'serve the local zone on 127.0.0.1:N'],
      ['--http-port N', 'serve the status page (/), /metrics and /healthz on port N'],
      ['--metrics-port N', 'the same as --http-port'],
      ['--listen ADDRESS', 'address of the DNS and metrics servers (default 127.0.0.1)'],
      ['--once', 'one tick, then exit (1 if it failed)'],
      ['--dry-run', 'plan and report, write nothing'],
      ['--json', 'one JSON report per tick'],
    ],
  },
  status: {
    summary: 'active pool, epoch, last transition, health per check and vantage, beacon ages',
    synopsis: 'status [PLANE]',
    options: [],
    plane: true,
  },
  failover: {
    summary: 'move a record to another pool now',
    synopsis: 'failover RECORD [--pool P] [--force] [--dry-run] [PLANE]',
    options: [
      ['--pool P', 'the pool to move to (default: the next healthy one)'],
      ['--force', 'move even when the pool is unhealthy'],
      ['--dry-run', 'say what would change, write nothing'],
    ],
    plane: true,
  },
  failback: {
    summary: 'move a record back to its first pool now',
    synopsis: 'failback RECORD [--force] [--dry-run] [PLANE]',
    options: [
      ['--force', 'move even when the first pool is unhealthy'],
      ['--dry-run', 'say what would change, write nothing'],
    ],
    plane: true,
  },
  pin: {
    summary: 'hold a record on a pool until unpinned (or until a time)',
    synopsis: 'pin RECORD --pool P [--until 30m|ISO] [--dry-run] [PLANE]',
    options: [
      ['--pool P', 'the pool to hold'],
      ['--until 30m|ISO', 'release the pin after a duration or at a time'],
      ['--dry-run', 'say what would change, write nothing'],
    ],
    plane: true,
  },
  unpin: {
    summary: 'release a pin; failback then follows the normal dwell',
    synopsis: 'unpin RECORD [--dry-run] [PLANE]',
    options: [['--dry-run', 'say what would change, write nothing']],
    plane: true,
  },
  history: {
    summary: 'recorded transitions, newest first',
    synopsis: 'history [--record NAME] [--limit N] [PLANE]',
    options: [
      ['--record NAME', 'only this record'],
      ['--limit N', 'at most N transitions (default 50)'],
    ],
    plane: true,
  },
  plan: {
    summary: 'dry-run diff of the state against the providers',
    synopsis: 'plan [PLANE]',
    options: [],
    plane: true,
    notes: [
      'Exit 0 when every provider was read, 1 when one could not be (the plan is then incomplete).',
      'With Route 53 in the config it also lists the health checks and failover sets of records in',
      'route53 mode dataplane that apply would create, update or delete (read with your AWS credentials).',
    ],
  },
  apply: {
    summary: 'show the plan, ask, then run one tick',
    synopsis: 'apply [--yes] [--force] [PLANE]',
    options: [
      ['--yes', 'apply without asking (needed when not on a terminal)'],
      ['--force', 'lift safety.maxChangesPerTick for this run (local plane only)'],
    ],
    plane: true,
    notes: [
      'Route 53 data-plane setup (health checks, failover sets) runs first, from this machine, with your',
      'AWS credentials; the verdict secret is read from the environment variable planes.verdicts names.',
    ],
  },
  zone: {
    summary: 'back up, restore and compare zones (twinplane zone --help)',
    synopsis: 'zone export|import|diff ...',
    options: [],
  },
  schema: {
    summary: 'print the JSON Schema of twinplane.yaml',
    synopsis: 'schema',
    options: [],
  },
  completion: {
    summary: 'print a shell completion script',
    synopsis: 'completion bash|zsh',
    options: [],
    notes: [
      'bash: eval "$(twinplane completion bash)"   zsh: eval "$(twinplane completion zsh)"',
      'or write it to a file your shell loads at start.',
    ],
  },
};

/** Every option a command takes, as typed (`--pool`), for hints and completions. */
export function optionNames(command: string): string[] {
  const help = COMMANDS[command];
  if (!help) return [];
  const rows = [...help.options, ...(help.plane ? PLANE_HELP : [])];
  const names = rows.flatMap(([flag]) => flag.split(', ').map((f) => f.split(' ')[0]!));
  return [...new Set([...names, '--help'])];
}

function columns(rows: readonly (readonly [string, string])[], indent = '  '): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`);
}

export function globalHelp(version: string): string {
  return [
    `twinplane ${version}: DNS failover control plane`,
    '',
    'usage: twinplane COMMAND [options]',
    '',
    'commands:',
    ...columns(Object.entries(COMMANDS).map(([name, c]) => [name, c.summary])),
    '',
    'options everywhere: --help, -h (this or a command’s help)   twinplane --version',
    'exit codes: 0 ok, 1 failure, 2 usage',
    'twinplane COMMAND --help shows a command’s options.',
  ].join('\n');
}

export function commandHelp(command: string): string {
  const c = COMMANDS[command]!;
  const lines = [`usage: twinplane ${c.synopsis}`, '', c.summary];
  if (c.options.length > 0) lines.push('', 'options:', ...columns(c.options));
  if (c.plane) lines.push('', 'PLANE (where the command runs):', ...columns(PLANE_HELP));
  for (const note of c.notes ?? []) lines.push('', note);
  lines.push('', 'exit codes: 0 ok, 1 failure, 2 usage');
  return lines.join('\n');
}
