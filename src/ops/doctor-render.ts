/** `handoff doctor` for a person: one line per check, its status first, what to do indented below it. */
import type { Check } from './doctor-checks';

const TAG = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;

export function renderDoctor(checks: readonly Check[]): string {
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${TAG[c.status]}  ${c.message}`);
    if (c.fix && c.status !== 'ok') lines.push(`      → ${c.fix}`);
  }
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  lines.push(failed ? `${failed} check(s) failed${warned ? `, ${warned} warning(s)` : ''}.` : warned ? `All checks passed, ${warned} warning(s).` : 'All checks passed.');
  return lines.join('\n');
}
