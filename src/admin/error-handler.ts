import type { FastifyReply, FastifyRequest } from 'fastify';
import { isApi } from './auth/guard.js';
import { AdminError } from './services/admin-error.js';
import { messagePage, sendPage } from './views/layout.js';

const KNOWN: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: '请求体不是有效的 JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求体为空；没有参数时请发送 {}',
  FST_REQ_FILE_TOO_LARGE: '文件太大，请拆分后分批导入',
  FST_INVALID_MULTIPART_CONTENT_TYPE: '请用 multipart/form-data 上传文件',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '不支持这种请求体格式',
};

/** The dashboard's one error boundary: a plain Chinese message to the user (JSON or a page), details only in the log. */
export async function adminErrorHandler(
  error: Error & { statusCode?: number; code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const status = error instanceof AdminError ? error.status : (error.statusCode ?? 500);
  let message: string;
  if (status >= 500) {
    request.log.error({ err: error }, 'dashboard request failed');
    message = '服务器出错了，请稍后再试；如果一直这样，请联系系统管理员查看日志。';
  } else message = error instanceof AdminError ? error.message : ((error.code && KNOWN[error.code]) ?? error.message);
  if (isApi(request)) return reply.code(status).header('cache-control', 'no-store').send({ error: message });
  return sendPage(reply, messagePage(status >= 500 ? '出错了' : '请求有误', message, request.adminAuth ?? undefined), status);
}
