/**
 * The environment, parsed once at start by one schema. Every problem is collected, and no
 * message ever carries a variable's value: tokens, keys and the password inside DATABASE_URL
 * must not reach a log or a terminal. Messages say which variable is wrong and what it needs.
 */
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { defaultMappingsDir } from '../paths';
import { didYouMean, didYouMeanSuffix } from './suggest';

/** Express's `trust proxy` setting: any hop, a number of hops, or addresses/subnets and express's names. */
export type TrustProxy = boolean | number | string[];

export const HUBSPOT_TIERS = ['starter', 'professional', 'enterprise', 'api_add_on'] as const;
export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;

const text = z.string().min(1);
const url = (protocols: string[], what: string) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be ${what}`);

const CONCURRENCY_MESSAGE = 'must be a whole number from 1 to 25 (Salesforce allows 25 long-running requests at once per org, shared with its other apps)';

/** Express's own names for address ranges (proxy-addr). */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY as express's `trust proxy` takes it; undefined when it is none of the forms. */
export function parseTrustProxy(raw: string): TrustProxy | undefined {
  const v = raw.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const parts = v.split(',').map((p) => p.trim()).filter(Boolean);
  const ok = parts.length > 0 && parts.every((p) => PROXY_NAMES.has(p) || isAddressOrSubnet(p));
  return ok ? parts : undefined;
}

function isAddressOrSubnet(p: string): boolean {
  const [addr, bits, extra] = p.split('/');
  if (extra !== undefined || !addr || isIP(addr) === 0) return false;
  if (bits === undefined) return true;
  const max = isIP(addr) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

const schema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'a postgres:// URL').optional(),
  HANDOFF_DATA_DIR: text.default('./.handoff'),
  REDIS_URL: url(['redis:', 'rediss:'], 'a redis:// or rediss:// URL').optional(),
  HUBSPOT_ACCESS_TOKEN: text.optional(),
  HUBSPOT_APP_SECRET: text.optional(),
  HUBSPOT_BASE_URL: url(['https:', 'http:'], 'an http(s) URL').default('https://api.hubapi.com'),
  HUBSPOT_TIER: z.enum(HUBSPOT_TIERS).default('starter'),
  SALESFORCE_LOGIN_URL: url(['https:', 'http:'], 'an http(s) URL such as https://login.salesforce.com').default('https://login.salesforce.com'),
  SALESFORCE_CLIENT_ID: text.optional(),
  SALESFORCE_USERNAME: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must be a Salesforce username (it looks like an email address)').optional(),
  SALESFORCE_PRIVATE_KEY: z
    .string()
    .transform((v) => v.replace(/\\n/g, '\n'))
    .refine((v) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v), 'must be a PEM private key (-----BEGIN PRIVATE KEY-----…); newlines may be written as \\n')
    .optional(),
  SALESFORCE_PRIVATE_KEY_FILE: z.string().refine((p) => existsSync(p), 'names a file that does not exist').optional(),
  SALESFORCE_INSTANCE_URL: url(['https:', 'http:'], 'an http(s) URL such as https://yourorg.my.salesforce.com').optional(),
  SALESFORCE_ACCESS_TOKEN: text.optional(),
  SALESFORCE_API_VERSION: z.string().regex(/^\d{2,3}\.0$/, 'must be an API version such as 62.0').default('62.0'),
  SALESFORCE_API_SHARE: z
    .string()
    .regex(/^(0?\.\d+|1(\.0+)?|0)$/, 'must be a fraction greater than 0 and at most 1, such as 0.25')
    .transform(Number)
    .refine((n) => n > 0 && n <= 1, 'must be a fraction greater than 0 and at most 1, such as 0.25')
    .default('0.25'),
  // Salesforce refuses more than 25 requests running longer than 20 s at once per org, counting
  // every app's: Handoff's cap leaves the rest to the bank's own users and integrations.
  SALESFORCE_MAX_CONCURRENCY: z
    .string()
    .regex(/^\d{1,2}$/, CONCURRENCY_MESSAGE)
    .transform(Number)
    .refine((n) => n >= 1 && n <= 25, CONCURRENCY_MESSAGE)
    .default('10'),
  EVENTS_API_TOKEN: z.string().min(16, 'must be at least 16 characters (a bearer token that is hard to guess)').optional(),
  MAPPINGS_DIR: text.optional(),
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number 0-65535')
    .transform(Number)
    .refine((n) => n <= 65535, 'must be a port number 0-65535')
    .default('8080'),
  PUBLIC_BASE_URL: url(['https:', 'http:'], 'an http(s) URL such as https://handoff.bank.example (no query)')
    .refine((v) => !/[?#]/.test(v), 'must be an http(s) URL such as https://handoff.bank.example (no query)')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  TRUST_PROXY: z
    .string()
    .transform(parseTrustProxy)
    .refine((v): v is TrustProxy => v !== undefined, 'must be true, false, a number of proxy hops, or addresses and subnets (loopback, uniquelocal, 10.0.0.0/8), comma-separated')
    .default('false'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
});

export type Credentials = 'none' | 'hubspot-only' | 'salesforce-only' | 'both';

export type SalesforceAuth =
  | { flow: 'jwt'; loginUrl: string; clientId: string; username: string; privateKey?: string; privateKeyFile?: string }
  | { flow: 'token'; instanceUrl: string; accessToken: string };

type Parsed = z.output<typeof schema>;

export interface Env extends Omit<Parsed, 'LOG_FORMAT' | 'MAPPINGS_DIR'> {
  MAPPINGS_DIR: string;
  LOG_FORMAT: 'json' | 'pretty';
  /** Which real systems are configured; 'none' means demo mode against the sandbox. */
  credentials: Credentials;
  salesforceAuth?: SalesforceAuth;
}

export interface LoadEnvResult {
  env?: Env;
  errors: string[];
  /** Not fatal: a misspelt optional variable, or two ways of authenticating where one wins. */
  warnings: string[];
}

/** Every variable Handoff reads; .env.example documents exactly these. */
export const ENV_VARIABLES: readonly string[] = Object.keys(schema.shape);
const KNOWN = ENV_VARIABLES;
const OURS = /^(HUBSPOT_|SALESFORCE_|HANDOFF_|EVENTS_API|MAPPING)/;

export function loadEnv(source: NodeJS.ProcessEnv = process.env, opts: { stdoutIsTTY?: boolean } = {}): LoadEnvResult {
  // `FOO=` in an env file means unset, not "the empty string".
  const raw = Object.fromEntries(KNOWN.map((k) => [k, source[k]?.trim() ? source[k] : undefined]));
  const warnings = Object.keys(source)
    .filter((k) => OURS.test(k) && !KNOWN.includes(k))
    .sort()
    .map((k) => `${k}: not a Handoff variable, ignored${didYouMeanSuffix(didYouMean(k, KNOWN))}`);

  const result = schema.safeParse(raw);
  // Which variables go together is a matter of presence alone, so it is checked even when a value is bad.
  const errors = [...(result.success ? [] : result.error.issues.map(describeIssue)), ...pairingProblems(raw)];
  if (!result.success || errors.length > 0) return { errors, warnings };
  const p = result.data;
  const jwtStarted = ['SALESFORCE_CLIENT_ID', 'SALESFORCE_USERNAME', 'SALESFORCE_PRIVATE_KEY', 'SALESFORCE_PRIVATE_KEY_FILE'].some((k) => raw[k] !== undefined);
  const tokenComplete = p.SALESFORCE_INSTANCE_URL !== undefined && p.SALESFORCE_ACCESS_TOKEN !== undefined;

  let salesforceAuth: SalesforceAuth | undefined;
  if (jwtStarted) {
    salesforceAuth = {
      flow: 'jwt',
      loginUrl: p.SALESFORCE_LOGIN_URL,
      clientId: p.SALESFORCE_CLIENT_ID as string,
      username: p.SALESFORCE_USERNAME as string,
      ...(p.SALESFORCE_PRIVATE_KEY !== undefined ? { privateKey: p.SALESFORCE_PRIVATE_KEY } : {}),
      ...(p.SALESFORCE_PRIVATE_KEY_FILE !== undefined ? { privateKeyFile: p.SALESFORCE_PRIVATE_KEY_FILE } : {}),
    };
    if (tokenComplete) warnings.push('SALESFORCE_INSTANCE_URL, SALESFORCE_ACCESS_TOKEN: ignored; the JWT bearer flow is configured too and wins');
  } else if (tokenComplete) {
    salesforceAuth = { flow: 'token', instanceUrl: p.SALESFORCE_INSTANCE_URL as string, accessToken: p.SALESFORCE_ACCESS_TOKEN as string };
  }
  const hubspot = p.HUBSPOT_ACCESS_TOKEN !== undefined;
  const credentials: Credentials = hubspot && salesforceAuth ? 'both' : hubspot ? 'hubspot-only' : salesforceAuth ? 'salesforce-only' : 'none';
  const isTTY = opts.stdoutIsTTY ?? process.stdout.isTTY === true;

  const env: Env = {
    ...p,
    MAPPINGS_DIR: p.MAPPINGS_DIR ?? defaultMappingsDir(),
    LOG_FORMAT: p.LOG_FORMAT ?? (isTTY ? 'pretty' : 'json'),
    credentials,
    ...(salesforceAuth ? { salesforceAuth } : {}),
  };
  return { env, errors: [], warnings };
}

/** Variables that only work together: each half-configured group, by what it lacks. */
function pairingProblems(raw: Record<string, string | undefined>): string[] {
  const has = (k: string): boolean => raw[k] !== undefined;
  const errors: string[] = [];
  const hasKey = has('SALESFORCE_PRIVATE_KEY') || has('SALESFORCE_PRIVATE_KEY_FILE');
  const jwtStarted = hasKey || has('SALESFORCE_CLIENT_ID') || has('SALESFORCE_USERNAME');
  const jwtMissing = [
    ...['SALESFORCE_CLIENT_ID', 'SALESFORCE_USERNAME'].filter((k) => !has(k)),
    ...(hasKey ? [] : ['SALESFORCE_PRIVATE_KEY or SALESFORCE_PRIVATE_KEY_FILE']),
  ];
  if (has('SALESFORCE_PRIVATE_KEY') && has('SALESFORCE_PRIVATE_KEY_FILE')) {
    errors.push('SALESFORCE_PRIVATE_KEY, SALESFORCE_PRIVATE_KEY_FILE: set one of them, not both');
  }
  if (jwtStarted && jwtMissing.length > 0) {
    errors.push(`${jwtMissing.join(', ')}: missing; the JWT bearer flow needs SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME and a private key`);
  }
  if (has('SALESFORCE_INSTANCE_URL') !== has('SALESFORCE_ACCESS_TOKEN')) {
    const missing = has('SALESFORCE_INSTANCE_URL') ? 'SALESFORCE_ACCESS_TOKEN' : 'SALESFORCE_INSTANCE_URL';
    errors.push(`${missing}: missing; SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN go together`);
  }
  if (has('HUBSPOT_APP_SECRET') && !has('HUBSPOT_ACCESS_TOKEN')) {
    errors.push('HUBSPOT_ACCESS_TOKEN: missing; HUBSPOT_APP_SECRET is set, which only makes sense with a HubSpot token');
  }
  return errors;
}

/** Both systems configured: run against the real APIs rather than the sandbox. */
export function hasRealCredentials(env: Pick<Env, 'credentials'>): boolean {
  return env.credentials === 'both';
}

/** MAPPINGS_DIR alone, for commands (validate) that must not fail on unrelated variables. */
export function mappingsDirFrom(source: NodeJS.ProcessEnv = process.env): string {
  return source.MAPPINGS_DIR?.trim() || defaultMappingsDir();
}

/** One line per problem, naming the variable and never echoing its value. */
function describeIssue(issue: z.ZodIssue): string {
  const name = String(issue.path[0] ?? 'environment');
  switch (issue.code) {
    case 'invalid_enum_value':
      return `${name}: must be one of ${issue.options.join(', ')}`;
    case 'too_small':
      return `${name}: ${issue.message.startsWith('must') ? issue.message : 'must not be empty'}`;
    case 'invalid_type':
      return `${name}: must be set as text`;
    default:
      // Our own messages ("must be a postgres:// URL"); zod's built-in ones could quote the value.
      return `${name}: ${issue.message.startsWith('must') || issue.message.startsWith('names') ? issue.message : 'is not valid'}`;
  }
}
