/** The WeChat JS-SDK share-card signature endpoint (docs/media.md). */
import { z } from 'zod';

export const JssdkSignatureQuery = z.object({
  url: z
    .string()
    .max(2000)
    .meta({ description: "The full address of this site's page that calls wx.config (the part after # is ignored)" }),
});
export type JssdkSignatureQuery = z.infer<typeof JssdkSignatureQuery>;

export const JssdkSignature = z
  .object({
    appId: z.string(),
    timestamp: z.number().int().meta({ description: 'Seconds since the epoch' }),
    nonceStr: z.string(),
    signature: z.string().meta({ description: 'SHA-1 hex of jsapi_ticket, noncestr, timestamp and url' }),
  })
  .meta({ id: 'JssdkSignature' });
export type JssdkSignature = z.infer<typeof JssdkSignature>;
