#!/usr/bin/env node
// Renders the bars of the latest benchmark run into docs/benchmarks.md, between its markers, from
// the JSON files `npm run bench` writes to bench/results/ (git-ignored): the one place a measured
// figure is written down, so the docs never carry a figure copied by hand.
// Run at the end of `npm run bench`, or by hand: node scripts/bench-docs.js [resultsDir] [doc].
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const START = '<!-- bench-results:start -->';
const END = '<!-- bench-results:end -->';

/** Every `<name>.json` of a results folder, oldest run first (the order `npm run bench` ran them). */
function readResults(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')))
    .sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));
}

/** A figure as the bench runner prints it: integers as they are, others to two decimals. */
function figure(value, unit) {
  return `${Number.isInteger(value) ? String(value) : value.toFixed(2)}${unit}`;
}

function cell(text) {
  return String(text).replace(/\|/g, '\\|');
}

/** `Node v20.20.2 (V8 …), linux x64, AMD EPYC, 2 cores`: what the figures depend on. */
function machine(environment) {
  const { node, v8, platform, arch, cpu, cores } = environment;
  return `Node ${node} (V8 ${v8}), ${platform} ${arch}, ${cpu}, ${cores} cores`;
}

/** The lines that say when and where: one line per distinct machine, with the dates of its runs. */
function context(results) {
  const byMachine = new Map();
  for (const result of results) {
    const key = machine(result.environment);
    byMachine.set(key, [...(byMachine.get(key) ?? []), result.date]);
  }
  return [...byMachine].map(([key, dates]) => {
    const [first, last] = [dates[0], dates[dates.length - 1]].map((date) => `${date.slice(0, 16).replace('T', ' ')} UTC`);
    const when = first === last ? first : `${first} to ${last}`;
    return `Measured ${when} on ${key}.`;
  });
}

/** The generated block: context lines and one row per bar. */
function renderBars(results) {
  if (results.length === 0) return 'No results yet: run `npm run bench`.';
  const rows = results.flatMap((result) =>
    result.bars.map((bar) => {
      const limit = `${bar.kind === 'max' ? '≤' : '≥'} ${bar.limit}${bar.unit}`;
      const verdict = bar.invalid ? `invalid run: ${bar.invalid}` : bar.pass ? 'pass' : 'FAIL';
      return `| \`${result.name}\` | ${cell(bar.label)} | ${cell(limit)} | ${cell(figure(bar.measured, bar.unit))} | ${cell(verdict)} |`;
    }),
  );
  return [...context(results), '', '| bench | what is compared | bar | measured | |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** `doc` with the text between its markers replaced by `block`; throws when a marker is missing. */
function replaceBetweenMarkers(doc, block) {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the doc has no ${START} … ${END} markers`);
  return `${doc.slice(0, start + START.length)}\n\n${block}\n\n${doc.slice(end)}`;
}

/** Regenerates the bars block of `docFile` from the JSON files in `resultsDir`. */
function writeBenchDocs(resultsDir, docFile) {
  const results = readResults(resultsDir);
  const doc = fs.readFileSync(docFile, 'utf8');
  fs.writeFileSync(docFile, replaceBetweenMarkers(doc, renderBars(results)));
  return results.length;
}

if (require.main === module) {
  const resultsDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'bench', 'results'));
  const docFile = path.resolve(process.argv[3] ?? path.join(ROOT, 'docs', 'benchmarks.md'));
  const count = writeBenchDocs(resultsDir, docFile);
  console.log(`bench-docs: ${path.relative(ROOT, docFile)} from ${count} result file(s) in ${path.relative(ROOT, resultsDir) || '.'}`);
}

module.exports = { renderBars, replaceBetweenMarkers, writeBenchDocs };
