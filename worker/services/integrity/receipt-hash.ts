/** The receipt hash of the public record (contracts/ballot-record.ts; docs/transparency.md). */
import { hmacHex } from '../crypto';

/**
 * HMAC-SHA256 of the receipt code (as issued, 'XXXX-XXXX-XXXX') under RECEIPT_HASH_KEY, lowercase
 * hex. Keyed because a receipt has only ~59 bits (12 of 31 letters): an unkeyed hash of it could be
 * searched offline to link export rows to receipts. The receipt page tells its holder the hash.
 */
export function receiptHash(key: string, receipt: string): Promise<string> {
  return hmacHex(key, receipt);
}
