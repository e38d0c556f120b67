/**
 * Out of rotation and back on PGlite: the scenarios are in ./scenarios/rotation.ts, shared with
 * ./postgres/rotation.test.ts; and the `handoff rotation` commands' help.
 */
import { runCli } from '../support/cli';
import { rotation } from './scenarios/rotation';

describe('out of rotation and back (PGlite)', () => {
  rotation('pglite');
});

test('handoff rotation list and restore each have --help', async () => {
  const list = await runCli(['rotation', 'list', '--help']);
  expect(list.code).toBe(0);
  expect(list.stdout).toContain('Usage: handoff rotation list [options]');
  expect(list.stdout).toContain('--json');
  const restore = await runCli(['rotation', 'restore', '--help']);
  expect(restore.code).toBe(0);
  expect(restore.stdout).toContain('Usage: handoff rotation restore [options] <rm-id>');
  expect(restore.stdout).toContain('--by <name>');
  expect(restore.stdout).toContain('--reason <text>');
});
