/**
 * The Lambda bundles: one esbuild bundle per function (ESM, Node 22, the AWS SDK included so its version
 * is the one tested), with the validated twinplane.yaml embedded as data, each zipped as `index.mjs`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { zip } from './zip';

export const FUNCTIONS = {
  tick: 'functions/aws/tick.ts',
  control: 'functions/aws/control.ts',
  verdict: 'functions/aws/verdict.ts',
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

export interface BundleResult {
  name: FunctionName;
  artifact: string;
  bytes: number;
}

/** ESM output still meets CommonJS dependencies that call require() on Node built-ins. */
const REQUIRE_SHIM =
  "import { createRequire as __twinplaneRequire } from 'node:module'; const require = __twinplaneRequire(import.meta.url);";

export async function bundleFunction(
  name: FunctionName,
  document: unknown,
  options: { root: string; outDir: string },
): Promise<BundleResult> {
  const result = await build({
    absWorkingDir: options.root,
    entryPoints: [FUNCTIONS[name]],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    write: false,
    outfile: 'index.mjs',
    minify: true,
    // Error classes report their name (error.type in responses), so names must survive minification.
    keepNames: true,
    legalComments: 'none',
    banner: { js: REQUIRE_SHIM },
    define: { TWINPLANE_CONFIG: JSON.stringify(document) },
    logLevel: 'warning',
  });
  const code = result.outputFiles[0]!.contents;
  const artifact = join(options.outDir, `${name}.zip`);
  await mkdir(options.outDir, { recursive: true });
  const archive = zip([{ name: 'index.mjs', data: code }]);
  await writeFile(join(options.root, artifact), archive);
  return { name, artifact, bytes: archive.length };
}
