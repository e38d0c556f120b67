import os from 'node:os';
import type { Command } from 'commander';
import { systemClock } from '../../domain/clock';
import { HandoffError, isHandoffError } from '../../errors';
import type { DeadClass, DeadSelector, DlqActionResult } from '../../engine/dlq';
import { discardDead, listDead, retryDead } from '../../engine/dlq';
import type { DeadInboxClass, DeadInboxSelector } from '../../engine/dlq-inbox';
import { discardDeadInbox, isInboxClass, listDeadInbox, retryDeadInbox } from '../../engine/dlq-inbox';
import { withEngineDb } from '../../engine/open';
import { STORE_ENV_HELP, commandStore } from '../context';
import type { System } from '../../engine/outbox';

interface SelectFlags {
  id?: string;
  record?: string;
  system?: string;
  class?: string;
  inbox?: string;
  actor?: string;
  json?: boolean;
}

/** Dead outbox writes, or dead inbox items (`--inbox`, or an `inbox:` class). */
type Selection = { queue: 'outbox'; sel: DeadSelector } | { queue: 'inbox'; sel: DeadInboxSelector };

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

function defaultActor(): string {
  try {
    return `operator:${os.userInfo().username}`;
  } catch {
    return `operator:${process.env.USER ?? 'unknown'}`;
  }
}

/** Exactly one of --id, --record, --class, --inbox names what to act on. */
function selector(verb: string, f: SelectFlags): Selection {
  const given = [f.id, f.record, f.class, f.inbox].filter((v) => v !== undefined).length;
  if (given !== 1) {
    throw new HandoffError('DLQ_SELECTOR', `say which dead writes to ${verb}: exactly one of --id, --record, --class or --inbox (see \`handoff dlq list\`)`);
  }
  if (f.system !== undefined && f.system !== 'hubspot' && f.system !== 'salesforce') {
    throw new HandoffError('DLQ_SELECTOR', `--system must be hubspot or salesforce, got "${f.system}"`);
  }
  if (f.id !== undefined) {
    if (!/^\d+$/.test(f.id)) throw new HandoffError('DLQ_SELECTOR', `--id must be an outbox row id (a number), got "${f.id}"`);
    return { queue: 'outbox', sel: { id: Number(f.id) } };
  }
  if (f.inbox !== undefined) {
    if (!/^\d+$/.test(f.inbox)) throw new HandoffError('DLQ_SELECTOR', `--inbox must be an inbox item id (a number, as \`handoff dlq list\` shows it after #), got "${f.inbox}"`);
    return { queue: 'inbox', sel: { inboxId: Number(f.inbox) } };
  }
  if (f.record !== undefined) return { queue: 'outbox', sel: { recordKey: f.record, ...(f.system ? { system: f.system as System } : {}) } };
  return isInboxClass(f.class!) ? { queue: 'inbox', sel: { class: f.class! } } : { queue: 'outbox', sel: { class: f.class! } };
}

function describeSelector(f: SelectFlags): string {
  if (f.id !== undefined) return `--id ${f.id}`;
  if (f.inbox !== undefined) return `--inbox ${f.inbox}`;
  if (f.record !== undefined) return `--record ${f.record}${f.system ? ` --system ${f.system}` : ''}`;
  return `--class ${f.class}`;
}

