// The call-back phone number's rule and its masked form. Pure and free of zod, so that the
// kiosk page can check and show a number without loading the call-back schemas at start-up
// (cold start); call-back.ts builds its schema on this and re-exports it.

/** A mainland mobile number (11 digits from 1[3-9]) or an international one in E.164 form. */
export const CALLBACK_PHONE = /^(1[3-9]\d{9}|\+[1-9]\d{6,14})$/;
export const CALLBACK_PHONE_RULE = 'a mainland mobile number (11 digits) or an international number starting with +';

export function isCallbackPhone(phone: string): boolean {
  return CALLBACK_PHONE.test(phone);
}

/** 138****5678 / +44******1234: what lists and receipts show. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return phone.replace(/\d/g, '*');
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}
