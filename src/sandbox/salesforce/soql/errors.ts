/**
 * SOQL errors carry the Salesforce error code and the position of the offending token, so the
 * message can be rendered the way Salesforce renders it:
 *
 *   \nSELECT Id FRM Lead\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FRM'
 */
export type SoqlErrorCode =
  | 'MALFORMED_QUERY'
  | 'INVALID_FIELD'
  | 'INVALID_TYPE'
  | 'INVALID_QUERY_FILTER_OPERATOR'
  | 'NUMBER_OUTSIDE_VALID_RANGE';

export class SoqlError extends Error {
  constructor(
    readonly code: SoqlErrorCode,
    readonly detail: string,
    /** 0-based offset into the query text, or undefined when the error has no position. */
    readonly offset?: number,
  ) {
    super(detail);
    this.name = 'SoqlError';
  }

  /** The message Salesforce puts in the error body for this query. */
  render(soql: string): string {
    if (this.offset === undefined) return this.detail;
    const before = soql.slice(0, this.offset);
    const row = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    const lineEnd = soql.indexOf('\n', this.offset);
    const line = soql.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
    const col = this.offset - lineStart + 1;
    return `\n${line}\n${' '.repeat(col - 1)}^\nERROR at Row:${row}:Column:${col}\n${this.detail}`;
  }
}

export const noSuchColumn = (field: string, entity: string, offset?: number): SoqlError =>
  new SoqlError(
    'INVALID_FIELD',
    `No such column '${field}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append ` +
      `the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    offset,
  );
