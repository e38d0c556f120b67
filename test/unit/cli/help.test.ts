import { runCli } from '../../support/cli';

describe('handoff --help', () => {
  it('lists each command with a one-line description, and each has its own --help', async () => {
    const res = await runCli(['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: handoff');
    const commands = [...res.stdout.matchAll(/^\s{2}([a-z][a-z-]*)(?: [^\s].*?)?\s{2,}(\S.*)$/gm)]
      .map((m) => m[1] as string)
      .filter((c) => c !== 'help');
    for (const c of commands) {
      const sub = await runCli([c, '--help']);
      expect({ c, code: sub.code }).toEqual({ c, code: 0 });
      expect(sub.stdout).toContain(`Usage: handoff ${c}`);
    }
    // One process per command, one after another: seconds each on a busy machine.
  }, 120_000);
});
