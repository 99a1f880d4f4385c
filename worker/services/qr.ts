/**
 * QR codes as SVG text through `uqr` (no DOM, no canvas), so the same call works in the Worker, in
 * Node and in the browser: TOTP enrolment here, poster QR codes elsewhere.
 */
import { renderSVG } from 'uqr';

/**
 * An SVG QR code of `text`, error correction M (survives a smudged screen or print), with the
 * standard 4-module quiet zone, in black on white.
 */
export function qrSvg(text: string, pixelSize = 6): string {
  return renderSVG(text, { ecc: 'M', border: 4, pixelSize });
}
