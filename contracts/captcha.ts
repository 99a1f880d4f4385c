/**
 * The captcha's public settings that the poll page embeds for the vote form: which provider, and
 * the public identifiers its front-end script needs. Never a secret.
 */
export type PublicCaptcha =
  | { provider: 'none' }
  | { provider: 'tencent'; appId: string }
  | { provider: 'aliyun'; sceneId: string; prefix: string }
  | { provider: 'turnstile'; siteKey: string };
