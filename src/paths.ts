import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The package's root folder, found by walking up from this file. Works the same from `src/`
 * (tests) and from `dist/src/` (built), so migrations and default mappings are found either way.
 */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate) && existsSync(path.join(dir, 'migrations'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the handoff package root above ${__dirname}`);
    dir = parent;
  }
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export const migrationsDir = (): string => path.join(packageRoot(), 'migrations');
export const defaultMappingsDir = (): string => path.join(packageRoot(), 'mappings');
