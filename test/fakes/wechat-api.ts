import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The Official Account the fake knows. */
export const FAKE_OA = { appId: 'wx0123456789abcdef', secret: '0123456789abcdef0123456789abcdef', token: 'bangfuTestToken' } as const;

/** One API call the fake received (the access token is left out). */
export type WeChatApiCall = { method: string; path: string; query: Record<string, string>; body?: unknown };

/** A customer-service text the fake accepted. */
export type CustomText = { touser: string; content: string };

/** An error the fake answers with, as WeChat words it. */
export type WeChatApiErrorAnswer = { errcode: number; errmsg: string };

/** A WeChat API stand-in on 127.0.0.1: access tokens, customer-service messages, menu creation, media; fails on request. */
export class FakeWeChatApi {
  readonly calls: WeChatApiCall[] = [];
  readonly texts: CustomText[] = [];
  readonly menus: unknown[] = [];
  /** Customer-service sends to these openids fail with the given error. */
  readonly failSendTo = new Map<string, WeChatApiErrorAnswer>();
  /** Media the fake serves by MediaId. */
  readonly media = new Map<string, { bytes: Buffer; type: string }>();
  tokensIssued = 0;
  private validToken = '';

  private constructor(
    private readonly server: Server,
    readonly root: string,
  ) {}

  /** Starts the fake on a free port. */
  static async start(): Promise<FakeWeChatApi> {
    let fake: FakeWeChatApi | undefined;
    const server = createServer((req, res) => {
      fake?.serve(req, res).catch((error: unknown) => json(res, 500, { errcode: -1, errmsg: String(error) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeWeChatApi(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** Calls to a path. */
  callsTo(path: string): WeChatApiCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  /** Texts sent to one user. */
  textsTo(openId: string): string[] {
    return this.texts.filter((t) => t.touser === openId).map((t) => t.content);
  }

  /** Makes the current access token invalid, as when another server fetched a new one. */
  revokeToken(): void {
    this.validToken = '';
  }

  /** Stops the fake. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.root);
    const { access_token: token, ...query } = Object.fromEntries(url.searchParams);
    const text = await readBody(req);
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    this.calls.push({ method: req.method ?? 'GET', path: url.pathname, query, ...(body === undefined ? {} : { body }) });
    if (url.pathname === '/cgi-bin/token') return this.issueToken(res, query);
    if (!token || token !== this.validToken)
      return json(res, 200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
    if (url.pathname === '/cgi-bin/message/custom/send') return this.customSend(res, body as { touser: string; text: { content: string } });
    if (url.pathname === '/cgi-bin/menu/create') {
      this.menus.push(body);
      return json(res, 200, { errcode: 0, errmsg: 'ok' });
    }
    if (url.pathname === '/cgi-bin/media/get') {
      const media = this.media.get(query.media_id ?? '');
      if (!media) return json(res, 200, { errcode: 40007, errmsg: 'invalid media_id' });
      res.writeHead(200, { 'content-type': media.type, 'content-disposition': `attachment; filename="${query.media_id}.jpg"` });
      res.end(media.bytes);
      return;
    }
    json(res, 404, { errcode: 404, errmsg: 'unknown path' });
  }

  private issueToken(res: ServerResponse, query: Record<string, string>): void {
    if (query.grant_type !== 'client_credential' || query.appid !== FAKE_OA.appId || query.secret !== FAKE_OA.secret) {
      json(res, 200, { errcode: 40125, errmsg: 'invalid appsecret' });
      return;
    }
    this.tokensIssued += 1;
    this.validToken = `token-${this.tokensIssued}`;
    json(res, 200, { access_token: this.validToken, expires_in: 7200 });
  }

  private customSend(res: ServerResponse, body: { touser: string; text: { content: string } }): void {
    const failure = this.failSendTo.get(body.touser);
    if (failure) json(res, 200, failure);
    else if (Buffer.byteLength(body.text.content, 'utf8') > 2048) json(res, 200, { errcode: 45002, errmsg: 'content size out of limit' });
    else {
      this.texts.push({ touser: body.touser, content: body.text.content });
      json(res, 200, { errcode: 0, errmsg: 'ok' });
    }
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; encoding=utf-8' });
  res.end(JSON.stringify(body));
}
