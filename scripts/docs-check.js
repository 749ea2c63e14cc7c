#!/usr/bin/env node
// Checks the repository's Markdown (the root README, docs/, every package's, app's and example's
// README): no issue numbers, a root README under 200 lines, relative links that resolve to a file
// (and to a heading of it),
// and quotes of files (`<!-- quote: path -->` before a fenced block) that match the file. `--fix`
// rewrites the quoted blocks from their files, so a quote is never retyped by hand.
// Usage: node scripts/docs-check.js [--fix] [--root DIR]; exit 1 with one line per problem.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const MAX_README_LINES = 200;
const QUOTE = /<!-- quote: (\S+) -->\n\n```(\w*)\n[\s\S]*?```/g;

function markdownUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? markdownUnder(file) : entry.name.endsWith('.md') ? [file] : [];
  });
}

/** The Markdown a reader of the repository or of a package's npm page sees. */
function markdownFiles(root) {
  const readmes = ['packages', 'apps', 'examples'].flatMap((folder) => {
    const dir = path.join(root, folder);
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).map((name) => path.join(dir, name, 'README.md'));
  });
  return [path.join(root, 'README.md'), ...markdownUnder(path.join(root, 'docs')), ...readmes].filter((file) => fs.existsSync(file));
}

/** The text a reader reads as prose: fenced blocks, inline code and link targets blanked out. */
function prose(markdown) {
  return markdown
    .replace(/^```[\s\S]*?^```/gm, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length))
    .replace(/\]\([^)\s]*\)/g, (link) => ' '.repeat(link.length))
    .replace(/https?:\/\/\S+/g, (url) => ' '.repeat(url.length));
}

function lineOf(text, index) {
  return text.slice(0, index).split('\n').length;
}

function issueNumbers(markdown) {
  const text = prose(markdown);
  const found = [...text.matchAll(/(^|[^\w&])#\d+\b|\b(issue|pull request|PR)s? (no\.? ?)?\d+\b/gi)];
  return found.map((match) => `line ${lineOf(text, match.index)}: an issue number (${match[0].trim()})`);
}

function withoutCode(markdown) {
  return markdown.replace(/^```[\s\S]*?^```/gm, (block) => block.replace(/[^\n]/g, ' '));
}

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as dashes. */
function anchorsOf(file) {
  const headings = [...withoutCode(fs.readFileSync(file, 'utf8')).matchAll(/^#{1,6} (.+)$/gm)];
  return new Set(
    headings.map(([, text]) =>
      text
        .trim()
        .toLowerCase()
        .replace(/[^\w\- ]/g, '')
        .replace(/ /g, '-'),
    ),
  );
}

function brokenLinks(markdown, file) {
  const text = withoutCode(markdown);
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].filter(([, target]) => !/^[a-z]+:/i.test(target));
  return links.flatMap((match) => {
    const [target, anchor] = match[1].split('#');
    const linked = target ? path.resolve(path.dirname(file), decodeURIComponent(target)) : file;
    const where = `line ${lineOf(text, match.index)}: a link to ${match[1]}`;
    if (!fs.existsSync(linked)) return [`${where}, which is not there`];
    if (anchor && linked.endsWith('.md') && !anchorsOf(linked).has(anchor)) return [`${where}: no such heading there`];
    return [];
  });
}

/** `markdown` with every quoted block rewritten from its file (paths from `root`); missing files throw. */
function refreshQuotes(markdown, root) {
  return markdown.replace(QUOTE, (_, quoted, lang) => {
    const source = fs.readFileSync(path.join(root, quoted), 'utf8').replace(/\n$/, '');
    return `<!-- quote: ${quoted} -->\n\n\`\`\`${lang}\n${source}\n\`\`\``;
  });
}

function staleQuotes(markdown, root) {
  return [...markdown.matchAll(QUOTE)].flatMap(([block, quoted], i) => {
    if (!fs.existsSync(path.join(root, quoted))) return [`a quote of ${quoted}, which is not there`];
    const fresh = [...refreshQuotes(markdown, root).matchAll(QUOTE)][i][0];
    return fresh === block ? [] : [`the quote of ${quoted} differs from the file (node scripts/docs-check.js --fix)`];
  });
}

/** Every problem of the repository's Markdown under `root`, as `file: problem` lines. */
function checkDocs(root, { fix = false } = {}) {
  return markdownFiles(root).flatMap((file) => {
    let markdown = fs.readFileSync(file, 'utf8');
    if (fix && markdown.includes('<!-- quote: ')) fs.writeFileSync(file, (markdown = refreshQuotes(markdown, root)));
    const problems = [...issueNumbers(markdown), ...brokenLinks(markdown, file), ...staleQuotes(markdown, root)];
    const lines = markdown.split('\n').length - (markdown.endsWith('\n') ? 1 : 0);
    if (file === path.join(root, 'README.md') && lines >= MAX_README_LINES)
      problems.push(`${lines} lines; the root README stays under ${MAX_README_LINES}`);
    return problems.map((problem) => `${path.relative(root, file)}: ${problem}`);
  });
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const rootAt = args.indexOf('--root');
  const root = path.resolve(rootAt >= 0 ? args[rootAt + 1] : path.join(__dirname, '..'));
  const problems = checkDocs(root, { fix: args.includes('--fix') });
  for (const problem of problems) console.error(problem);
  console.log(`docs-check: ${markdownFiles(root).length} Markdown files, ${problems.length} problem(s)`);
  process.exitCode = problems.length ? 1 : 0;
}

module.exports = { checkDocs, markdownFiles, refreshQuotes };
