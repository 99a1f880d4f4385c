/** Picks the SMS provider from configuration. */
import type { Db } from '../../../db/client';
import { recordDevSms } from '../../../db/queries/otp';
import type { Config } from '../../env';
import { maskPhone } from '../../../contracts/phone';
import { phoneHash } from '../otp';
import { requireSettings, SMS_SETTINGS } from '../providers';
import { aliyunSms } from './aliyun';
import { tencentSms } from './tencent';
import type { SmsProvider } from './types';

/**
 * `console` records codes in D1 for GET /api/dev/sms (development and tests; refused in production
 * by env.ts); `aliyun` and `tencent` send real messages. Throws when the provider lacks one of its
 * settings (`SMS_SETTINGS` in providers.ts).
 */
export function createSms(config: Config, db: Db, now: () => number): SmsProvider {
  switch (config.SMS_PROVIDER) {
    case 'console':
      return {
        name: 'console',
        async send(phone, code) {
          await recordDevSms(db, await phoneHash(config, phone), code, now());
          console.log(`[console sms] ${maskPhone(phone)} code sent (read it from GET /api/dev/sms)`);
        },
      };
    case 'aliyun': {
      const c = requireSettings(config, SMS_SETTINGS.aliyun, 'SMS provider aliyun');
      return aliyunSms({
        accessKeyId: c.ALIYUN_ACCESS_KEY_ID,
        accessKeySecret: c.ALIYUN_ACCESS_KEY_SECRET,
        signName: c.ALIYUN_SMS_SIGN_NAME,
        templateCode: c.ALIYUN_SMS_TEMPLATE_CODE,
      });
    }
    case 'tencent': {
      const c = requireSettings(config, SMS_SETTINGS.tencent, 'SMS provider tencent');
      return tencentSms({
        secretId: c.TENCENT_SECRET_ID,
        secretKey: c.TENCENT_SECRET_KEY,
        sdkAppId: c.TENCENT_SMS_SDK_APP_ID,
        signName: c.TENCENT_SMS_SIGN_NAME,
        templateId: c.TENCENT_SMS_TEMPLATE_ID,
        region: c.TENCENT_SMS_REGION,
      });
    }
  }
}
