/**
 * `handoff install` for a person: the plan (what is created, what differs and is left alone,
 * how much is already there), what was done, and what the admin must still do by hand.
 */
import type { MappedSalesforceField } from '../config/custom-fields';
import type { HubSpotPropertySpec } from '../connectors/handoff-schema';
import type { InstallProgress, InstallReport } from './install';
import type { PlanItem } from './install-plan';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function sfKind(s: MappedSalesforceField): string {
  if (s.type === 'Picklist') return `Picklist (${plural(s.values?.length ?? 0, 'value')})`;
  if (s.type === 'Text') return `Text(${s.length ?? 255})${s.externalId ? ', External ID' : ''}`;
  return s.type;
}

const hsKind = (s: HubSpotPropertySpec): string => (s.type === 'enumeration' ? `enumeration (${plural(s.options?.length ?? 0, 'option')})` : s.type);

const kindOf = (i: PlanItem): string => (i.system === 'salesforce' ? sfKind(i.spec) : hsKind(i.spec));

/** What the admin must do after Salesforce fields were created (or would be). */
export const FLS_NOTE = [
  'Salesforce gives a field created through the API no field-level security: until a permission set grants it,',
  "Handoff's integration user cannot read or write it (SOQL answers INVALID_FIELD). In Setup, grant Read and Edit",
  'on the new fields to a permission set assigned to the integration user (Setup > Permission Sets > Object',
  'Settings), then run `handoff doctor`.',
];

export function renderInstall(r: InstallReport): string {
  const lines: string[] = [];
  const created = new Set(r.created);
  const failed = new Map(r.failed.map((f) => [f.fullName, f]));
  for (const system of ['salesforce', 'hubspot'] as const) {
    const items = r.plan.items.filter((i) => i.system === system);
    lines.push(system === 'salesforce' ? 'Salesforce custom fields:' : 'HubSpot contact properties:');
    if (system === 'hubspot' && !r.plan.hubspotGroup.exists) {
      const g = `property group ${r.plan.hubspotGroup.name}`;
      lines.push(`  ${r.dryRun ? 'create ' : r.groupCreated ? 'created' : 'FAILED '}  ${g}${failed.get(g) ? `: ${failed.get(g)!.code}` : ''}`);
    }
    for (const i of items) {
      if (i.action === 'create') {
        const f = failed.get(i.fullName);
        const verb = r.dryRun ? 'create ' : f ? 'FAILED ' : created.has(i.fullName) ? 'created' : 'present';
        lines.push(`  ${verb}  ${i.fullName}  ${kindOf(i)}${f ? `: ${f.code} ${f.message}` : ''}`);
      } else if (i.action === 'differs') {
        lines.push(`  differs  ${i.fullName}: ${i.differences.map((d) => d.text).join('; ')} (left as is: change it in ${system === 'salesforce' ? 'Setup' : 'HubSpot settings'} if Handoff should write it)`);
      }
    }
    const present = items.filter((i) => i.action === 'present').length;
    lines.push(`  ${plural(present, 'already there', 'already there')}`);
  }
  const toCreate = r.plan.items.filter((i) => i.action === 'create');
  const differs = r.plan.items.filter((i) => i.action === 'differs').length;
  const sfNew = toCreate.some((i) => i.system === 'salesforce');
  if (r.dryRun) {
    lines.push(
      toCreate.length === 0 && r.plan.hubspotGroup.exists
        ? `Dry run: nothing to create${differs ? `; ${plural(differs, 'difference')} to look at` : ''}.`
        : `Dry run: ${plural(toCreate.length, 'field or property', 'fields and properties')} to create${differs ? `, ${plural(differs, 'difference')} to look at` : ''}; nothing was changed. Run \`handoff install\` to create them.`,
    );
  } else {
    lines.push(
      `Created ${plural(r.created.length, 'field or property', 'fields and properties')}${r.groupCreated ? ' and the property group' : ''}${r.failed.length ? `; ${r.failed.length} failed` : ''}${differs ? `; ${plural(differs, 'difference')} left as is` : ''}.`,
    );
  }
  if (sfNew && (r.dryRun || r.created.some((c) => !c.startsWith('contacts.')))) lines.push('', ...FLS_NOTE);
  return lines.join('\n');
}

/** Progress on stderr: one rewritten line on a terminal, a line per step otherwise. */
export function installProgress(stream: NodeJS.WriteStream = process.stderr): { update(p: InstallProgress): void; stop(): void } {
  let open = false;
  return {
    update(p) {
      if (p.what === 'done') return;
      const text = `${p.step === 'read' ? 'reading' : 'creating'} ${p.what} (${p.done + 1}/${p.total})`;
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${text}`);
        open = true;
      } else stream.write(`${text}\n`);
    },
    stop() {
      if (open) stream.write('\r\x1b[2K');
      open = false;
    },
  };
}
