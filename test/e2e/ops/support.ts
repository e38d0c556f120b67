/**
 * Helpers of the ops tests: contacts created as a marketing form would and then qualified by a
 * workflow (the e2e harness's readyContact with overrides), and a mappings folder copied to edit.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultMappingsDir } from '../../../src/paths';
import type { Sandbox } from '../../../src/sandbox';
import { readyContact } from '../support';

/** Creates the contacts (lifecycle stage lead), then marks them marketing-qualified; returns their ids. */
export function createQualified(sandbox: Sandbox, contacts: Record<string, string>[]): string[] {
  const ids = contacts.map((c) => sandbox.hubspot.createContact(c, { source: 'FORM' }).id);
  for (const id of ids) sandbox.hubspot.updateContact(id, { lifecyclestage: 'marketingqualifiedlead' }, { source: 'WORKFLOWS' });
  return ids;
}

/** A ready contact (readyContact) with overrides; `i` keeps emails and phones unique. */
export const contact = (i: number, overrides: Record<string, string> = {}): Record<string, string> => readyContact(i, overrides);

/** A copy of the shipped mappings in a temp folder, with `edit` applied to one file's text. */
export function mappingsCopy(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'handoff-mappings-'));
  cpSync(defaultMappingsDir(), dir, { recursive: true });
  const f = path.join(dir, file);
  writeFileSync(f, edit(readFileSync(f, 'utf8')));
  return dir;
}
