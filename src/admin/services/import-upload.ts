import { extname } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { DEMO_IMPORT_REFUSED } from '../../data-dir/mode.js';
import { CsvFormatError } from '../../registry/csv.js';
import { headerSpec } from '../../registry/header-variants.js';
import { type ImportKind, type ImportResult, importAid, importHouseholds, importMembers } from '../../registry/importer.js';
import { readTableFrom } from '../../registry/read-table.js';
import { TableError } from '../../registry/table.js';
import { CSRF_FIELD, CSRF_HEADER, tokensMatch } from '../auth/csrf.js';
import type { AdminAuth } from '../auth/sessions.js';
import type { AdminContext } from '../context.js';
import { AdminError } from './admin-error.js';

/** The largest registry file the dashboard accepts. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** What each import kind is called on the page. */
export const IMPORT_KINDS: Record<ImportKind, string> = { households: '户信息', members: '家庭成员', aid: '帮扶记录' };

const IMPORTERS = { households: importHouseholds, members: importMembers, aid: importAid } as const;

/**
 * An uploaded registry file with the form's other fields (`sheet`: the worksheet to read, when named;
 * `overwriteStatus`: the sheet's 脱贫状态 replaces a 监测对象 decided in the app).
 */
export type Upload = { filename: string; bytes: Buffer; kind: ImportKind; skipInvalid: boolean; overwriteStatus: boolean; sheet?: string };

function isKind(value: string | undefined): value is ImportKind {
  return value === 'households' || value === 'members' || value === 'aid';
}

/** Reads a multipart import form (file, kind, skipInvalid, overwriteStatus, sheet) after checking its CSRF token (field or header). */
export async function readUpload(request: FastifyRequest, auth: AdminAuth): Promise<Upload> {
  const fields: Record<string, string> = {};
  let file: { filename: string; bytes: Buffer } | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (!file && part.filename) file = { filename: part.filename, bytes };
    } else fields[part.fieldname] = String(part.value);
  }
  if (!tokensMatch(auth.session.csrfToken, fields[CSRF_FIELD] ?? request.headers[CSRF_HEADER])) {
    throw new AdminError('缺少或错误的 CSRF 令牌：请刷新导入页面后重新上传（API 调用请带 x-csrf-token 请求头）', 403);
  }
  if (!file || file.bytes.length === 0) throw new AdminError('请选择要导入的 .csv 或 .xlsx 文件');
  const kind = fields.kind || 'households';
  if (!isKind(kind)) throw new AdminError('导入类型只能是 households、members 或 aid');
  const checked = (name: string) => ['1', 'on', 'true', 'yes'].includes(fields[name] ?? '');
  const upload: Upload = { ...file, kind, skipInvalid: checked('skipInvalid'), overwriteStatus: checked('overwriteStatus') };
  const sheet = fields.sheet?.trim();
  if (sheet) upload.sheet = sheet;
  return upload;
}

let running = false;

/** Runs the registry importer (the same one as `npm run import`) over an upload; one import at a time, never into a demo data dir. */
export async function runImport(
  { store, hasher, now, demo }: Pick<AdminContext, 'store' | 'hasher' | 'now' | 'demo'>,
  upload: Upload,
): Promise<ImportResult> {
  if (demo) throw new AdminError(DEMO_IMPORT_REFUSED, 409);
  const ext = extname(upload.filename).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') {
    throw new AdminError(`只能导入 .csv 或 .xlsx 文件（收到的是“${ext || '无扩展名'}”）。旧的 .xls 请在 Excel 里另存为 .xlsx。`);
  }
  if (running) throw new AdminError('另一个导入正在进行，请等它完成后再试', 409);
  running = true;
  try {
    const options = { header: headerSpec(upload.kind), sheet: upload.sheet };
    const table = await readTableFrom(upload.bytes, ext === '.csv' ? 'csv' : 'xlsx', options);
    try {
      return await IMPORTERS[upload.kind](store, hasher, table, {
        skipInvalid: upload.skipInvalid,
        overwriteStatus: upload.overwriteStatus,
        now,
      });
    } finally {
      table.close();
    }
  } catch (error) {
    if (error instanceof TableError || error instanceof CsvFormatError) throw new AdminError(error.message, 400);
    throw error;
  } finally {
    running = false;
  }
}
