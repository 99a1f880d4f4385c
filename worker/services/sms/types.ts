/** Sends one verification code to one mainland number (11 digits, no prefix). */
export interface SmsProvider {
  readonly name: 'console' | 'aliyun' | 'tencent';
  send(phone: string, code: string): Promise<void>;
}
