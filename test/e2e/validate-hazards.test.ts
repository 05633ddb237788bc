/** `twinplane validate` exits 1 naming the field for configs that parse but would break a plane. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { main } from '../../functions/local/cli';

let dir: string;
type Doc = Record<string, unknown>;
const at = (doc: Doc, ...keys: string[]): Doc => keys.reduce<Doc>((o, k) => o[k] as Doc, doc);
let example: Doc;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinplane-hazards-'));
  example = parse(await readFile(new URL('../../examples/twinplane.yaml', import.meta.url), 'utf8'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function validate(mutate: (doc: Doc) => void) {
  const doc = structuredClone(example);
  mutate(doc);
  const file = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, stringify(doc));
  const err: string[] = [];
  const out: string[] = [];
  const code = await main(['validate', file, '--json'], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    isTTY: false,
  });
  return { code, issues: JSON.parse(out.join('\n')).issues as { path: string }[] };
}

describe('twinplane validate refuses hazards', () => {
  it.each<[string, (doc: Doc) => void, string]>([
    [
      'timeout 0s',
      (d) => (at(d, 'checks', 'primary-health').timeout = '0s'),
      'checks.primary-health.timeout',
    ],
    ['tickInterval 0', (d) => (at(d, 'planes').tickInterval = '0ms'), 'planes.tickInterval'],
    [
      'a route53 zone "*"',
      (d) => (at(d, 'providers').route53 = { zones: { 'example.com': '*' } }),
      'providers.route53.zones.example.com',
    ],
    [
      'a catastrophic bodyMatches',
      (d) => (at(d, 'checks', 'primary-health', 'http').bodyMatches = '(a|a)*$'),
      'checks.primary-health.http.bodyMatches',
    ],
  ])('%s', async (_, mutate, path) => {
    const { code, issues } = await validate(mutate);
    expect(code).toBe(1);
    expect(issues.map((i) => i.path)).toContain(path);
  });
});
