/**
 * oEmbed (https://oembed.com, section 2.2): the query of `GET /api/oembed` and its `rich` answer
 * for this site's poll and notice addresses.
 */
import { z } from 'zod';
import { decimalInt } from './input';

export const OembedQuery = z.object({
  url: z.string().min(1).max(2048),
  /** Only `json` is served; any other format answers 501 (oEmbed 2.2). */
  format: z.string().max(16).optional(),
  maxwidth: decimalInt(1, 10_000).optional(),
  maxheight: decimalInt(1, 10_000).optional(),
});
export type OembedQuery = z.infer<typeof OembedQuery>;

/** The `rich` answer (oEmbed 2.3.4). */
export const OembedRich = z.object({
  version: z.literal('1.0'),
  type: z.literal('rich'),
  title: z.string(),
  provider_name: z.string(),
  provider_url: z.string(),
  cache_age: z.number().int(),
  html: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});
export type OembedRich = z.infer<typeof OembedRich>;
