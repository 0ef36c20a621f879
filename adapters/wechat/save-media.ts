import { rename, rm, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Attachment } from '../../src/core/types.js';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../src/store/private-files.js';

/** A received file as bytes with a name and (maybe) a media type, e.g. a wechaty FileBox. */
export type MediaFile = { name: string; mediaType?: string; toBuffer(): Promise<Buffer> };

/** Where and how to save; `folder` (default: the user id) names the user's folder, e.g. a keyed hash of the id. */
export type SaveOptions = { dataDir: string; channel: string; userId: string; folder?: string; now: Date; maxBytes: number };

/** Thrown for a file over the size cap. */
export class MediaTooLargeError extends Error {}

const SAFE_EXT = /^\.[a-z0-9]{1,8}$/;
const MIME_OF_EXT: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.mp3': 'audio/mpeg',
  '.amr': 'audio/amr',
  '.silk': 'audio/silk',
  '.sil': 'audio/silk',
  '.mp4': 'video/mp4',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const EXT_OF_MIME: Record<string, string> = Object.fromEntries(Object.entries(MIME_OF_EXT).map(([ext, mime]) => [mime, ext]));

/** Saves a user's file as DATA_DIR/uploads/<channel>/<folder>/<time>-<name> (written to a temp file, then renamed). */
export async function saveMedia(file: MediaFile, options: SaveOptions): Promise<Attachment> {
  const bytes = await file.toBuffer();
  if (bytes.length > options.maxBytes)
    throw new MediaTooLargeError(`the file is larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB`);
  const mime = mimeOf(file);
  const dir = join(options.dataDir, 'uploads', options.channel, safeName(options.folder ?? options.userId));
  await makePrivateDir(dir);
  const ext = extname(file.name).toLowerCase();
  const base = safeName(file.name.slice(0, file.name.length - ext.length)).slice(0, 40) || 'file';
  const stamp = options.now.toISOString().replace(/[:.]/g, '-');
  const target = join(dir, `${stamp}-${base}${SAFE_EXT.test(ext) ? ext : (EXT_OF_MIME[mime ?? ''] ?? '')}`);
  const partial = `${target}.part`;
  try {
    await writeFile(partial, bytes, { mode: PRIVATE_FILE_MODE });
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return mime ? { path: target, mime } : { path: target };
}

function mimeOf(file: MediaFile): string | undefined {
  const declared = file.mediaType?.toLowerCase();
  if (declared && declared !== 'application/octet-stream') return declared;
  return MIME_OF_EXT[extname(file.name).toLowerCase()];
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}
