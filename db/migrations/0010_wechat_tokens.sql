-- WeChat Official Account credentials for the JS-SDK share card (docs/media.md): the access token
-- and the jsapi_ticket are each valid for about 2 hours and rate-limited by WeChat, so every Worker
-- isolate shares one copy here instead of fetching its own.
CREATE TABLE `wechat_tokens` (
  `kind` text PRIMARY KEY NOT NULL CHECK (`kind` IN ('access_token', 'jsapi_ticket')),
  `value` text NOT NULL,
  `expires_at` integer NOT NULL
);
