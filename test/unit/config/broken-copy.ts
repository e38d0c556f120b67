import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatConfigError } from '../../../src/config/config-error';
import { loadMappings } from '../../../src/config/load-mappings';

export const DEFAULTS = path.resolve(__dirname, '../../../mappings');

export interface Edit {
  file: string;
  find: string;
  replace: string;
}

const made: string[] = [];

/** A copy of the default mappings in a temp folder, with edits applied (each `find` must occur). */
export function brokenCopy(...edits: Edit[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'handoff-mappings-'));
  made.push(dir);
  cpSync(DEFAULTS, dir, { recursive: true });
  for (const e of edits) {
    const file = path.join(dir, e.file);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(e.find)) throw new Error(`edit not applicable: ${e.file} has no ${JSON.stringify(e.find)}`);
    writeFileSync(file, text.replace(e.find, e.replace));
  }
  return dir;
}

export function removeCopies(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** "file:line:col" of the first occurrence of `text` in a file of the copy (`offset` moves within it). */
export function at(dir: string, file: string, text: string, offset = 0): string {
  const src = readFileSync(path.join(dir, file), 'utf8');
  const i = src.indexOf(text);
  if (i < 0) throw new Error(`${file} has no ${JSON.stringify(text)}`);
  const before = src.slice(0, i + offset);
  const line = before.split('\n').length;
  const col = before.length - before.lastIndexOf('\n');
  return `${file}:${line}:${col}`;
}

/** The 1-based line of the first occurrence of `text`. */
export function lineOf(dir: string, file: string, text: string): number {
  return Number(at(dir, file, text).split(':')[1]);
}

/** Every error of a mappings folder, formatted as `handoff validate` prints it (paths relative to the folder). */
export function errorLines(dir: string): string[] {
  return loadMappings(dir).errors.map((e) => formatConfigError(e, dir));
}
