import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'docs-check.js');

/** Runs scripts/docs-check.js as a process: its exit code and the problems it printed, one a line. */
function docsCheck(...args: string[]): Promise<{ code: number; problems: string[] }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], (error, _stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, problems: stderr.split('\n').filter(Boolean) });
    });
  });
}

describe("the repository's Markdown (scripts/docs-check.js)", () => {
  it('has no issue number, a root README under 200 lines, relative links that resolve (to a heading) and quotes that match their files', async () => {
    await expect(docsCheck()).resolves.toEqual({ code: 0, problems: [] });
  });

  describe('a repository that breaks each rule', () => {
    let root: string;

    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'docs-check-'));
      writeFileSync(join(root, 'README.md'), Array.from({ length: 200 }, (_, i) => `# line ${i}\n`).join(''));
      mkdirSync(join(root, 'docs'));
      mkdirSync(join(root, 'src'));
      writeFileSync(join(root, 'src', 'quoted.ts'), 'export const now = 2;\n');
      const guide = [
        'Fixed in #16; see issue 12.',
        '[gone](missing.md), [the README](../README.md#top), [its line](../README.md#line-3), [a site](https://example.com/#1), `#17` in code.',
        '',
        '<!-- quote: src/quoted.ts -->',
        '',
        '```ts',
        'export const now = 1;',
        '```',
      ];
      writeFileSync(join(root, 'docs', 'guide.md'), `${guide.join('\n')}\n`);
    });

    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('names each problem, its file and line, and exits 1', async () => {
      await expect(docsCheck('--root', root)).resolves.toEqual({
        code: 1,
        problems: [
          'README.md: 200 lines; the root README stays under 200',
          'docs/guide.md: line 1: an issue number (#16)',
          'docs/guide.md: line 1: an issue number (issue 12)',
          'docs/guide.md: line 2: a link to missing.md, which is not there',
          'docs/guide.md: line 2: a link to ../README.md#top: no such heading there',
          'docs/guide.md: the quote of src/quoted.ts differs from the file (node scripts/docs-check.js --fix)',
        ],
      });
    });

    it('--fix rewrites a quote from its file', async () => {
      await docsCheck('--root', root, '--fix');
      expect(readFileSync(join(root, 'docs', 'guide.md'), 'utf8')).toContain('```ts\nexport const now = 2;\n```');
      const { problems } = await docsCheck('--root', root);
      expect(problems.filter((problem) => problem.includes('quote'))).toEqual([]);
    });
  });
});
