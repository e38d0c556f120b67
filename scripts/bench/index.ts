/**
 * `npm run bench [name]`: the benchmarks, each printing JSON. `routing` (routing decisions with
 * explanations on a synthetic bank of 10,000 RMs, against a trivial round robin) and `sync`
 * (leads handed off against the sandbox's rate limits, against a naive SDK script). No name:
 * both, as one JSON object. Extra arguments go to the benchmark: `routing [leads]`,
 * `sync [contacts] [baselineContacts]`.
 */
import { benchRouting, routingFigures } from './routing';
import { benchSync } from './sync';

const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));

async function routing(args: string[]): Promise<Record<string, unknown>> {
  return routingFigures(await benchRouting({ leads: num(args[0]) ?? 5_000 }));
}

function sync(args: string[]): Promise<Record<string, unknown>> {
  const contacts = num(args[0]);
  const baseline = num(args[1]);
  return benchSync({ ...(contacts !== undefined ? { contacts } : {}), ...(baseline !== undefined ? { baseline } : {}) });
}

const BENCHES: Record<string, (args: string[]) => Promise<Record<string, unknown>>> = { routing, sync };

export async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (name !== undefined && !BENCHES[name]) {
    console.error(`unknown benchmark "${name}"; the benchmarks are: ${Object.keys(BENCHES).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  if (name) {
    console.log(JSON.stringify(await BENCHES[name]!(args)));
    return;
  }
  const all: Record<string, unknown> = {};
  for (const [n, run] of Object.entries(BENCHES)) all[n] = await run([]);
  console.log(JSON.stringify(all));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
