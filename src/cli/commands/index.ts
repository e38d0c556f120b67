import type { Command } from 'commander';
import { register as audit } from './audit';
import { register as backfill } from './backfill';
import { register as demo } from './demo';
import { register as dlq } from './dlq';
import { register as doctor } from './doctor';
import { register as explain } from './explain';
import { register as install } from './install';
import { register as migrate } from './migrate';
import { register as rotation } from './rotation';
import { register as run } from './run';
import { register as sandbox } from './sandbox';
import { register as simulate } from './simulate';
import { register as start } from './start';
import { register as sync } from './sync';
import { register as validate } from './validate';

/** Each command lives in its own file and registers itself. A command joins this list when it works. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [migrate, validate, audit, dlq, sandbox, run, sync, start, demo, explain, simulate, backfill, install, doctor, rotation];
