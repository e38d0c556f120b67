/** Checks inside products.yaml, segments.yaml and statuses.yaml that a schema cannot express. */
import type { ProductsConfig, SegmentsConfig } from '../schemas/catalogue';
import type { StatusesConfig } from '../schemas/statuses';
import { checkKnown, checkUnique } from './context';
import type { CheckContext } from './context';

export function checkProducts(p: ProductsConfig, ctx: CheckContext): void {
  const families = checkUnique(ctx, p.families, (f) => f.id, (i) => ['families', i, 'id'], 'family id');
  checkUnique(ctx, p.products, (x) => x.id, (i) => ['products', i, 'id'], 'product id');
  checkUnique(ctx, p.products, (x) => x.salesforce_value, (i) => ['products', i, 'salesforce_value'], 'Salesforce value');
  checkUnique(ctx, p.products, (x) => x.hubspot_value, (i) => ['products', i, 'hubspot_value'], 'HubSpot value');
  p.products.forEach((x, i) => {
    checkKnown(ctx, { path: ['products', i, 'family'], noun: 'family', value: x.family, known: families, expected: 'one of the families in products.yaml' });
  });
}

export function checkSegments(s: SegmentsConfig, ctx: CheckContext): void {
  checkUnique(ctx, s.segments, (x) => x.id, (i) => ['segments', i, 'id'], 'segment id');
  checkUnique(ctx, s.segments, (x) => x.salesforce_value, (i) => ['segments', i, 'salesforce_value'], 'Salesforce value');
  checkUnique(ctx, s.segments, (x) => x.hubspot_value, (i) => ['segments', i, 'hubspot_value'], 'HubSpot value');
}

export function checkStatuses(s: StatusesConfig, ctx: CheckContext): void {
  const stages = checkUnique(ctx, s.opportunity_stages, (x) => x, (i) => ['opportunity_stages', i], 'opportunity stage');
  for (const stage of Object.keys(s.inbound.salesforce.Opportunity.StageName)) {
    checkKnown(ctx, {
      path: ['inbound', 'salesforce', 'Opportunity', 'StageName', stage],
      noun: 'opportunity stage',
      value: stage,
      known: stages,
      expected: 'one of the opportunity_stages in statuses.yaml',
      code: 'unknown_system_value',
      at: 'key',
    });
  }
}
