import { createRequire } from 'node:module';

type QRModel = { addData(data: string): void; make(): void; getModuleCount(): number; isDark(row: number, col: number): boolean };
type QRConstructor = new (typeNumber: number, errorCorrectLevel: number) => QRModel;

const require = createRequire(import.meta.url);
// qrcode-terminal draws from this matrix generator; it has no typings, so its shape is declared above.
const QRCode = require('qrcode-terminal/vendor/QRCode') as QRConstructor;
const LEVELS = require('qrcode-terminal/vendor/QRCode/QRErrorCorrectLevel') as { L: number; M: number; Q: number; H: number };

/** Drawing options: pixels per module and the white border in modules (the QR standard asks for 4). */
export type QrSvgOptions = { scale?: number; quiet?: number };

/** The QR code of `text` as an SVG document (one path of dark modules on white), drawn on the server without a browser library. */
export function qrSvg(text: string, options: QrSvgOptions = {}): string {
  const scale = options.scale ?? 6;
  const quiet = options.quiet ?? 4;
  const qr = new QRCode(-1, LEVELS.M);
  // The generator writes each char code as one byte; UTF-8 as a binary string keeps non-ASCII text intact.
  qr.addData(Buffer.from(text, 'utf8').toString('latin1'));
  qr.make();
  const count = qr.getModuleCount();
  const size = count + 2 * quiet;
  let path = '';
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) if (qr.isDark(row, col)) path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size * scale}" height="${size * scale}" ` +
    `shape-rendering="crispEdges" role="img" aria-label="QR code"><rect width="${size}" height="${size}" fill="#fff"/>` +
    `<path d="${path}" fill="#000"/></svg>`
  );
}
