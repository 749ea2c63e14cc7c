#!/usr/bin/env node
// Adds package-lock entries for platform-specific optional dependencies that are missing from it.
//
// Why: the registry these machines reach answers 404 for some platform bindings (for example
// @unrs/resolver-binding-darwin-arm64, pulled in by Jest). `npm install` then leaves them out of
// the lock, and `npm ci` refuses the lock as "out of sync". An entry carrying `os`/`cpu`/`libc` is
// enough: npm never downloads a binding whose platform does not match. Safe to run repeatedly;
// `npm install` keeps the entries. Usage: node scripts/fill-lock-optional.js [package-lock.json]
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const LIBC = { gnu: 'glibc', gnueabihf: 'glibc', musl: 'musl', musleabihf: 'musl' };

/** Reads `<os>-<cpu>[-<libc>]` from a napi-rs style name such as `@scope/binding-linux-x64-gnu`. */
function platformOf(name) {
  const match = /-(android|darwin|freebsd|linux|openharmony|win32)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(name);
  if (!match) return undefined;
  const [, os, cpu, abi] = match;
  return { os, cpu, libc: LIBC[abi] };
}

function fill(lock) {
  const added = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = `${key}/node_modules/${name}`;
      const hoisted = `node_modules/${name}`;
      const platform = platformOf(name);
      if (lock.packages[nested] || lock.packages[hoisted] || !platform) continue;
      lock.packages[hoisted] = {
        version,
        cpu: [platform.cpu],
        ...(entry.dev && { dev: true }),
        ...(platform.libc && { libc: [platform.libc] }),
        optional: true,
        os: [platform.os],
      };
      added.push(`${name}@${version}`);
    }
  }
  // npm writes entries sorted this way; keeping its order keeps diffs small.
  const sorted = Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en')));
  lock.packages = Object.fromEntries(sorted);
  return added;
}

const file = path.resolve(process.argv[2] ?? 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const added = fill(lock);
if (added.length > 0) fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added ${added.length} lock entries: ${added.join(', ')}` : 'lock already complete');
