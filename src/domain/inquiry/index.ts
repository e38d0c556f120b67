export { CONVERSION_PROPERTIES, conversionInquiry } from './detect';
export type { Inquiry } from './detect';
export { MARKETING_STATES, decideReinquiry, inquiryExplanation } from './decide';
export type { ReinquiryAction, ReinquiryInput, ReinquiryOutcome } from './decide';
