import path from 'node:path';
import { runCli } from '../../support/cli';
import { at, brokenCopy, removeCopies } from './broken-copy';

afterAll(removeCopies);

const OK = /^mappings OK: 10 files, \d+ rules, \d+ RMs, \d+ branches, \d+ queues, \d+ products, \d+ segments, \d+ field mappings \((.+)\)\n$/;

describe('handoff validate', () => {
  it('passes the shipped mappings with exit 0 and a summary', async () => {
    const res = await runCli(['validate', 'mappings']);
    expect(res.stderr).toBe('');
    expect(res.stdout).toMatch(OK);
    expect(res.code).toBe(0);
  });

  it('defaults to MAPPINGS_DIR, else the package mappings', async () => {
    const dir = brokenCopy({ file: 'roster.yaml', find: 'branch: evanston\n    role: banker', replace: 'branch: evanstn\n    role: banker' });
    const fromEnv = await runCli(['validate'], { env: { MAPPINGS_DIR: dir } });
    expect(fromEnv.code).toBe(1);
    const shipped = await runCli(['validate'], { env: { MAPPINGS_DIR: '' } });
    expect(shipped.code).toBe(0);
    expect(shipped.stdout).toMatch(OK);
  });

  it('prints each error as file:line:col relative to where it runs, then a summary, and exits 1', async () => {
    const dir = brokenCopy(
      { file: 'roster.yaml', find: 'branch: evanston\n    role: banker', replace: 'branch: evanstn\n    role: banker' },
      { file: 'routing.yaml', find: '    strategy: weighted', replace: '    stratgy: weighted' },
    );
    const name = path.basename(dir);
    const res = await runCli(['validate', name], { cwd: path.dirname(dir) });
    expect(res.code).toBe(1);
    expect(res.stdout.split('\n')).toEqual([
      `${name}/${at(dir, 'roster.yaml', 'evanstn')} rms[13].branch: unknown branch "evanstn"; expected one of the branches in roster.yaml (did you mean "evanston"?)`,
      `${name}/${at(dir, 'routing.yaml', 'stratgy')} rules[10].stratgy: unknown key "stratgy" (did you mean "strategy"?)`,
      '2 errors in 2 files; see docs/mappings.md',
      '',
    ]);
  });

  it('--json prints the errors array', async () => {
    const dir = brokenCopy({ file: 'fields.yaml', find: '    hubspot: referral_source', replace: '    hubspot: ssn' });
    const res = await runCli(['validate', dir, '--json']);
    expect(res.code).toBe(1);
    const [line, col] = at(dir, 'fields.yaml', 'ssn').split(':').slice(1).map(Number);
    expect(JSON.parse(res.stdout)).toEqual([
      {
        code: 'sensitive_field',
        message: 'HubSpot property "ssn" looks like a Social Security number; such data is not synced unless the mapping sets allow_sensitive: true and a justification',
        file: path.join(dir, 'fields.yaml'),
        line,
        col,
        path: 'fields[14].hubspot',
        found: 'ssn',
      },
    ]);
    const clean = await runCli(['validate', 'mappings', '--json']);
    expect(JSON.parse(clean.stdout)).toEqual([]);
    expect(clean.code).toBe(0);
  });

  it('says so when the folder does not exist', async () => {
    const res = await runCli(['validate', 'no/such/folder']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('no/such/folder mappings folder not found\n1 error in 1 file; see docs/mappings.md\n');
  });
});
