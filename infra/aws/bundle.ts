/**
 * The Lambda bundles: one esbuild bundle per function (ESM, Node 22, the AWS SDK included so its version
 * is the one tested), with twinplane.yaml embedded as data, validated and normalised (a BuiltConfig),
 * each zipped as `index.mjs` beside the chunks it imports lazily (`chunks/`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
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
    // Each SDK client a handler imports lazily lands in its own chunk, loaded at its first call.
    splitting: true,
    // The SDK's ES module builds (package.json `module`) rather than its CommonJS ones (`main`, esbuild's
    // first choice for Node): tree-shaken, and no CommonJS wrappers to run at import, so a Lambda's
    // module init takes about half the time (`npm run bench -- --only bundles`).
    mainFields: ['module', 'main'],
    outdir: 'out',
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    minify: true,
    // Error classes report their name (error.type in responses), so names must survive minification.
    keepNames: true,
    legalComments: 'none',
    banner: { js: REQUIRE_SHIM },
    define: { TWINPLANE_CONFIG: JSON.stringify(document) },
    logLevel: 'warning',
  });
  const out = join(options.root, 'out');
  const files = result.outputFiles.map((file) => ({
    name: relative(out, file.path).split(sep).join('/'),
    data: file.contents,
  }));
  const artifact = join(options.outDir, `${name}.zip`);
  await mkdir(options.outDir, { recursive: true });
  const archive = zip(files);
  await writeFile(join(options.root, artifact), archive);
  return { name, artifact, bytes: archive.length };
}
