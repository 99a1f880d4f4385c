/** Picks the SMS provider from configuration. */
import type { Db } from '../../../db/client';
import { recordDevSms } from '../../../db/queries/otp';
import type { Config } from '../../env';
import { hmacHex } from '../crypto';
import { maskPhone } from '../../../contracts/phone';
import { aliyunSms } from './aliyun';
import { tencentSms } from './tencent';
import type { SmsProvider } from './types';

function required(config: Config, names: (keyof Config)[]): void {
  const missing = names.filter((n) => !config[n]);
  if (missing.length) throw new Error(`SMS provider ${config.SMS_PROVIDER} needs ${missing.join(', ')}`);
}

/**
 * `console` records codes in D1 for GET /api/dev/sms (development and tests; refused in production
 * by env.ts); `aliyun` and `tencent` send real messages.
 */
export function createSms(config: Config, db: Db, now: () => number): SmsProvider {
  switch (config.SMS_PROVIDER) {
    case 'console':
      return {
        name: 'console',
        async send(phone, code) {
          await recordDevSms(db, await hmacHex(config.PHONE_HASH_KEY, phone), code, now());
          console.log(`[console sms] ${maskPhone(phone)} code sent (read it from GET /api/dev/sms)`);
        },
      };
    case 'aliyun':
      required(config, [
        'ALIYUN_ACCESS_KEY_ID',
        'ALIYUN_ACCESS_KEY_SECRET',
        'ALIYUN_SMS_SIGN_NAME',
        'ALIYUN_SMS_TEMPLATE_CODE',
      ]);
      return aliyunSms({
        accessKeyId: config.ALIYUN_ACCESS_KEY_ID!,
        accessKeySecret: config.ALIYUN_ACCESS_KEY_SECRET!,
        signName: config.ALIYUN_SMS_SIGN_NAME!,
        templateCode: config.ALIYUN_SMS_TEMPLATE_CODE!,
      });
    case 'tencent':
      required(config, [
        'TENCENT_SECRET_ID',
        'TENCENT_SECRET_KEY',
        'TENCENT_SMS_SDK_APP_ID',
        'TENCENT_SMS_SIGN_NAME',
        'TENCENT_SMS_TEMPLATE_ID',
      ]);
      return tencentSms({
        secretId: config.TENCENT_SECRET_ID!,
        secretKey: config.TENCENT_SECRET_KEY!,
        sdkAppId: config.TENCENT_SMS_SDK_APP_ID!,
        signName: config.TENCENT_SMS_SIGN_NAME!,
        templateId: config.TENCENT_SMS_TEMPLATE_ID!,
        region: config.TENCENT_SMS_REGION,
      });
  }
}
