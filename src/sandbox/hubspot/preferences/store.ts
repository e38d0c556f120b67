/**
 * Communication Preferences v3 in the emulator, kept to what the SDK's models say
 * (SubscriptionDefinition, PublicSubscriptionStatus, PublicUpdateSubscriptionStatusRequest): the
 * portal's email subscription types, each email's status in each type, and subscribe/unsubscribe
 * for one type. An email the portal has no status for is SUBSCRIBED to every type (the sandbox's
 * prospects gave marketing consent on the form).
 *
 * hs_email_optout is left alone. It is "Unsubscribed from all email", a portal-wide opt-out, and
 * HubSpot documents the v3 unsubscribe as one subscription type at a time, not valid at portal
 * level; nothing says unsubscribing from every type sets it. So Handoff records its own delivery.
 */
import type { Clock } from '../../../domain/clock';
import { validationError } from '../wire';

export const SUBSCRIBED = 'SUBSCRIBED';
export const NOT_SUBSCRIBED = 'NOT_SUBSCRIBED';
export type SubscriptionStatusValue = typeof SUBSCRIBED | typeof NOT_SUBSCRIBED;

export interface SubscriptionDefinitionRecord {
  id: string;
  name: string;
  description: string;
  purpose?: string;
  communicationMethod?: string;
  isActive: boolean;
  isDefault: boolean;
  isInternal: boolean;
  createdAt: string;
  updatedAt: string;
}

interface StatusRecord {
  status: SubscriptionStatusValue;
  legalBasis?: string;
  legalBasisExplanation?: string;
  changedAt: string;
}

type DefinitionSeed = Omit<SubscriptionDefinitionRecord, 'createdAt' | 'updatedAt'>;

/** A bank's portal: marketing email, one-to-one email from bankers, rate alerts. Ids as HubSpot writes them (numbers as text). */
export const DEFAULT_SUBSCRIPTION_TYPES: readonly DefinitionSeed[] = [
  { id: '7736001', name: 'Marketing Information', description: 'Offers and news from the bank.', purpose: 'Marketing', communicationMethod: 'Email', isActive: true, isDefault: true, isInternal: false },
  { id: '7736002', name: 'One to One', description: 'Emails from your banker.', purpose: 'Sales', communicationMethod: 'Email', isActive: true, isDefault: true, isInternal: false },
  { id: '7736003', name: 'Rate alerts', description: 'When savings and loan rates change.', purpose: 'Marketing', communicationMethod: 'Email', isActive: true, isDefault: false, isInternal: false },
];

const LEGAL_BASES = ['LEGITIMATE_INTEREST_PQL', 'LEGITIMATE_INTEREST_CLIENT', 'PERFORMANCE_OF_CONTRACT', 'CONSENT_WITH_NOTICE', 'NON_GDPR', 'PROCESS_AND_STORE', 'LEGITIMATE_INTEREST_OTHER'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class PreferencesStore {
  private readonly types: SubscriptionDefinitionRecord[];
  /** lower-cased email → subscription type id → status */
  private readonly statuses = new Map<string, Map<string, StatusRecord>>();

  constructor(
    private readonly clock: Clock,
    seeds: readonly DefinitionSeed[] = DEFAULT_SUBSCRIPTION_TYPES,
  ) {
    const at = clock.now().toISOString();
    this.types = seeds.map((s) => ({ ...s, createdAt: at, updatedAt: at }));
  }

  definitions(): SubscriptionDefinitionRecord[] {
    return this.types.map((t) => ({ ...t }));
  }

  /** The email's status in every type, as GET /status/email/{emailAddress} answers it. */
  statusesOf(email: string): Record<string, unknown>[] {
    return this.types.map((t) => this.publicStatus(email, t));
  }

  /** The email's status in one type (SUBSCRIBED unless it left it). */
  statusOf(email: string, subscriptionId: string): SubscriptionStatusValue {
    return this.statuses.get(email.trim().toLowerCase())?.get(subscriptionId)?.status ?? SUBSCRIBED;
  }

  /** POST /unsubscribe: a type the email is already out of is refused, as HubSpot does. */
  unsubscribe(body: unknown): Record<string, unknown> {
    const { email, type, legal } = this.request(body);
    if (this.statusOf(email, type.id) === NOT_SUBSCRIBED) throw validationError(`${email} is already unsubscribed from subscription ${type.id}`);
    this.set(email, type.id, { status: NOT_SUBSCRIBED, ...legal });
    return this.publicStatus(email, type);
  }

  /** POST /subscribe: v3 will not resubscribe an email that opted out of the type. */
  subscribe(body: unknown): Record<string, unknown> {
    const { email, type, legal } = this.request(body);
    const had = this.statuses.get(email.trim().toLowerCase())?.get(type.id);
    if (had?.status === NOT_SUBSCRIBED) throw validationError(`${email} has opted out of subscription ${type.id} and cannot be resubscribed through this API`);
    this.set(email, type.id, { status: SUBSCRIBED, ...legal });
    return this.publicStatus(email, type);
  }

  /** The person opting back in on HubSpot's preference page (the sandbox acting as them, not an API call). */
  optBackIn(email: string, subscriptionId: string): void {
    this.set(email, subscriptionId, { status: SUBSCRIBED });
  }

  private request(body: unknown): { email: string; type: SubscriptionDefinitionRecord; legal: Pick<StatusRecord, 'legalBasis' | 'legalBasisExplanation'> } {
    const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const email = b['emailAddress'];
    const id = b['subscriptionId'];
    if (typeof email !== 'string' || !EMAIL.test(email.trim())) throw validationError('emailAddress must be a valid email address.');
    if (typeof id !== 'string' || id === '') throw validationError('subscriptionId is required.');
    const type = this.types.find((t) => t.id === id);
    if (!type) throw validationError(`Subscription ${id} does not exist.`);
    const basis = b['legalBasis'];
    if (basis !== undefined && (typeof basis !== 'string' || !LEGAL_BASES.includes(basis))) throw validationError(`legalBasis must be one of ${LEGAL_BASES.join(', ')}.`);
    const explanation = b['legalBasisExplanation'];
    return {
      email,
      type,
      legal: { ...(typeof basis === 'string' ? { legalBasis: basis } : {}), ...(typeof explanation === 'string' ? { legalBasisExplanation: explanation } : {}) },
    };
  }

  private set(email: string, id: string, r: Omit<StatusRecord, 'changedAt'>): void {
    const key = email.trim().toLowerCase();
    const byType = this.statuses.get(key) ?? new Map<string, StatusRecord>();
    byType.set(id, { ...r, changedAt: this.clock.now().toISOString() });
    this.statuses.set(key, byType);
  }

  private publicStatus(email: string, t: SubscriptionDefinitionRecord): Record<string, unknown> {
    const r = this.statuses.get(email.trim().toLowerCase())?.get(t.id);
    return {
      id: t.id,
      name: t.name,
      description: t.description,
      status: r?.status ?? SUBSCRIBED,
      sourceOfStatus: 'SUBSCRIPTION_STATUS',
      ...(r?.legalBasis !== undefined ? { legalBasis: r.legalBasis } : {}),
      ...(r?.legalBasisExplanation !== undefined ? { legalBasisExplanation: r.legalBasisExplanation } : {}),
    };
  }
}
