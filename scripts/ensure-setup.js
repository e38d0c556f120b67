#!/usr/bin/env node
// Makes `npm start` and `npm test` work on a fresh clone: installs dependencies from the lock
// file when they are missing or older than it, and compiles when the build is missing or older
// than the sources. Plain JavaScript on purpose: it runs before anything is installed.
'use strict';
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const at = (...p) => path.join(root, ...p);
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

function newest(dir) {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

const installed = at('node_modules', '.package-lock.json');
if (!existsSync(installed) || mtime(installed) < mtime(at('package-lock.json'))) {
  console.error('handoff: installing dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
} else if (mtime(at('dist', 'src', 'cli', 'index.js')) < Math.max(newest(at('src')), newest(at('scripts')))) {
  console.error('handoff: compiling…');
  execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
}
