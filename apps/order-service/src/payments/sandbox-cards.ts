/**
 * The sandbox's outcomes, keyed by the test payment-method ids Stripe documents
 * (https://docs.stripe.com/testing), so a client written against the sandbox works unchanged in Stripe's test mode.
 */
export type SandboxOutcome =
  { status: 'succeeded' } | { status: 'failed'; failureCode: string } | { status: 'requires_action' };

const SUCCEEDS = ['pm_card_visa', 'pm_card_visa_debit', 'pm_card_mastercard', 'pm_card_amex', 'pm_card_discover'];

const DECLINES: Record<string, string> = {
  pm_card_chargeDeclined: 'generic_decline',
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
  pm_card_chargeDeclinedLostCard: 'lost_card',
  pm_card_chargeDeclinedStolenCard: 'stolen_card',
  pm_card_chargeDeclinedExpiredCard: 'expired_card',
  pm_card_chargeDeclinedIncorrectCvc: 'incorrect_cvc',
  pm_card_chargeDeclinedProcessingError: 'processing_error',
};

const NEEDS_ACTION = ['pm_card_authenticationRequired', 'pm_card_threeDSecure2Required'];

/** The outcome of paying with this method; undefined for a method the sandbox (like Stripe) does not know. */
export function sandboxOutcome(paymentMethod: string): SandboxOutcome | undefined {
  if (SUCCEEDS.includes(paymentMethod)) return { status: 'succeeded' };
  if (paymentMethod in DECLINES) return { status: 'failed', failureCode: DECLINES[paymentMethod] };
  if (NEEDS_ACTION.includes(paymentMethod)) return { status: 'requires_action' };
  return undefined;
}
