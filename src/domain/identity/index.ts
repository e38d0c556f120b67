export type { IdentityErrorCode, IdentityFailure } from './types';
export { checkEmail } from './email';
export type { EmailCheck } from './email';
export { normalisePhone } from './phone';
export type { PhoneCheck } from './phone';
export { checkUsZip } from './zip';
export type { ZipCheck } from './zip';
