import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { FastifyReply } from 'fastify';
import { AdminError } from './admin-error.js';

const IMAGE_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

const MISSING = '找不到这张照片（文件可能已被清理）';

/** A photo that may be served: its real path on disk and its image content type. */
export type ServableImage = { path: string; type: string; size: number };

/**
 * Checks that a stored attachment path names an image file inside the uploads directory, following symlinks, so
 * that neither a `..` in a stored path nor a link planted under uploads/ can reach any other file.
 */
export async function servableImage(uploadsDir: string, storedPath: string, mime?: string): Promise<ServableImage> {
  let root: string;
  let real: string;
  try {
    root = await realpath(resolve(uploadsDir));
    real = await realpath(resolve(storedPath));
  } catch {
    throw new AdminError(MISSING, 404);
  }
  if (!real.startsWith(root + sep)) throw new AdminError(MISSING, 404);
  const info = await stat(real);
  if (!info.isFile()) throw new AdminError(MISSING, 404);
  // Only raster image types go out (from the extension, else a known image mime): never HTML or SVG, which could run script.
  const type = IMAGE_TYPES[extname(real).toLowerCase()] ?? (mime && Object.values(IMAGE_TYPES).includes(mime) ? mime : undefined);
  if (!type) throw new AdminError('这个附件不是可以显示的图片格式', 415);
  return { path: real, type, size: info.size };
}

/** Sends a checked photo inline, never cached (it may show a household or a reporter's surroundings). */
export function sendImage(reply: FastifyReply, image: ServableImage): FastifyReply {
  return reply
    .type(image.type)
    .header('content-length', image.size)
    .header('cache-control', 'private, no-store')
    .header('content-disposition', 'inline')
    .send(createReadStream(image.path));
}
