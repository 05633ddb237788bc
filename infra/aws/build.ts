/**
 * Builds the AWS plane: validates twinplane.yaml (every issue named, nothing built on failure), bundles
 * and zips each Lambda, and writes dist/aws/stack.json for serverless.yml (IAM scoped to the config).
 *
 *   tsx infra/aws/build.ts [--config twinplane.yaml] [--ssm-prefix /twinplane/prod/]
 *   TWINPLANE_CONFIG=examples/twinplane.yaml tsx infra/aws/build.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfigText } from '../../functions/adapters/config-file';
import { builtConfig } from '../../functions/core/config/built';
import { formatIssues } from '../../functions/core/errors';
import { bundleFunction, FUNCTIONS, type FunctionName } from './bundle';
import { stackParams } from './stack';

export const OUT_DIR = 'dist/aws';

export interface BuildOptions {
  root: string;
  configPath: string;
  ssmPrefix: string;
}

export async function buildAwsPlane(options: BuildOptions) {
  const path = resolve(options.root, options.configPath);
  if (!existsSync(path)) {
    throw new Error(
      `${options.configPath} not found: copy examples/twinplane.yaml there, or set TWINPLANE_CONFIG to your file`,
    );
  }
  const text = readFileSync(path, 'utf8');
  const loaded = parseConfigText(text, options.configPath);
  if (!loaded.ok) throw new Error(`${options.configPath} is invalid:\n${formatIssues(loaded.issues)}`);
  // Embed the config validated and normalised: the Lambda loads it without the schema validator.
  const document = builtConfig(loaded.config);
  const bundles = [];
  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    bundles.push(await bundleFunction(name, document, { root: options.root, outDir: OUT_DIR }));
  }
  const params = stackParams(loaded.config, { ssmPrefix: options.ssmPrefix });
  const stack = { ...params, artifacts: Object.fromEntries(bundles.map((b) => [b.name, b.artifact])) };
  await mkdir(join(options.root, OUT_DIR), { recursive: true });
  await writeFile(join(options.root, OUT_DIR, 'stack.json'), `${JSON.stringify(stack, null, 2)}\n`);
  return { stack, bundles };
}

async function main() {
  const { values } = parseArgs({
    options: { config: { type: 'string' }, 'ssm-prefix': { type: 'string' }, quiet: { type: 'boolean' } },
  });
  const configPath = values.config ?? process.env.TWINPLANE_CONFIG ?? 'twinplane.yaml';
  const { bundles } = await buildAwsPlane({
    root: process.cwd(),
    configPath,
    ssmPrefix: values['ssm-prefix'] ?? '/twinplane/',
  });
  if (!values.quiet) {
    for (const b of bundles) console.log(`${b.artifact}  ${(b.bytes / 1024).toFixed(0)} KiB`);
    console.log(`${OUT_DIR}/stack.json  from ${configPath}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
