/**
 * oEmbed (https://oembed.com, section 2.2): the query of `GET /api/oembed` and its `rich` answer
 * for this site's poll and notice addresses.
 */
import { z } from 'zod';

export const OembedQuery = z.object({
  url: z.string().min(1).max(2048),
  /** Only `json` is served; any other format answers 501 (oEmbed 2.2). */
  format: z.string().max(16).optional(),
  maxwidth: z.coerce.number().int().positive().max(10_000).optional(),
  maxheight: z.coerce.number().int().positive().max(10_000).optional(),
});
export type OembedQuery = z.infer<typeof OembedQuery>;

export interface OembedRich {
  version: '1.0';
  type: 'rich';
  title: string;
  provider_name: string;
  provider_url: string;
  cache_age: number;
  html: string;
  width: number;
  height: number;
}
