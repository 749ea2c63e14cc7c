#!/usr/bin/env node
// The docs' examples, run from the packed packages (part of `npm test`, through
// scripts/packed-install.js, which reuses its install; or alone: node scripts/docs-examples.js):
// - the root README's getting-started, taken from the README itself (its ```… file=PATH blocks, and
//   the blocks marked step=edit, step=output and step=check), written into a fresh Nest app,
//   compiled with tsc and run: the edit is made, the output line awaited, the check requested;
// - examples/orders-service, compiled and run over HTTP: a file edit followed, a bad value rejected,
//   and an etcd key (a real etcd from @config-center/testing/harness) over the file.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { ROOT, TSC, nest11Dependencies, run, runAsTest, withPackedProject } = require('./lib/packed-project');
const { startApp } = require('./lib/running-app');

const MINUTE = 60_000;
const STARTED = 'Nest application successfully started';

/** The getting-started of a README: the files to write, the edit command, the output lines, the checks. */
function gettingStartedOf(readme) {
  const blocks = [...readme.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```/gm)].map(([, , info, body]) => ({
    attrs: Object.fromEntries([...info.matchAll(/(\w+)=(\S+)/g)].map(([, key, value]) => [key, value])),
    body,
  }));
  const step = (name) => blocks.filter((block) => block.attrs.step === name).map((block) => block.body.trim());
  const lines = (texts) => texts.flatMap((text) => text.split('\n'));
  const checks = lines(step('check')).map((line) => {
    const found = /^curl -s (\S+)\s+#\s*(.+)$/.exec(line);
    if (!found) throw new Error(`README step=check line is not "curl -s URL   # answer": ${line}`);
    const url = /^https?:\/\//.test(found[1]) ? found[1] : `http://${found[1]}`;
    return { url: found[1], path: new URL(url).pathname, answer: found[2].trim() };
  });
  const guide = { files: blocks.filter((block) => block.attrs.file), edit: step('edit'), output: lines(step('output')), checks };
  for (const [what, list] of Object.entries(guide)) if (!list.length) throw new Error(`the README's getting-started has no ${what} block`);
  return guide;
}

/** Copies a folder's files (without dist/ and node_modules/) into the project and compiles them with tsc. */
async function buildIn(dir, copies) {
  for (const [from, to] of copies) fs.cpSync(from, path.join(dir, to), { recursive: true });
  await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir, timeoutMs: 3 * MINUTE });
}

async function getJson(port, pathAndQuery) {
  const response = await fetch(`http://127.0.0.1:${port}${pathAndQuery}`).catch((error) => {
    throw new Error(`GET ${pathAndQuery}: ${error.cause?.message ?? error.message}`);
  });
  if (!response.ok) throw new Error(`GET ${pathAndQuery}: ${response.status}`);
  return response.json();
}

/** Once the app logged its start and answers `GET path`: Nest logs the start line before it listens. */
async function answering(app, port, pathAndQuery, { waitFor }) {
  await app.waitForOutput(STARTED, 'the start line');
  await waitFor(() => getJson(port, pathAndQuery), `GET ${pathAndQuery} to answer`, 2 * MINUTE, 50);
}

/** Runs `steps` against a started app; a failure carries the end of what the app printed. */
async function withApp(app, steps) {
  try {
    await steps();
  } catch (error) {
    throw new Error(`${error.message}; the app printed:\n${app.output().split('\n').slice(-15).join('\n')}`);
  } finally {
    await app.stop();
  }
}

