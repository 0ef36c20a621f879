import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Incoming } from '../../../src/core/types.js';
import { startTelegramTest, type TelegramTest, waitFor } from './harness.js';

const tests: TelegramTest[] = [];
async function telegram(): Promise<TelegramTest> {
  const t = await startTelegramTest();
  tests.push(t);
  return t;
}
afterEach(async () => {
  for (const t of tests.splice(0)) await t.dispose();
});

const arrived = (t: TelegramTest, chatId: number) =>
  waitFor(() => t.seen.find((i) => i.userId === String(chatId)), { what: `an Incoming from ${chatId}` });

describe('Telegram media and locations', () => {
  it('saves the largest size of a photo under DATA_DIR and passes it on as an image', async () => {
    const t = await telegram();
    const bytes = Buffer.from('fake-jpeg-bytes-of-the-big-photo');
    t.fake.addFile('photo-big', bytes, 'photos/file_7.jpg');
    t.fake.userMessage(3001, {
      caption: '房子漏雨',
      photo: [
        { file_id: 'photo-small', file_unique_id: 'ps', width: 90, height: 68, file_size: 900 },
        { file_id: 'photo-big', file_unique_id: 'pb', width: 1280, height: 960, file_size: bytes.length },
      ],
    });
    const incoming = await arrived(t, 3001);
    expect(incoming).toMatchObject({ channel: 'telegram', kind: 'image', text: '房子漏雨', attachment: { mime: 'image/jpeg' } });
    const path = incoming.attachment?.path ?? '';
    expect(path.startsWith(t.app.dataDir)).toBe(true);
    // The chat's folder is named by its keyed hash, so the tree (and an error about a file in it) shows no chat id.
    expect(path).toMatch(new RegExp(`uploads/telegram/${t.app.logId('3001').replace(':', '_')}/.+\\.jpg$`));
    expect(path).not.toContain('3001');
    expect(await readFile(path)).toEqual(bytes);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(path))).mode & 0o777).toBe(0o700);
    expect(t.fake.callsOf('getFile').map((c) => c.params.file_id)).toEqual(['photo-big']);
    // The core answers a picture outside a form kindly, with the menu.
    await waitFor(() => t.fake.sentTo(3001).some((m) => m.reply_markup));
  });

  it('passes a location on with its coordinates', async () => {
    const t = await telegram();
    t.fake.userMessage(3002, { location: { latitude: 26.57, longitude: 114.17 } });
    expect(await arrived(t, 3002)).toMatchObject<Partial<Incoming>>({ kind: 'location', location: { lat: 26.57, lng: 114.17 } });
  });

  it.each([
    [
      'voice',
      { voice: { file_id: 'v1', file_unique_id: 'v1u', duration: 3, mime_type: 'audio/ogg', file_size: 4 } },
      'voice/file_1.oga',
      'audio/ogg',
    ],
    [
      'file',
      { document: { file_id: 'd1', file_unique_id: 'd1u', file_name: '证明.pdf', mime_type: 'application/pdf', file_size: 4 } },
      'documents/file_2.pdf',
      'application/pdf',
    ],
  ])('saves a %s and passes it on', async (kind, content, filePath, mime) => {
    const t = await telegram();
    const fileId = Object.values(content)[0]?.file_id ?? '';
    t.fake.addFile(fileId, Buffer.from('data'), filePath);
    t.fake.userMessage(3003, content);
    const incoming = await arrived(t, 3003);
    expect(incoming).toMatchObject({ kind, attachment: { mime } });
    expect(await readFile(incoming.attachment?.path ?? '', 'utf8')).toBe('data');
  });

  it('passes an over-large document on as a file without downloading it', async () => {
    const t = await telegram();
    const document = { file_id: 'huge', file_unique_id: 'hu', mime_type: 'video/mp4', file_size: 50 * 1024 * 1024 };
    t.fake.userMessage(3004, { document });
    const incoming = await arrived(t, 3004);
    expect(incoming).toMatchObject({ kind: 'file' });
    expect(incoming.attachment).toBeUndefined();
    expect(t.fake.callsOf('getFile')).toEqual([]);
  });

  it('passes a sticker on as a sticker', async () => {
    const t = await telegram();
    const sticker = {
      file_id: 's',
      file_unique_id: 'su',
      type: 'regular',
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
    } as const;
    t.fake.userMessage(3005, { sticker });
    expect(await arrived(t, 3005)).toMatchObject({ kind: 'sticker' });
  });
});
