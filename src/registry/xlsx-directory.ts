import { open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

/** A worksheet as listed in an XLSX's workbook part, in the shape exceljs keeps it. */
export type WorkbookSheet = { name: string; id: number; state?: string; rId: string };

/** Random access to the bytes of a zip file. */
export type ZipSource = { size: number; read: (position: number, length: number) => Promise<Buffer> };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** The end-of-directory record (22 bytes) may be followed by a comment of up to 64 KiB. */
const TAIL = 22 + 0xffff;
const WORKBOOK = 'xl/workbook.xml';

/** A zip held in memory (an upload). */
export function bufferSource(bytes: Buffer): ZipSource {
  return { size: bytes.length, read: async (position, length) => bytes.subarray(position, position + length) };
}

/** Runs `use` over a zip file on disk, reading only the parts asked for. */
export async function withFileSource<T>(path: string, use: (source: ZipSource) => Promise<T>): Promise<T> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await use({
      size,
      read: async (position, length) => {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
        await handle.read(buffer, 0, buffer.length, position);
        return buffer;
      },
    });
  } finally {
    await handle.close();
  }
}

/**
 * The worksheets of an XLSX (tab order, names, hidden state), read through the zip's central directory. The streaming
 * reader meets `xl/workbook.xml` only where it is stored, last in files written by exceljs, and can lose that entry
 * (exceljs issue 3064); giving it this list keeps sheet names and `--sheet` working. Undefined when not readable.
 */
export async function workbookSheets(source: ZipSource): Promise<WorkbookSheet[] | undefined> {
  try {
    const xml = await readEntry(source, WORKBOOK);
    if (xml === undefined) return undefined;
    return [...xml.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)].map(([, attributes = '']) => {
      const attribute = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(attributes)?.[1];
      const sheet: WorkbookSheet = {
        name: xmlDecode(attribute('name') ?? ''),
        id: Number(attribute('sheetId') ?? 0),
        rId: attribute('r:id') ?? '',
      };
      const state = attribute('state');
      if (state !== undefined) sheet.state = state;
      return sheet;
    });
  } catch {
    return undefined;
  }
}

async function readEntry(source: ZipSource, wanted: string): Promise<string | undefined> {
  const tailStart = Math.max(0, source.size - TAIL);
  const tail = await source.read(tailStart, source.size - tailStart);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i -= 1) {
    if (tail.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const directorySize = tail.readUInt32LE(end + 12);
  const directory = await source.read(tail.readUInt32LE(end + 16), directorySize);
  for (let at = 0; at + 46 <= directory.length && directory.readUInt32LE(at) === DIRECTORY_ENTRY; ) {
    const method = directory.readUInt16LE(at + 10);
    const compressedSize = directory.readUInt32LE(at + 20);
    const nameLength = directory.readUInt16LE(at + 28);
    const skip = nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    const localOffset = directory.readUInt32LE(at + 42);
    const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + skip;
    if (name !== wanted) continue;
    const local = await source.read(localOffset, 30);
    if (local.readUInt32LE(0) !== LOCAL_HEADER) return undefined;
    const dataStart = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const data = await source.read(dataStart, compressedSize);
    if (method === 0) return data.toString('utf8');
    return method === 8 ? inflateRawSync(data).toString('utf8') : undefined;
  }
  return undefined;
}

function xmlDecode(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (entity[0] !== '#') return named[entity.toLowerCase()] ?? '';
    return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });
}