function printClasses(classes: DeadClass[], inbox: DeadInboxClass[]): void {
  if (classes.length + inbox.length === 0) {
    console.log('the dead-letter queue is empty');
    return;
  }
  if (classes.length > 0) {
    const total = (k: 'records' | 'deadRows' | 'heldRows' | 'waitingWrites'): number => classes.reduce((n, c) => n + c[k], 0);
    console.log(
      `${plural(classes.length, 'error class', 'error classes')}: ${plural(total('records'), 'record')}, ${plural(total('deadRows'), 'dead row')}; ${plural(total('heldRows'), 'held row')} and ${plural(total('waitingWrites'), 'lead write')} waiting behind them`,
    );
    for (const c of classes) {
      console.log('');
      console.log(`${c.class}  ${plural(c.records, 'record')} (${plural(c.deadRows, 'dead row')}, ${plural(c.heldRows, 'held row')}, ${plural(c.waitingWrites, 'lead write')}), last ${c.lastFailedAt.toISOString()}`);
      console.log(`  last error: ${c.lastError}`);
      console.log(`  records:    ${c.examples.join(', ')}${c.records > c.examples.length ? ', …' : ''}`);
    }
    console.log('');
  }
  if (inbox.length > 0) {
    const items = inbox.reduce((n, c) => n + c.items, 0);
    console.log(`dead inbox items (changes Handoff could not handle): ${plural(items, 'item')} in ${plural(inbox.length, 'error class', 'error classes')}`);
    for (const c of inbox) {
      console.log('');
      console.log(`${c.class}  ${plural(c.items, 'item')} (${c.kinds.join(', ')}), last ${c.lastFailedAt.toISOString()}`);
      console.log(`  last error: ${c.lastError}`);
      console.log(`  items:      ${c.examples.map((x) => `#${x.id} (${x.sourceId})`).join(', ')}${c.items > c.examples.length ? ', …' : ''}`);
    }
    console.log('');
  }
  if (classes.length > 0) console.log('Lead writes wait in the lead itself: its contact status and Tasks until its Salesforce Lead is created, the steps after a lifecycle clear.');
  console.log('Retry a class once its cause is fixed: handoff dlq retry --class CLASS');
  console.log('Give up on one:                         handoff dlq discard --record KEY | --inbox ID --reason "…"');
}

/** What a discard did beyond the dead rows, in words: the held rows, and the leads' own writes. */
function discardedText(r: DlqActionResult): string {
  const lines = [`discarded ${plural(r.deadRows, 'dead row')} of ${plural(r.records, 'record')}; ${plural(r.releasedRows, 'held row')} released`];
  if (r.discardedHeldRows > 0) lines[0] += `, ${plural(r.discardedHeldRows, 'held Lead update')} discarded with them (their Leads were never created; the next create carries their fields)`;
  const { released, waiting } = r.leadWrites;
  if (released + waiting > 0) {
    lines.push(`lead writes that waited on them: ${released} released${waiting > 0 ? `, ${waiting} waiting for the Salesforce Lead (a Task needs its id), which the lead's next decision creates` : ''}`);
  }
  return lines.join('\n');
}

function addSelectOptions(cmd: Command): Command {
  return cmd
    .option('--id <n>', 'the record of this outbox row id')
    .option('--record <key>', 'the record with this record key (external id)')
    .option('--system <system>', 'with --record: only hubspot or only salesforce')
    .option('--class <class>', 'every record (or inbox item) of this error class, as `dlq list` shows it (system:code, inbox:source:code)')
    .option('--inbox <id>', 'the dead inbox item with this id (`dlq list` shows it after #)')
    .option('--actor <name>', 'who is acting, for the audit trail (default operator:<login>)')
    .option('--json', 'print the result as JSON: {"records", "deadRows", "releasedRows", "discardedHeldRows", "leadWrites": {"released", "waiting"}}, or {"items"} for inbox items');
}

async function act(verb: 'retry' | 'discard', flags: SelectFlags & { reason?: string }): Promise<void> {
  try {
    const chosen = selector(verb, flags);
    const actor = flags.actor ?? defaultActor();
    const reason = flags.reason ?? '';
    if (chosen.queue === 'inbox') {
      const { sel } = chosen;
      const result = await withEngineDb(commandStore(), (db) => (verb === 'retry' ? retryDeadInbox(db, systemClock, sel, { actor }) : discardDeadInbox(db, systemClock, sel, { actor, reason })));
      if (result.items === 0) throw new HandoffError('DLQ_NO_MATCH', `no dead inbox item matches ${describeSelector(flags)} (see \`handoff dlq list\`)`);
      if (flags.json) console.log(JSON.stringify(result));
      else if (verb === 'retry') console.log(`retried ${plural(result.items, 'dead inbox item')}: handled again at the next inbox run`);
      else console.log(`discarded ${plural(result.items, 'dead inbox item')}: never handled`);
      return;
    }
    const { sel } = chosen;
    const result: DlqActionResult = await withEngineDb(commandStore(), (db) => (verb === 'retry' ? retryDead(db, systemClock, sel, { actor }) : discardDead(db, systemClock, sel, { actor, reason })));
    if (result.records === 0) {
      throw new HandoffError('DLQ_NO_MATCH', `no dead write matches ${describeSelector(flags)} (see \`handoff dlq list\`)`);
    }
    if (flags.json) {
      console.log(JSON.stringify(result));
    } else if (verb === 'retry') {
      const waiting = result.leadWrites.waiting > 0 ? `; ${plural(result.leadWrites.waiting, 'lead write')} go once they land` : '';
      console.log(`retried ${plural(result.records, 'record')}: ${plural(result.deadRows, 'dead row')} and ${plural(result.releasedRows, 'held row')} back to pending${waiting}`);
    } else {
      console.log(discardedText(result));
    }
  } catch (err) {
    if (flags.json && isHandoffError(err)) console.log(JSON.stringify({ error: { code: err.code, message: err.message } }));
    throw err;
  }
}

const DISCARD_HELP = `What waited on a discarded write is released, except what cannot go without it:
  - a Salesforce Lead create that never landed: the Lead updates held behind it are discarded
    with it (alone they would make a Lead without its name); the lead keeps their fields and
    the create's for its next create, which its next decision makes (a change in HubSpot, such
    as the fixed field, or its SLA timer). The contact status that waited for the Lead is
    released now; the owner's Task waits for the new Lead, as it needs its id.
  - a HubSpot lifecycle clear: the contact writes after it are released now, without the stage
    it was to move back.
A discarded inbox item (--inbox, or --class inbox:source:code) is never handled.
Recorded in the audit trail, per record or item, with the reason. Exit status 1 when nothing matched.`;

/** `handoff dlq list|retry|discard`: the writes that failed for good, and what an operator does with them. */
export function register(program: Command): void {
  const dlq = program.command('dlq').description('Inspect, retry or discard dead-lettered writes to HubSpot and Salesforce, and inbox items Handoff could not handle');

  dlq
    .command('list')
    .description('Dead writes grouped by error class (system:code), with counts, what waits on them and example record keys; then dead inbox items (inbox:source:code), with example ids')
    .option('--json', 'print the classes as JSON, each with its queue: "outbox" or "inbox"')
    .option('--examples <n>', 'record keys (inbox item ids) to show per class', '5')
    .addHelpText('after', STORE_ENV_HELP)
    .action(async (flags: { json?: boolean; examples: string }) => {
      const examples = Number(flags.examples);
      if (!Number.isInteger(examples) || examples < 1 || examples > 1000) {
        throw new HandoffError('DLQ_EXAMPLES', `--examples must be a whole number from 1 to 1000, got "${flags.examples}"`);
      }
      const [classes, inbox] = await withEngineDb(commandStore(), async (db) => [await listDead(db, { examples }), await listDeadInbox(db, { examples })] as const);
      if (flags.json) console.log(JSON.stringify([...classes, ...inbox], null, 2));
      else printClasses(classes, inbox);
    });

  addSelectOptions(
    dlq
      .command('retry')
      .description('Send dead writes again (after fixing their cause): they and the writes held behind them go back to pending; dead inbox items are handled again'),
  )
    .addHelpText(
      'after',
      STORE_ENV_HELP +
        "\nWhat a lead keeps waiting on a retried write (its contact status and Task behind its Lead's create, the steps after a lifecycle clear) goes once it lands.\nA retried inbox item (--inbox, or --class inbox:source:code) is handled again at the next inbox run, with fresh attempts.\nRecorded in the audit trail, per record or item. Exit status 1 when nothing matched.",
    )
    .action((flags: SelectFlags) => act('retry', flags));

  addSelectOptions(
    dlq
      .command('discard')
      .description('Give up on dead writes (never sent); the writes held behind them are released in order; dead inbox items are never handled'),
  )
    .requiredOption('--reason <text>', 'why, for the audit trail (required)')
    .addHelpText('after', STORE_ENV_HELP + '\n' + DISCARD_HELP)
    .action((flags: SelectFlags & { reason: string }) => act('discard', flags));
}
