import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Attachment } from '../../src/core/types.js';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../src/store/private-files.js';

/** The photo types the web chat takes, by the content type a client declares. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** A photo type the web chat takes. */
export type PhotoType = (typeof PHOTO_TYPES)[number];
/** The largest photo the web chat takes (the page shrinks photos to well under this before sending). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

const EXTENSION: Record<PhotoType, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp' };

/** What the bytes really are, from their first bytes (never from the name or the declared type); undefined if no photo. */
export function sniffPhoto(bytes: Buffer): PhotoType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/**
 * A JPEG without its APP1 segments (EXIF and XMP: GPS position, camera serial, time), so a photo sent with an
 * anonymous report does not say where or on which phone it was taken. Anything it cannot parse is returned as it is.
 */
export function withoutJpegMetadata(bytes: Buffer): Buffer {
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1] as number;
    // Start of scan: the image data runs to the end, no more metadata segments.
    if (marker === 0xda) break;
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > bytes.length) return bytes;
    if (marker !== 0xe1) kept.push(bytes.subarray(at, at + 2 + length));
    at += 2 + length;
  }
  kept.push(bytes.subarray(at));
  return Buffer.concat(kept);
}

/**
 * Saves a checked photo as DATA_DIR/uploads/web/<month>/<random>.<ext>, owner-only. The name is random and no folder
 * is per user, so the file ties a report to no chat account.
 */
export async function savePhoto(dataDir: string, bytes: Buffer, type: PhotoType, now: Date): Promise<Attachment> {
  const dir = join(dataDir, 'uploads', 'web', now.toISOString().slice(0, 7));
  await makePrivateDir(dir);
  const target = join(dir, `${randomUUID()}${EXTENSION[type]}`);
  const partial = `${target}.part`;
  try {
    await writeFile(partial, type === 'image/jpeg' ? withoutJpegMetadata(bytes) : bytes, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { path: target, mime: type };
}
