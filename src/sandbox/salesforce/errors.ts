/**
 * Salesforce's error shapes. REST resources answer with an array of `{message, errorCode, fields?}`;
 * sObject Collections report per record `{statusCode, message, fields}`. One internal form, two renderings.
 */
export interface SfError {
  errorCode: string;
  message: string;
  fields?: string[];
}

/** A whole request failed: rendered as `status` with the error array as body. */
export class SfRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: SfError[],
  ) {
    super(errors.map((e) => `${e.errorCode}: ${e.message}`).join('; '));
    this.name = 'SfRequestError';
  }
}

export const sfError = (errorCode: string, message: string, fields?: string[]): SfError =>
  fields === undefined ? { errorCode, message } : { errorCode, message, fields };

export const NOT_FOUND = (): SfError => sfError('NOT_FOUND', 'The requested resource does not exist');

/** Collections render errors with `statusCode` and always a `fields` array. */
export function toCollectionError(e: SfError): { statusCode: string; message: string; fields: string[] } {
  return { statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] };
}
