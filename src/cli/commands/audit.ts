import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { HandoffError, isHandoffError } from '../../errors';
import type { ChainHead } from '../../engine/audit';
import { exportAudit, verifyAudit } from '../../engine/audit';
import { withEngineDb } from '../../engine/open';
import { STORE_ENV_HELP, commandStore } from '../context';

interface VerifyFlags {
  json?: boolean;
  head?: string;
}

interface ExportFlags {
  lead?: string;
  since?: string;
  until?: string;
  out?: string;
}



function parseHead(text: string): ChainHead {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) throw new HandoffError('BAD_HEAD', `--head must be SEQ:HASH as \`handoff audit export\` prints it (e.g. 1042:3f7a…, 64 hex digits), got "${text}"`);
  return { seq: Number(m[1]), hash: m[2]! };
}

function parseDate(flag: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(d.getTime())) {
    throw new HandoffError('BAD_DATE', `${flag} must be an ISO-8601 date or time such as 2025-01-31 or 2025-01-31T09:00:00Z, got "${text}"`);
  }
  return d;
}

const describeHead = (h: ChainHead | null): string => (h ? `seq ${h.seq} sha256 ${h.hash}` : 'none (the audit trail is empty)');

async function openOut(file: string): Promise<Writable> {
  const stream = createWriteStream(file, { flags: 'w' });
  try {
    await once(stream, 'open');
  } catch (err) {
    throw new HandoffError('EXPORT_OUT_FAILED', `cannot write the export to ${file}: ${(err as Error).message}`);
  }
  return stream;
}

async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(line + '\n')) await once(out, 'drain');
}

/** JSON errors on stdout for --json callers, then the usual message and exit status. */
function jsonErrors<A extends unknown[]>(json: (...a: A) => boolean | undefined, fn: (...a: A) => Promise<void>) {
  return async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (err) {
      if (json(...args) && isHandoffError(err)) console.log(JSON.stringify({ error: { code: err.code, message: err.message } }));
      throw err;
    }
  };
}

/** `handoff audit verify` and `handoff audit export`: the tamper-evident trail, for compliance. */
export function register(program: Command): void {
  const audit = program.command('audit').description('Check and export the tamper-evident audit trail');

  audit
    .command('verify')
    .description('Recompute every hash of the audit chain; exit 1 and say where when it is broken')
    .option('--json', 'print the result as JSON: {"ok", "checked", "head", "firstBadSeq"?, "reason"?}')
    .option('--head <seq:hash>', 'a chain head exported earlier: also detects removal of the newest rows')
    .addHelpText('after', STORE_ENV_HELP + '\nExit status: 0 when the chain is intact, 1 when it is broken.')
    .action(
      jsonErrors(
        (flags: VerifyFlags) => flags.json,
        async (flags: VerifyFlags) => {
          const expectHead = flags.head === undefined ? undefined : parseHead(flags.head);
          const result = await withEngineDb(commandStore(), (db) => verifyAudit(db, { expectHead }));
          if (flags.json) {
            console.log(JSON.stringify(result));
          } else if (result.ok) {
            console.log(`audit trail intact: ${result.checked} event${result.checked === 1 ? '' : 's'} checked, head ${describeHead(result.head)}`);
          } else {
            console.log(`audit trail BROKEN at seq ${result.firstBadSeq}: ${result.reason}`);
            console.log(`${result.checked} event${result.checked === 1 ? '' : 's'} before it check out; the trail must not be trusted from seq ${result.firstBadSeq} on.`);
          }
          if (!result.ok) process.exitCode = 1;
        },
      ),
    );

  audit
    .command('export')
    .description('Write audit events as JSON Lines (one event per line, in chain order) and print the chain head to stderr')
    .option('--lead <id>', 'only the events of this lead')
    .option('--since <iso>', 'only events at or after this time')
    .option('--until <iso>', 'only events before this time')
    .option('--out <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      STORE_ENV_HELP +
        '\nEach line: {"seq","leadId","at","actor","type","summary","data","prevHash","hash"}, where\n' +
        '  hash = sha256hex(prevHash + canonical JSON of {seq, leadId, at, actor, type, summary, data})\n' +
        '  (keys sorted at every depth; prevHash empty for the first event).\n' +
        'Keep the printed head somewhere the database admins cannot change; `handoff audit verify --head SEQ:HASH` checks it later.',
    )
    .action(async (flags: ExportFlags) => {
      const filter = { leadId: flags.lead, since: parseDate('--since', flags.since), until: parseDate('--until', flags.until) };
      await withEngineDb(commandStore(), async (db) => {
        const { head, rows } = await exportAudit(db, filter);
        const out: Writable = flags.out ? await openOut(flags.out) : process.stdout;
        let n = 0;
        for await (const row of rows) {
          await writeLine(out, JSON.stringify(row));
          n++;
        }
        if (flags.out) {
          out.end();
          await once(out, 'finish');
        }
        console.error(`chain head: ${head ? `${head.seq}:${head.hash}` : 'none (the audit trail is empty)'} (${n} event${n === 1 ? '' : 's'} exported${flags.out ? ` to ${flags.out}` : ''})`);
      });
    });
}
