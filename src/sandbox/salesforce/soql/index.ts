/**
 * The SOQL subset the emulator understands: lexer → parser → binder (schema checks) → evaluator.
 * Every failure is a SoqlError whose `render(soql)` is the message Salesforce would send.
 */
import { bindQuery, type BoundQuery } from './binder';
import type { IdNormalizer, SoqlCatalog } from './catalog';
import { parseSoql } from './parser';

export { SoqlError } from './errors';
export { parseSoql } from './parser';
export { tokenize } from './lexer';
export { bindQuery, likeToRegex, type BoundQuery, type BoundPath, type BoundCondition } from './binder';
export { evaluate, datetimeMs, type QueryOutput, type UrlFor } from './evaluator';
export type { SoqlCatalog, SoqlData, SoqlField, SoqlObject, SoqlType, Row, IdNormalizer } from './catalog';
export type * from './ast';

export function compileSoql(soql: string, catalog: SoqlCatalog, normalizeId: IdNormalizer): BoundQuery {
  return bindQuery(parseSoql(soql), catalog, normalizeId);
}
