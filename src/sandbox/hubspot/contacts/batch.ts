/**
 * The contacts batch endpoints' semantics: the 100-input cap (50 with history), duplicate-ID
 * rejection, all-or-nothing validation unless every input carries an `objectWriteTraceId`
 * (then per-input errors in a 207), and 207 `OBJECT_NOT_FOUND` for ids that do not exist.
 */
import type { HubSpotHttpError } from '../wire';
import { validationError } from '../wire';
import type { PublicObject, ReadShape } from './serialize';
import { toPublicObject } from './serialize';
import type { ContactService } from './service';
import { conflict } from './service';
import type { ContactRecord, WriteSource } from './types';

export interface BatchReply {
  status: number;
  body?: unknown;
}

interface StandardError {
  status: 'error';
  category: string;
  message: string;
  context: Record<string, string[]>;
  errors?: unknown[];
  links?: Record<string, string>;
}

const MAX_INPUTS = 100;
const MAX_HISTORY_INPUTS = 50;
const NOT_FOUND_MESSAGE = 'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.';

type Input = Record<string, unknown>;

export function readInputs(body: unknown, limit = MAX_INPUTS): Input[] {
  const inputs = (body as { inputs?: unknown } | undefined)?.inputs;
  if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: inputs must be an array.');
  if (inputs.length > limit) {
    throw validationError(
      limit === MAX_INPUTS
        ? 'The maximum number of inputs supported in a batch is 100. Please reduce the number of items and try again'
        : `The maximum number of inputs supported in a batch request for property histories is ${limit}. Please reduce the number of items and try again`,
    );
  }
  return inputs.map((i) => (i !== null && typeof i === 'object' ? (i as Input) : {}));
}

function idOf(input: Input): string {
  const id = input['id'];
  return typeof id === 'string' ? id : typeof id === 'number' ? String(id) : '';
}

/** Whole-request 400 when an id repeats (emails compare case-insensitively). */
export function rejectDuplicateIds(inputs: Input[], caseInsensitive: boolean): void {
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const input of inputs) {
    const id = idOf(input);
    const key = caseInsensitive ? id.toLowerCase() : id;
    if (seen.has(key) && !dups.includes(id)) dups.push(id);
    seen.add(key);
  }
  if (dups.length) {
    throw validationError(`Duplicate IDs found in batch input: [${dups.join(', ')}]. IDs must be unique`, { context: { ids: dups } });
  }
}

function complete(now: string, results: unknown[], errors: StandardError[], okStatus: number): BatchReply {
  const body: Record<string, unknown> = { status: 'COMPLETE', results };
  if (errors.length) {
    body['numErrors'] = errors.length;
    body['errors'] = errors;
  }
  body['startedAt'] = now;
  body['completedAt'] = now;
  return { status: errors.length ? 207 : okStatus, body };
}

const notFoundError = (ids: string[]): StandardError => ({ status: 'error', category: 'OBJECT_NOT_FOUND', message: NOT_FOUND_MESSAGE, context: { ids } });

function itemError(e: HubSpotHttpError, traceId: string): StandardError {
  return {
    status: 'error',
    category: e.extras.category ?? 'VALIDATION_ERROR',
    message: e.message,
    context: { objectWriteTraceId: [traceId] },
    errors: e.extras.errors ?? [],
    links: {},
  };
}

const traceIdOf = (input: Input): string | undefined =>
  typeof input['objectWriteTraceId'] === 'string' ? input['objectWriteTraceId'] : undefined;

export class ContactBatches {
  constructor(
    private readonly svc: ContactService,
    private readonly now: () => string,
    private readonly shape: (p?: string[], h?: string[]) => ReadShape,
  ) {}