/** The README's getting-started in a fresh Nest app: edit the file while it runs, see the line, ask again. */
async function runGettingStarted(projectDir, harness) {
  const guide = gettingStartedOf(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  const dir = path.join(projectDir, 'getting-started');
  fs.cpSync(path.join(ROOT, 'smoke', 'fresh-nest-app'), dir, { recursive: true });
  for (const { attrs, body } of guide.files) {
    fs.mkdirSync(path.dirname(path.join(dir, attrs.file)), { recursive: true });
    fs.writeFileSync(path.join(dir, attrs.file), body);
  }
  await buildIn(dir, []);
  const port = await harness.freePort();
  const app = startApp('dist/main.js', { cwd: dir, env: { PORT: String(port) }, timeoutMs: 2 * MINUTE });
  await withApp(app, async () => {
    await answering(app, port, guide.checks[0].path, harness);
    for (const command of guide.edit) await run('sh', ['-c', command], { cwd: dir, timeoutMs: MINUTE });
    for (const line of guide.output) await app.waitForOutput(line, `the README's output line after the edit (${line})`);
    for (const { url, path: pathname, answer } of guide.checks) {
      const got = JSON.stringify(await getJson(port, pathname));
      if (got !== answer) throw new Error(`${url} answered ${got}; the README says ${answer}`);
    }
  });
  console.log(`  ok - the README's getting-started: built in a fresh Nest app, the edit logged and followed`);
}

/** The example app, started in `dir` with `env`; `maxItems()` asks it over HTTP. */
async function startExample(dir, env, harness) {
  const port = await harness.freePort();
  const app = startApp('dist/main.js', { cwd: dir, env: { PORT: String(port), ...env }, timeoutMs: 2 * MINUTE });
  const maxItems = async () => (await getJson(port, '/orders/quote?items=2')).maxItems;
  await answering(app, port, '/orders/limits', harness).catch(async (error) => {
    await app.stop();
    throw error;
  });
  return { app, port, maxItems };
}

/** On the file: its value, an edit followed (and its handler's line), an invalid value rejected. */
async function exampleOnFile(dir, config, harness) {
  const { app, port, maxItems } = await startExample(dir, {}, harness);
  await withApp(app, async () => {
    const first = await getJson(port, '/orders/quote?items=2');
    if (first.maxItems !== 3 || first.accepted !== true) throw new Error(`the first quote is ${JSON.stringify(first)}`);
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('maxItems: 3', 'maxItems: 1'));
    await harness.waitFor(async () => (await maxItems()) === 1, 'the quote to follow the file', 2 * MINUTE, 50);
    await app.waitForOutput('orders.maxItems 3 → 1', "the @OnConfigChange handler's line");
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('maxItems: 1', 'maxItems: 0'));
    const quarantined = async () => {
      const status = await getJson(port, '/config/status');
      return status.quarantined.length > 0 && status;
    };
    const status = await harness.waitFor(quarantined, 'the bad value to be quarantined', 2 * MINUTE, 50);
    if (!JSON.stringify(status).includes('orders.maxItems'))
      throw new Error(`the status does not name orders.maxItems: ${JSON.stringify(status)}`);
    if ((await maxItems()) !== 1) throw new Error('the rejected value was served');
  });
}

/** With `ETCD_ENDPOINTS`: a key under the prefix overrides the file. */
async function exampleOnEtcd(dir, harness) {
  const cluster = await harness.EtcdCluster.start();
  try {
    const { app, maxItems } = await startExample(dir, { ETCD_ENDPOINTS: cluster.endpoints.join(',') }, harness);
    await withApp(app, async () => {
      if ((await maxItems()) !== 3) throw new Error('with an empty etcd, the file does not serve');
      await cluster.client().put('/configs/orders/orders/maxItems').value('5');
      await harness.waitFor(async () => (await maxItems()) === 5, 'the quote to follow etcd', 2 * MINUTE, 50);
    });
  } finally {
    await cluster.stop();
  }
}

/** examples/orders-service, built from its files, over HTTP on its file and then with etcd on top. */
async function runOrdersExample(projectDir, harness) {
  const dir = path.join(projectDir, 'orders-service');
  const example = path.join(ROOT, 'examples', 'orders-service');
  await buildIn(
    dir,
    ['src', 'config', 'tsconfig.json'].map((name) => [path.join(example, name), name]),
  );
  const config = path.join(dir, 'config', 'orders.yaml');
  await exampleOnFile(dir, config, harness);
  fs.copyFileSync(path.join(example, 'config', 'orders.yaml'), config);
  await exampleOnEtcd(dir, harness);
  console.log('  ok - examples/orders-service: built; followed a file edit, rejected an invalid value; etcd over the file');
}

/** Both, in a project that has the tarballs installed. */
async function runDocsExamples(projectDir) {
  const harness = require(require.resolve('@config-center/testing/harness', { paths: [projectDir] }));
  await runOrdersExample(projectDir, harness);
  await runGettingStarted(projectDir, harness);
}

if (require.main === module) {
  runAsTest('docs-examples', () => withPackedProject('docs-examples', nest11Dependencies(), runDocsExamples));
}

module.exports = { gettingStartedOf, runDocsExamples };
