/**
 * Mainland mobile numbers (docs/product.md): strip spaces and dashes, accept +86 / 0086 / 86 prefixes,
 * then the number must match 1[3-9]\d{9}. Shared by the vote form and the API so they agree.
 */
const MOBILE = /^1[3-9]\d{9}$/;

/** Returns the 11-digit number, or null when the input is not a mainland mobile number. */
export function normalisePhone(input: string): string | null {
  let s = input.replace(/[\s-]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.length === 13 && s.startsWith('86')) s = s.slice(2);
  return MOBILE.test(s) ? s : null;
}

/** 13812341234 -> 138****1234, the only form of a number an admin ever sees. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(7)}`;
}
