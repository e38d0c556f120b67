/**
 * Fault rules as data: what the admin API accepts and `startSandbox({ faults })` takes. A rule
 * names a system, a route (the call-count key, or a glob over keys), a kind of fault, when it
 * fires (always, with a probability, every Nth matching call, at most `count` times, for a while)
 * and the kind's parameters. Input is validated here; a bad rule is a HandoffError whose message
 * names every problem.
 */
import { z } from 'zod';
import { HandoffError } from '../../errors';

export const FAULT_SYSTEMS = ['hubspot', 'salesforce'] as const;
export const FAULT_KINDS = ['latency', 'error', 'reset', 'timeout', 'rate_limit', 'partial'] as const;
export type FaultSystem = (typeof FAULT_SYSTEMS)[number];
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Who made a call. Salesforce knows the user; HubSpot calls are always the integration's. */
export type Actor = 'integration' | 'rm' | 'other';

const paramsSchema = z
  .object({
    /** latency: added delay in real milliseconds; timeout: how long the request is held before the socket is dropped. */
    ms: z.number().int().min(0).max(600_000).optional(),
    /** latency: up to this many more milliseconds, drawn from the rule's stream. */
    jitterMs: z.number().int().min(0).max(600_000).optional(),
    /** error: HTTP status (default 500 for HubSpot, 503 for Salesforce). */
    status: z.number().int().min(400).max(599).optional(),
    /** error/partial: HubSpot category or Salesforce errorCode of the injected error. */
    code: z.string().min(1).max(100).optional(),
    message: z.string().min(1).max(500).optional(),
    /** rate_limit on HubSpot: which policy's 429 (default TEN_SECONDLY_ROLLING). */
    policy: z.enum(['TEN_SECONDLY_ROLLING', 'SECONDLY', 'DAILY']).optional(),
    /** rate_limit on Salesforce, which has no 429: concurrent (403 ConcurrentPerOrgLongTxn), total (403 TotalRequests), unavailable (503). */
    variant: z.enum(['concurrent', 'total', 'unavailable']).optional(),
    /** rate_limit: send Retry-After with this many seconds (HubSpot does not send it dependably; default none). */
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    /** partial: chance each record of the batch fails (default 0.5; at least one fails, and one succeeds when there are two or more). */
    recordProbability: z.number().min(0).max(1).optional(),
    /** partial: fail exactly these input positions (0-based) instead of drawing. */
    indexes: z.array(z.number().int().min(0)).max(200).optional(),
  })
  .strict();

export type FaultParams = z.infer<typeof paramsSchema>;

export const faultRuleSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only, at most 64').optional(),
    system: z.enum(FAULT_SYSTEMS),
    /** A call-count key (`POST /crm/v3/objects/contacts/batch/upsert`) or a glob where * matches anything; default every route. */
    route: z.string().min(1).max(300).default('*'),
    kind: z.enum(FAULT_KINDS),
    /** Chance a matching call gets the fault (default 1). */
    probability: z.number().min(0).max(1).optional(),
    /** Only every Nth matching call (the Nth, 2Nth, …) is a candidate. */
    everyNth: z.number().int().positive().optional(),
    /** The rule is spent after injecting this many faults. */
    count: z.number().int().positive().optional(),
    /** The rule is active this long, by the sandbox clock, from when it was added. */
    durationMs: z.number().int().positive().optional(),
    /** Salesforce: whose calls are hit: the integration user's (default: the daemon) or anyone's, simulated RMs included. */
    actor: z.enum(['integration', 'any']).default('integration'),
    params: paramsSchema.default({}),
  })
  .strict()
  .superRefine((r, ctx) => {
    const p = r.params;
    if (r.kind === 'latency' && p.ms === undefined) ctx.addIssue({ code: 'custom', path: ['params', 'ms'], message: 'latency needs params.ms' });
    if (r.system === 'hubspot' && p.variant !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['params', 'variant'], message: 'variant is for Salesforce; HubSpot takes params.policy' });
    }
    if (r.system === 'salesforce' && p.policy !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['params', 'policy'], message: 'policy is for HubSpot; Salesforce takes params.variant' });
    }
  });

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema> & { id: string };

/** Validates one rule or a list; throws SANDBOX_BAD_FAULT naming every problem. */
export function parseFaultRules(input: unknown): z.output<typeof faultRuleSchema>[] {
  const list = Array.isArray(input) ? input : [input];
  const parsed = z.array(faultRuleSchema).min(1, 'at least one rule').safeParse(list);
  if (!parsed.success) {
    // One rule in: paths as `params.ms`; a list: `[2].params.ms`.
    const where = (path: (string | number)[]) => {
      const [index, ...rest] = path;
      const inner = rest.join('.');
      if (index === undefined) return 'rules';
      if (!Array.isArray(input)) return inner || 'rule';
      return inner ? `[${index}].${inner}` : `[${index}]`;
    };
    const problems = parsed.error.issues.map((i) => `${where(i.path)}: ${i.message}`);
    throw new HandoffError('SANDBOX_BAD_FAULT', `invalid fault rule: ${problems.join('; ')}`, { problems });
  }
  return parsed.data;
}

/** `*` matches any run of characters; everything else literally. Case-sensitive, like the keys. */
export function routeMatches(pattern: string, route: string): boolean {
  if (pattern === '*' || pattern === route) return true;
  if (!pattern.includes('*')) return false;
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(route);
}
