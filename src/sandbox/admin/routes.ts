/**
 * The admin routes, one entry each with a one-line summary (GET / lists them). Input is checked
 * with small zod schemas; docs/sandbox.md has a curl for every route.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { SandboxEnv } from '../sandbox';
import type { AdminTarget } from './app';
import { AdminError } from './app';

export interface AdminRoute {
  method: 'get' | 'post' | 'delete';
  path: string;
  summary: string;
  handle(req: Request, res: Response): unknown;
}

function body<T extends z.ZodTypeAny>(schema: T, req: Request): z.output<T> {
  const r = schema.safeParse(req.body ?? {});
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
    throw new AdminError(400, 'BAD_REQUEST', problems);
  }
  return r.data;
}

const prospectsBody = z
  .object({ count: z.number().int().min(1).max(100_000), seed: z.number().int().optional(), existingCustomerShare: z.number().min(0).max(1).optional() })
  .strict();
const customersBody = z
  .object({
    customers: z
      .array(z.object({ email: z.string().email().max(80), rm: z.string().min(1), firstname: z.string().max(40).optional(), lastname: z.string().max(80).optional() }).strict())
      .min(1)
      .max(10_000),
  })
  .strict();
const advanceBody = z
  .object({ ms: z.number().int().min(0).optional(), minutes: z.number().min(0).optional(), hours: z.number().min(0).optional() })
  .strict()
  .refine((b) => b.ms !== undefined || b.minutes !== undefined || b.hours !== undefined, 'give ms, minutes or hours');
const speedBody = z.object({ speed: z.number().positive().max(100_000) }).strict();

export function adminRoutes(t: AdminTarget, env: () => SandboxEnv): AdminRoute[] {
  const clockState = () => ({ now: t.clock.now().toISOString(), speed: t.clock.getSpeed ? t.clock.getSpeed() : null });
  return [
    { method: 'get', path: '/env', summary: 'the environment a daemon needs', handle: (_q, res) => res.json(env()) },
    {
      method: 'post',
      path: '/prospects',
      summary: 'create {count} synthetic prospects in HubSpot (optional {seed})',
      handle: (req, res) => {
        const b = body(prospectsBody, req);
        const r = t.seedProspects(b.count, { ...(b.seed !== undefined ? { seed: b.seed } : {}), ...(b.existingCustomerShare !== undefined ? { existingCustomerShare: b.existingCustomerShare } : {}) });
        res.status(201).json({ created: r.created, existingCustomers: r.existingCustomers, withFlaws: r.withFlaws, contactIds: r.contactIds });
      },
    },
    {
      method: 'post',
      path: '/customers',
      summary: 'make {customers: [{email, rm}]} existing customers: a Salesforce Account and Contact owned by the RM',
      handle: (req, res) => {
        const b = body(customersBody, req);
        const unknown = b.customers.find((c) => !t.roster.byRmId.has(c.rm));
        if (unknown) throw new AdminError(400, 'UNKNOWN_RM', `no RM ${JSON.stringify(unknown.rm)} in roster.yaml`);
        const seeded = t.seedCustomers(b.customers.map(({ rm, ...c }) => ({ ...c, rmId: rm })));
        res.status(201).json({ customers: seeded });
      },
    },
    { method: 'get', path: '/calls', summary: 'call counts per system and route (Salesforce also per actor)', handle: (_q, res) => res.json(t.callCounts()) },
    {
      method: 'delete',
      path: '/calls',
      summary: 'reset the call counts',
      handle: (_q, res) => {
        t.resetCounts();
        res.status(204).end();
      },
    },
    { method: 'get', path: '/faults', summary: 'fault rules and the log of injected faults', handle: (_q, res) => res.json({ rules: t.faults.rules(), log: t.faults.log() }) },
    { method: 'post', path: '/faults', summary: 'add a fault rule (or a list of them)', handle: (req, res) => res.status(201).json({ rules: t.faults.add(req.body) }) },
    {
      method: 'delete',
      path: '/faults',
      summary: 'remove every fault rule (?log=true also empties the log)',
      handle: (req, res) => {
        t.faults.clear();
        if (req.query['log'] === 'true') t.faults.clearLog();
        res.status(204).end();
      },
    },
    {
      method: 'delete',
      path: '/faults/:id',
      summary: 'remove one fault rule',
      handle: (req, res) => {
        const id = String(req.params['id']);
        if (!t.faults.remove(id)) throw new AdminError(404, 'NO_SUCH_FAULT', `no fault rule ${id}`);
        res.status(204).end();
      },
    },
    { method: 'get', path: '/clock', summary: 'the sandbox time and speed', handle: (_q, res) => res.json(clockState()) },
    {
      method: 'post',
      path: '/clock/advance',
      summary: 'move the clock forward by {ms | minutes | hours}',
      handle: (req, res) => {
        const b = body(advanceBody, req);
        t.clock.advance(Math.round((b.ms ?? 0) + (b.minutes ?? 0) * 60_000 + (b.hours ?? 0) * 3_600_000));
        res.json(clockState());
      },
    },
    {
      method: 'post',
      path: '/clock/speed',
      summary: 'run the clock {speed} times faster than real time',
      handle: (req, res) => {
        const b = body(speedBody, req);
        if (!t.clock.setSpeed) throw new AdminError(409, 'CLOCK_NOT_SCALED', 'this sandbox runs on a manual clock; it only moves with /clock/advance');
        t.clock.setSpeed(b.speed);
        res.json(clockState());
      },
    },
    { method: 'post', path: '/webhooks/flush', summary: 'deliver the webhooks due now', handle: async (_q, res) => res.json(await t.hubspot.flushWebhooks()) },
    { method: 'post', path: '/rms/tick', summary: 'let the simulated RMs do what is due now', handle: async (_q, res) => res.json({ actions: await t.rms.tick() }) },
    {
      method: 'get',
      path: '/rms',
      summary: 'the roster users, their policies and workload',
      handle: (_q, res) => {
        const policies = t.rms.policies();
        res.json({
          rms: t.roster.users.map((u) => ({ id: u.rm.id, userId: u.userId, username: u.username, home: u.home, active: u.rm.active, timeZone: u.calendar.timeZone, policy: policies[u.rm.id] })),
          queues: t.roster.queues,
          workload: t.rms.workload(),
        });
      },
    },
    { method: 'get', path: '/summary', summary: 'counts of contacts, leads, tasks, events, opportunities by stage', handle: (_q, res) => res.json(t.summary()) },
  ];
}
