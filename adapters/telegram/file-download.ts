import { createWriteStream } from 'node:fs';
import { chmod, copyFile, rename, rm, stat } from 'node:fs/promises';
import { extname, isAbsolute, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Api } from 'grammy';
import type { Attachment } from '../../src/core/types.js';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../src/store/private-files.js';

/** A file a user sent, as the message describes it. */
export type TelegramFileRef = { fileId: string; size?: number; mime?: string };

/** Saves a user's file under DATA_DIR and says where; throws when it is too large or the download fails. */
export type FileDownloader = (chatId: string, file: TelegramFileRef) => Promise<Attachment>;

/**
 * Where files come from and go to. `folderOf` names a chat's folder: a keyed hash, so that neither the upload tree
 * nor an error message about a file in it shows the chat id.
 */
export type DownloaderOptions = {
  api: Api;
  token: string;
  apiRoot: string;
  dataDir: string;
  maxBytes: number;
  folderOf: (chatId: string) => string;
  now?: () => Date;
};

/** Thrown for a file over the size cap. */
export class FileTooLargeError extends Error {}

const DOWNLOAD_TIMEOUT_MS = 120_000;
const SAFE_EXT = /^\.[a-z0-9]{1,8}$/;
const EXT_OF_MIME: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'audio/ogg': '.ogg',
  'audio/mpeg': '.mp3',
  'application/pdf': '.pdf',
};

/** Downloads files via getFile and the Bot API's file URL into DATA_DIR/uploads/telegram/<chat folder>/. */
export function fileDownloader(options: DownloaderOptions): FileDownloader {
  const now = options.now ?? (() => new Date());
  return async (chatId, ref) => {
    checkSize(ref.size, options.maxBytes);
    const file = await options.api.getFile(ref.fileId);
    checkSize(file.file_size, options.maxBytes);
    if (!file.file_path) throw new Error('Telegram gave no file_path for the file (it may be over the Bot API download limit)');
    const dir = join(options.dataDir, 'uploads', 'telegram', safeName(options.folderOf(chatId)));
    await makePrivateDir(dir);
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    const target = join(dir, `${stamp}-${safeName(file.file_unique_id)}${extensionOf(file.file_path, ref.mime)}`);
    const partial = `${target}.part`;
    try {
      // A self-hosted Bot API server in --local mode answers with a path on its own disk instead of a download URL.
      if (isAbsolute(file.file_path)) await copyLocal(file.file_path, partial, options.maxBytes);
      else await fetchTo(`${options.apiRoot}/file/bot${options.token}/${encodePath(file.file_path)}`, partial, options.maxBytes);
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return ref.mime ? { path: target, mime: ref.mime } : { path: target };
  };
}

async function fetchTo(url: string, path: string, maxBytes: number): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  // The URL holds the bot token, so errors name only the status.
  if (!response.ok || !response.body) throw new Error(`downloading a Telegram file failed: HTTP ${response.status}`);
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body), cap, createWriteStream(path, { mode: PRIVATE_FILE_MODE }));
}

async function copyLocal(source: string, path: string, maxBytes: number): Promise<void> {
  checkSize((await stat(source)).size, maxBytes);
  await copyFile(source, path);
  // copyFile gives the copy the source's mode, which the Bot API server may have made readable by others.
  await chmod(path, PRIVATE_FILE_MODE);
}

function checkSize(size: number | undefined, maxBytes: number): void {
  if (size !== undefined && size > maxBytes) throw tooLarge(maxBytes);
}

function tooLarge(maxBytes: number): FileTooLargeError {
  return new FileTooLargeError(`the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
}

function extensionOf(filePath: string, mime: string | undefined): string {
  const ext = extname(filePath).toLowerCase();
  return SAFE_EXT.test(ext) ? ext : (EXT_OF_MIME[mime ?? ''] ?? '');
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

function encodePath(filePath: string): string {
  return filePath.split('/').map(encodeURIComponent).join('/');
}
