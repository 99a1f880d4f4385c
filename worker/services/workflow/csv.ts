/**
 * CSV for the admin exports: UTF-8 with a BOM so Excel opens Chinese correctly, RFC 4180 quoting
 * and CRLF line ends, and the formula-injection guard (a text cell starting with = + - @, tab or
 * CR is prefixed with '), by csv-stringify. Numbers are written as numbers, so -5 stays -5.
 */
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | null | undefined;

/** The CSV text of a header row and data rows. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return stringify([header, ...rows], {
    bom: true,
    record_delimiter: 'windows',
    escape_formulas: true,
  });
}

/** A download response for CSV text; `filename` may be Chinese (RFC 6266 filename*). */
export function csvResponse(csv: string, filename: string): Response {
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="export.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'Cache-Control': 'no-store',
    },
  });
}
