// Resolves `${file(./infra/aws/serverless-params.cjs):NAME}` in serverless.yml. The first lookup builds
// the AWS plane once (validate twinplane.yaml, bundle and zip the Lambdas, derive IAM from the config),
// so `npx osls package` and `npx osls deploy` need no separate build step and no credentials.
const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
let pending;

async function buildOnce(resolveVariable) {
  const stage = await resolveVariable('sls:stage');
  const args = ['--import', 'tsx', 'infra/aws/build.ts', '--ssm-prefix', `/twinplane/${stage}/`];
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`building the AWS plane failed:\n${run.stderr || run.error}`);
  return JSON.parse(readFileSync(join(root, 'dist', 'aws', 'stack.json'), 'utf8'));
}

/** `--param="tags=team=sre,cost-centre=42"` as a tag map; a malformed pair stops the deploy, naming it. */
function parseTags(text) {
  const tags = {};
  for (const pair of String(text ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim() : '';
    if (!key || key.length > 128 || key.startsWith('aws:'))
      throw new Error(`--param tags: "${pair}" is not KEY=VALUE (a key of 1-128 characters, not aws:...)`);
    tags[key] = pair.slice(at + 1).trim();
  }
  return tags;
}

// Every variable of this file resolves concurrently; they share one build.
module.exports = async ({ resolveVariable }) => {
  pending ??= buildOnce(resolveVariable);
  const [stack, tags] = await Promise.all([pending, resolveVariable('param:tags')]);
  return { ...stack, tags: parseTags(tags) };
};
module.exports.parseTags = parseTags;
