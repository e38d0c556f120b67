/** The parsed, not yet schema-checked, form of a SOQL query of the supported subset. */

export interface FieldRef {
  /** As written, split on dots: `Owner.Name` → ['Owner', 'Name']. */
  path: string[];
  offset: number;
}

export type Literal =
  | { kind: 'string'; value: string; raw: string; offset: number }
  | { kind: 'number'; value: number; offset: number }
  | { kind: 'datetime'; ms: number; text: string; offset: number }
  | { kind: 'date'; value: string; offset: number }
  | { kind: 'boolean'; value: boolean; offset: number }
  | { kind: 'null'; offset: number };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'and'; items: Condition[] }
  | { kind: 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; field: FieldRef; op: CompareOp; value: Literal }
  | { kind: 'in'; field: FieldRef; negated: boolean; values: Literal[] }
  | { kind: 'like'; field: FieldRef; pattern: Extract<Literal, { kind: 'string' }> };

export interface OrderItem {
  field: FieldRef;
  direction: 'ASC' | 'DESC';
  nulls: 'FIRST' | 'LAST';
}

export interface SelectQuery {
  /** `count: true` for `SELECT COUNT() FROM …`. */
  count: boolean;
  fields: FieldRef[];
  from: { name: string; offset: number };
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}
