import type { FastifyInstance } from 'fastify';
import { sourceLines } from '../../registry/import-source.js';
import { importSummary, statusConflictLine } from '../../registry/import-summary.js';
import type { ImportResult } from '../../registry/importer.js';
import { formatRowError } from '../../registry/rows.js';
import { CSRF_FIELD } from '../auth/csrf.js';
import { needs } from '../auth/guard.js';
import type { AdminAuth } from '../auth/sessions.js';
import { type AdminContext, authOf } from '../context.js';
import { AdminError } from '../services/admin-error.js';
import { IMPORT_KINDS, MAX_UPLOAD_BYTES, readUpload, runImport } from '../services/import-upload.js';
import { field, select } from '../views/components.js';
import { html } from '../views/html.js';
import { layout, type PageOptions, sendPage } from '../views/layout.js';

const SHOWN_ERRORS = 200;
const KIND_OPTIONS = Object.entries(IMPORT_KINDS).map(([value, label]) => ({ value, label }));

function resultBlock(result: ImportResult) {
  const errors = result.errors.slice(0, SHOWN_ERRORS);
  const conflicts = result.statusConflicts.slice(0, SHOWN_ERRORS);
  return html`<section class="card"><h2>${result.written ? '导入完成' : '未导入'}</h2>
    <p>${importSummary(result)}。</p>
    ${sourceLines(result)
      .split('\n')
      .filter(Boolean)
      .map((line) => html`<p class="muted">${line}</p>`)}
    ${!result.written && result.errors.length > 0 && html`<p>请改正下面的错误后重新上传，或勾选“只导入正确的行”。</p>`}
    ${errors.length > 0 && html`<ol class="errors">${errors.map((e) => html`<li>${formatRowError(e)}</li>`)}</ol>`}
    ${result.errors.length > SHOWN_ERRORS && html`<p class="muted">只显示了前 ${SHOWN_ERRORS} 处，共 ${result.errors.length} 处错误。</p>`}
    ${conflicts.length > 0 && html`<h3>脱贫状态与监测对象不一致</h3><ol class="errors">${conflicts.map((c) => html`<li>${statusConflictLine(c)}</li>`)}</ol>`}
    ${result.statusConflicts.length > SHOWN_ERRORS && html`<p class="muted">只列出了前 ${SHOWN_ERRORS} 户，共 ${result.statusConflicts.length} 户。</p>`}
    ${conflicts.some((c) => c.kept) && html`<p>要以表格的脱贫状态为准，请勾选“脱贫状态以表格为准”后重新上传。</p>`}
  </section>`;
}

function importPage(auth: AdminAuth, notice?: PageOptions['notice'], result?: ImportResult) {
  const body = html`${result && resultBlock(result)}
    <form method="post" action="/admin/households/import" enctype="multipart/form-data" class="card form-narrow">
      <input type="hidden" name="${CSRF_FIELD}" value="${auth.session.csrfToken}">
      ${field('导入内容', select('kind', KIND_OPTIONS, result?.kind ?? 'households'))}
      ${field('文件', html`<input type="file" name="file" accept=".csv,.xlsx" required>`, `.csv（UTF-8 或 GBK）或 .xlsx，最大 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`)}
      ${field('工作表', html`<input type="text" name="sheet" maxlength="31" value="${result?.sheet ?? ''}">`, '可不填：.xlsx 有几个工作表时，自动读表头对得上的那一个；要读别的，填工作表名称')}
      <label class="check"><input type="checkbox" name="skipInvalid" value="1"> 只导入正确的行（有错误的行跳过并列出）</label>
      <label class="check"><input type="checkbox" name="overwriteStatus" value="1"> 脱贫状态以表格为准（覆盖系统里经困难申报认定的监测对象；不勾选时保留监测对象，并列出不一致的户）</label>
      <button type="submit">上传并导入</button>
    </form>
    <section class="card"><h2>表头</h2>
      <p><b>户信息</b>：户编号, 户主姓名, 身份证号, 联系电话, 县, 乡镇, 村, 组, 家庭人口, 贫困户属性, 卡类, 致贫原因, 脱贫状态, 脱贫年度, 帮扶责任人, 帮扶责任人电话</p>
      <p><b>家庭成员</b>：户编号, 姓名, 身份证号, 与户主关系。再次导入时，表格里出现的户以表格为准：表格里没有的成员会被移除，他们不能再核对身份。</p>
      <p><b>帮扶记录</b>：户编号, 项目类别, 项目名称, 金额, 发放日期, 说明</p>
      <p>列名可以用常见的叫法（如 户主、身份证号码、手机号码、人口数）。表头上面的标题行、说明行，两行的表头（合并的大标题下面是列名），表格下面的合计、小计和说明行都能识别。身份证号一列请设为“文本”格式。</p>
      <p class="muted">与命令行 <code>npm run import</code> 使用同一个导入程序：同样的校验，同样的错误提示。服务运行时请用本页导入。</p>
    </section>`;
  return layout({ title: '导入名册', auth, active: '/admin/households/import', notice, body });
}

/** The registry upload page: the CLI's importer over a multipart upload, with the same row errors. */
export function householdImportPages(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/admin/households/import', needs('households.import'), async (request, reply) => sendPage(reply, importPage(authOf(request))));

  app.post('/admin/households/import', needs('households.import', 'upload'), async (request, reply) => {
    const auth = authOf(request);
    try {
      const upload = await readUpload(request, auth);
      const result = await runImport(ctx, upload);
      await ctx.audit(request, {
        action: 'households.import',
        target: `import:${upload.kind}`,
        detail: `${upload.filename}：${importSummary(result)}`,
      });
      const notice = result.written ? { kind: 'ok' as const, text: `${IMPORT_KINDS[result.kind]}已导入。` } : undefined;
      return sendPage(reply, importPage(auth, notice, result), result.written ? 200 : 422);
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      return sendPage(reply, importPage(auth, { kind: 'error', text: error.message }), error.status);
    }
  });
}
