/**
 * Identity checks answer with a value, never an exception: a bad email is an expected input,
 * and the reason code is what readiness gates and return reasons branch on. Messages describe
 * the problem without repeating the value, which is personal data.
 */
export type IdentityErrorCode = 'EMAIL_INVALID' | 'PHONE_INVALID' | 'ZIP_INVALID' | 'ZIP_UNKNOWN';

export interface IdentityFailure<C extends IdentityErrorCode> {
  ok: false;
  error: C;
  message: string;
}
