/**
 * Build step of the Worker (wrangler runs it before bundling): validates the configuration named by
 * TWINPLANE_CONFIG (default twinplane.yaml) in full, schema and what workerd can probe, and writes it
 * normalised (a BuiltConfig) as JSON for the bundle, which then needs no validator of its own.
 * Exits 1 with every issue when it is invalid, so a bad config never deploys.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseYaml } from '../../functions/adapters/config-file';
import { builtConfig } from '../../functions/core/config/built';
import { ConfigError, errorMessage, formatIssues } from '../../functions/core/errors';
import { parseWorkerConfig } from '../../functions/worker/validate';

export const CONFIG_OUT = 'dist/worker/twinplane-config.json';

function fail(message: string): never {
  process.stderr.write(`twinplane: ${message}\n`);
  process.exit(1);
}

const source = process.env.TWINPLANE_CONFIG || 'twinplane.yaml';
let text: string;
try {
  text = readFileSync(source, 'utf8');
} catch (error) {
  fail(`cannot read ${source} (set TWINPLANE_CONFIG to the config to deploy): ${errorMessage(error)}`);
}
const parsed = parseYaml(text, source);
if (!parsed.ok) fail(`${source} is invalid:\n${formatIssues(parsed.issues)}`);
const document = parsed.document;
try {
  const config = parseWorkerConfig(document);
  const out = resolve(CONFIG_OUT);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(builtConfig(config))}\n`);
  process.stdout.write(
    `twinplane: ${source} is valid for the Worker (${config.records.length} record(s), ${Object.keys(config.checks).length} check(s)) -> ${CONFIG_OUT}\n`,
  );
} catch (error) {
  if (error instanceof ConfigError)
    fail(`${source} cannot run on the Worker:\n${formatIssues(error.issues)}`);
  throw error;
}