  read(body: unknown, archived: boolean): BatchReply {
    const b = (body ?? {}) as { properties?: unknown; propertiesWithHistory?: unknown; idProperty?: unknown };
    const props = Array.isArray(b.properties) ? b.properties.filter((p): p is string => typeof p === 'string') : undefined;
    const hist = Array.isArray(b.propertiesWithHistory) ? b.propertiesWithHistory.filter((p): p is string => typeof p === 'string') : [];
    const inputs = readInputs(body, hist.length ? MAX_HISTORY_INPUTS : MAX_INPUTS);
    const idProperty = typeof b.idProperty === 'string' ? b.idProperty : undefined;
    rejectDuplicateIds(inputs, idProperty === 'email');
    const shape = this.shape(props?.length ? props : undefined, hist);
    const results: PublicObject[] = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const rec = this.svc.resolve(idOf(input), idProperty, { archived });
      if (rec) results.push(toPublicObject(rec, shape));
      else missing.push(idOf(input));
    }
    return complete(this.now(), results, missing.length ? [notFoundError(missing)] : [], 200);
  }

  create(body: unknown, source: WriteSource): BatchReply {
    const inputs = readInputs(body);
    const perItem = inputs.length > 0 && inputs.every((i) => traceIdOf(i) !== undefined);
    const pending = new Map<string, number>(); // email -> index of the input that will create it
    const plans = inputs.map((input, idx) => {
      const c = this.svc.check(input['properties']);
      if (!c.ok) return { input, error: c.error };
      const owner = this.svc.emailOwner(c.values);
      if (owner) return { input, error: conflict(owner.id) };
      const email = c.values['email'];
      if (email && pending.has(email)) return { input, error: validationError(`Duplicate email in batch input: ${email}`) };
      if (email) pending.set(email, idx);
      return { input, values: c.values };
    });
    const firstError = plans.find((p) => p.error)?.error;
    if (firstError && !perItem) throw firstError;
    const results: unknown[] = [];
    const errors: StandardError[] = [];
    for (const p of plans) {
      if (p.error) errors.push(itemError(p.error, traceIdOf(p.input) ?? ''));
      else results.push(this.written(this.svc.store.create(p.values ?? {}, source), p.input));
    }
    return complete(this.now(), results, errors, 201);
  }

  update(body: unknown, source: WriteSource): BatchReply {
    const inputs = readInputs(body);
    rejectDuplicateIds(inputs, inputs.some((i) => i['idProperty'] === 'email'));
    const perItem = inputs.length > 0 && inputs.every((i) => traceIdOf(i) !== undefined);
    const missing: string[] = [];
    const plans: { input: Input; rec?: ContactRecord; values?: Record<string, string>; error?: HubSpotHttpError }[] = [];
    for (const input of inputs) {
      const idProperty = typeof input['idProperty'] === 'string' ? input['idProperty'] : undefined;
      const rec = this.svc.resolve(idOf(input), idProperty);
      if (!rec) {
        missing.push(idOf(input));
        continue;
      }
      const c = this.svc.check(input['properties']);
      if (!c.ok) {
        plans.push({ input, error: c.error });
        continue;
      }
      const owner = this.svc.emailOwner(c.values);
      plans.push(owner && owner.id !== rec.id ? { input, error: conflict(owner.id) } : { input, rec, values: c.values });
    }
    const firstError = plans.find((p) => p.error)?.error;
    if (firstError && !perItem) throw firstError;
    const results: unknown[] = [];
    const errors: StandardError[] = missing.length ? [notFoundError(missing)] : [];
    for (const p of plans) {
      if (p.error) errors.push(itemError(p.error, traceIdOf(p.input) ?? ''));
      else if (p.rec) {
        this.svc.store.update(p.rec, p.values ?? {}, source);
        results.push(this.written(p.rec, p.input));
      }
    }
    return complete(this.now(), results, errors, 200);
  }

  upsert(body: unknown, source: WriteSource): BatchReply {
    const inputs = readInputs(body);
    for (const input of inputs) {
      const idProperty = input['idProperty'];
      if (typeof idProperty !== 'string' || idProperty === 'hs_object_id') {
        throw validationError(`Unable to perform update/upsert by non-unique 0-1 property ${typeof idProperty === 'string' ? idProperty : 'hs_object_id'}`);
      }
      if (idProperty !== 'email' && !this.svc.properties.get(idProperty)?.hasUniqueValue) {
        throw validationError(`Unable to perform update/upsert by non-unique 0-1 property ${idProperty}`);
      }
    }
    rejectDuplicateIds(inputs, true);
    const perItem = inputs.length > 0 && inputs.every((i) => traceIdOf(i) !== undefined);
    const plans = inputs.map((input) => {
      const idProperty = input['idProperty'] as string;
      const c = this.svc.check(input['properties']);
      if (!c.ok) return { input, error: c.error };
      const rec = this.svc.resolve(idOf(input), idProperty);
      const values = rec ? c.values : { ...c.values, [idProperty]: c.values[idProperty] ?? idOf(input) };
      // Creating by email: the id is the email and must itself be valid.
      const idCheck = rec ? undefined : this.svc.check({ [idProperty]: values[idProperty] });
      if (idCheck && !idCheck.ok) return { input, error: idCheck.error };
      if (idCheck?.ok) Object.assign(values, idCheck.values);
      const owner = this.svc.emailOwner(values);
      if (owner && owner.id !== rec?.id) return { input, error: conflict(owner.id) };
      return { input, rec, values };
    });
    const firstError = plans.find((p) => p.error)?.error;
    if (firstError && !perItem) throw firstError;
    const results: unknown[] = [];
    const errors: StandardError[] = [];
    for (const p of plans) {
      if (p.error) {
        errors.push(itemError(p.error, traceIdOf(p.input) ?? ''));
      } else if (p.rec) {
        this.svc.store.update(p.rec, p.values ?? {}, source);
        results.push({ ...this.written(p.rec, p.input), new: false });
      } else {
        results.push({ ...this.written(this.svc.store.create(p.values ?? {}, source), p.input), new: true });
      }
    }
    return complete(this.now(), results, errors, 200);
  }

  archive(body: unknown, source: WriteSource): BatchReply {
    const inputs = readInputs(body);
    rejectDuplicateIds(inputs, false);
    // Ids that do not exist are ignored: archiving is idempotent.
    for (const input of inputs) {
      const rec = this.svc.store.get(idOf(input));
      if (rec) this.svc.store.archive(rec, source);
    }
    return { status: 204 };
  }

  /** A written record as batch writes echo it: the properties that were sent plus the defaults. */
  private written(rec: ContactRecord, input: Input): PublicObject & { objectWriteTraceId?: string } {
    const sent = input['properties'] && typeof input['properties'] === 'object' ? Object.keys(input['properties']) : [];
    const obj: PublicObject & { objectWriteTraceId?: string } = toPublicObject(rec, this.shape([...DEFAULTS_FOR_WRITES, ...sent]));
    const trace = traceIdOf(input);
    if (trace !== undefined) obj.objectWriteTraceId = trace;
    return obj;
  }
}

const DEFAULTS_FOR_WRITES = ['firstname', 'lastname', 'email'];
