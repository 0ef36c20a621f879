import type { FastifyInstance } from 'fastify';
import { needs } from '../../src/admin/auth/guard.js';
import { authOf } from '../../src/admin/context.js';
import { html, type SafeHtml, trusted } from '../../src/admin/views/html.js';
import { layout, sendPage } from '../../src/admin/views/layout.js';
import { qrSvg } from './qr-svg.js';
import type { WeChatState, WeChatStatus } from './status.js';

/** Where the page reads the status from; undefined when WeChat is not configured. */
export type WeChatStatusPageOptions = { status: () => WeChatStatus | undefined };

/** The dashboard page path. */
export const WECHAT_STATUS_PATH = '/admin/wechat';

const STATE_LABEL: Record<WeChatState, string> = {
  stopped: '未运行（或已退出登录，正在重连）',
  'waiting-scan': '等待扫码登录',
  'logged-in': '运行中',
  error: '出错',
};
// The login QR code is replaced every minute or two; a waiting page refreshes itself to show the current one.
const REFRESH_SECONDS = 10;

/** Registers GET /admin/wechat (the page) and GET /api/admin/wechat (JSON) inside the dashboard plugin, for staff who may read the overview. */
export function registerWeChatStatusPage(app: FastifyInstance, options: WeChatStatusPageOptions): void {
  app.get(WECHAT_STATUS_PATH, needs('overview.read'), async (request, reply) => {
    const status = options.status();
    if (status?.state === 'waiting-scan') reply.header('refresh', String(REFRESH_SECONDS));
    const body = status ? statusBody(status) : notConfigured();
    return sendPage(reply, layout({ title: '微信', auth: authOf(request), active: WECHAT_STATUS_PATH, body }));
  });
  app.get('/api/admin/wechat', needs('overview.read'), async (_request, reply) => {
    const status = options.status();
    return reply.header('cache-control', 'no-store').send(status ?? { state: 'stopped', configured: false });
  });
}

function statusBody(status: WeChatStatus): SafeHtml {
  const official = status.mode === 'official-account';
  const stats = [
    stat(STATE_LABEL[status.state], '状态'),
    stat(status.account ?? '—', official ? '公众号 AppID' : '登录的微信号'),
    stat(status.queue, '待发送'),
    stat(status.sent, '本次启动后已发送'),
    official ? stat(status.outsideWindow ?? 0, '超过 48 小时未互动、暂存待发') : '',
  ];
  return html`<section class="card">
      <h2>${official ? '公众号（服务号）' : '个人微信号'}</h2>
      <div class="stats">${stats}</div>
      <p class="lead">状态更新于 ${new Date(status.since).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</p>
      ${status.lastError && html`<p class="notice error" role="alert">最近的错误：${status.lastError}</p>`}
    </section>
    ${status.state === 'waiting-scan' && loginCard(status.qrUrl)}
    ${official && status.outsideWindow ? html`<p class="lead">这些消息会在用户下次给公众号发消息后自动补发；需要及时送达的通知请配置订阅通知（见 README）。</p>` : ''}`;
}

function loginCard(qrUrl: string | undefined): SafeHtml {
  if (!qrUrl) return html`<section class="card"><h2>登录</h2><p class="lead">二维码已被扫描，请在手机微信上确认登录。</p></section>`;
  let image: SafeHtml;
  try {
    // qrSvg builds the markup from the module matrix only (numbers and fixed text), never from the URL's characters.
    image = trusted(qrSvg(qrUrl, { scale: 5 }));
  } catch {
    image = html`<p class="lead">二维码内容太长，无法绘制；请用下面的链接生成二维码后扫描。</p>`;
  }
  return html`<section class="card">
    <h2>扫码登录</h2>
    <p class="lead">请用作为机器人的那个微信号扫描下面的二维码，并在手机上确认登录。本页每 ${REFRESH_SECONDS} 秒自动刷新。</p>
    ${image}
    <p><small>二维码内容：<code>${qrUrl}</code></small></p>
  </section>`;
}

function notConfigured(): SafeHtml {
  return html`<section class="card"><p class="lead">
    微信未启用。个人微信号：设置 WECHATY_PUPPET（以及 WECHATY_PUPPET_SERVICE_TOKEN 等）后重启；
    公众号：设置 WECHAT_MODE=official-account 和 WECHAT_OA_APP_ID、WECHAT_OA_APP_SECRET、WECHAT_OA_TOKEN 后重启。
  </p></section>`;
}

function stat(value: string | number, label: string): SafeHtml {
  return html`<div class="stat"><b>${value}</b><span>${label}</span></div>`;
}
