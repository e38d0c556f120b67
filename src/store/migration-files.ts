import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { HandoffError } from '../errors';

/** One numbered, forward-only SQL file: `0001_initial.sql`. */
export interface MigrationFile {
  version: number;
  /** The file name, `0001_initial.sql`: what messages and results name. */
  file: string;
  path: string;
  sql: string;
  checksum: string;
}

const NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * sha256 of the file with line endings normalised, so a checkout that turns LF into CRLF is not
 * taken for an edit.
 */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Reads and checks the folder: names, duplicates and gaps are refused before anything runs. */
export function readMigrationFiles(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new HandoffError('MIGRATIONS_DIR_MISSING', `migrations folder ${dir} does not exist`, { dir });
  const files: MigrationFile[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const m = NAME.exec(file);
    if (!m) {
      throw new HandoffError('MIGRATION_BAD_NAME', `migration ${path.join(dir, file)} is not named like 0001_what_it_does.sql (four digits, _, lower-case words)`, { file });
    }
    const sql = readFileSync(path.join(dir, file), 'utf8');
    files.push({ version: Number(m[1]), file, path: path.join(dir, file), sql, checksum: checksumOf(sql) });
  }
  files.forEach((f, i) => {
    if (f.version === i + 1) return;
    const prev = files[i - 1];
    if (prev && prev.version === f.version) {
      throw new HandoffError('MIGRATION_DUPLICATE_VERSION', `migrations ${prev.file} and ${f.file} share version ${f.version}; renumber the newer one`, { files: [prev.file, f.file] });
    }
    throw new HandoffError('MIGRATION_GAP', `migration ${f.file} follows ${prev ? prev.file : 'nothing'}: expected version ${String(i + 1).padStart(4, '0')} (migrations are numbered 0001, 0002, … without gaps)`, { file: f.file });
  });
  return files;
}

/** "line 3, col 7" for a 1-based character offset PostgreSQL reports in an error. */
export function locate(sql: string, position: number): { line: number; col: number } {
  const before = sql.slice(0, Math.max(0, position - 1)).split('\n');
  return { line: before.length, col: (before[before.length - 1]?.length ?? 0) + 1 };
}
