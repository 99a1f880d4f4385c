-- WeChat Official Account credentials for the JS-SDK share card (docs/media.md): the access token
-- and the jsapi_ticket are each valid for about 2 hours and rate-limited by WeChat, so every Worker
-- isolate shares one copy here instead of fetching its own.
CREATE TABLE `wechat_tokens` (
	`kind` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`expires_at` integer NOT NULL,
	CONSTRAINT "wechat_tokens_kind" CHECK("wechat_tokens"."kind" in ('access_token','jsapi_ticket'))
);
