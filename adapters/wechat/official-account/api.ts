import { describeError } from '../describe-error.js';

/** An error answer from the WeChat API (errcode ≠ 0). */
export class WeChatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly call: string,
  ) {
    super(`${call}: WeChat answered errcode ${errcode} ${errmsg}${hintFor(errcode)}`);
  }
}

/** Where the API is and which account calls it. */
export type WeChatApiOptions = {
  root: string;
  appId: string;
  secret: string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
};

/** A file downloaded from the media API. */
export type Media = { bytes: Buffer; mime?: string; name?: string };

/** A menu button as the menu API takes it. */
export type MenuButton = { type: 'click'; name: string; key: string } | { name: string; sub_button: MenuButton[] };

type Answer = { errcode?: number; errmsg?: string } & Record<string, unknown>;

const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
// A token is refreshed this long before WeChat says it expires, so a call never goes out with a token about to lapse.
const EXPIRY_MARGIN_MS = 5 * 60_000;

/** The few WeChat Official Account API calls Bangfu makes, with the access token fetched once and cached until it expires. */
export class WeChatApi {
  private token: { value: string; expiresAt: number } | undefined;
  private fetching: Promise<string> | undefined;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: WeChatApiOptions) {
    this.fetch = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /** The cached access token, fetched when missing or close to expiry; concurrent callers share one fetch. */
  async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt - EXPIRY_MARGIN_MS > this.now()) return this.token.value;
    this.fetching ??= this.fetchToken().finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }

  /** Sends a text through the customer-service message API (only within WeChat's window after the user's last message). */
  async sendText(openId: string, content: string): Promise<void> {
    await this.call('POST', '/cgi-bin/message/custom/send', { touser: openId, msgtype: 'text', text: { content } });
  }

  /** Replaces the account's custom menu. */
  async createMenu(button: MenuButton[]): Promise<void> {
    await this.call('POST', '/cgi-bin/menu/create', { button });
  }

  /** Downloads a user's image or voice by its MediaId (kept by WeChat for three days). */
  async media(mediaId: string): Promise<Media> {
    const response = await this.request('GET', '/cgi-bin/media/get', undefined, { media_id: mediaId });
    const type = response.headers.get('content-type') ?? '';
    if (/json|text\/plain/.test(type)) {
      await this.check(response, 'media/get');
      throw new Error('media/get answered without a file');
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    const name = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '')?.[1];
    return { bytes, ...(type ? { mime: type.split(';')[0]?.trim() } : {}), ...(name ? { name } : {}) };
  }

  private async call(method: 'GET' | 'POST', path: string, body?: object): Promise<Answer> {
    const response = await this.request(method, path, body);
    try {
      return await this.check(response, path);
    } catch (error) {
      // Another server with the same AppSecret may have fetched a new token, which ends ours at once: refresh and retry once.
      if (!(error instanceof WeChatApiError) || !TOKEN_ERRORS.has(error.errcode)) throw error;
      this.token = undefined;
      return this.check(await this.request(method, path, body), path);
    }
  }

  private async request(method: 'GET' | 'POST', path: string, body?: object, query: Record<string, string> = {}): Promise<Response> {
    const params = new URLSearchParams({ access_token: await this.accessToken(), ...query });
    try {
      return await this.fetch(`${this.options.root}${path}?${params}`, {
        method,
        headers: body ? { 'content-type': 'application/json; charset=utf-8' } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      // The URL holds the access token; name only the call.
      throw new Error(
        `${path}: the WeChat API did not answer (${describeError(error).replace(/access_token=[^&\s]+/g, 'access_token=<token>')})`,
      );
    }
  }

  private async check(response: Response, call: string): Promise<Answer> {
    const text = await response.text();
    let answer: Answer;
    try {
      answer = JSON.parse(text) as Answer;
    } catch {
      throw new Error(`${call}: the WeChat API answered HTTP ${response.status} with something that is not JSON`);
    }
    if (answer.errcode) throw new WeChatApiError(answer.errcode, String(answer.errmsg ?? ''), call);
    if (!response.ok) throw new Error(`${call}: the WeChat API answered HTTP ${response.status}`);
    return answer;
  }

  private async fetchToken(): Promise<string> {
    const params = new URLSearchParams({ grant_type: 'client_credential', appid: this.options.appId, secret: this.options.secret });
    let response: Response;
    try {
      response = await this.fetch(`${this.options.root}/cgi-bin/token?${params}`, {
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new Error(
        `cgi-bin/token: the WeChat API did not answer (${describeError(error).replace(/secret=[^&\s]+/g, 'secret=<secret>')})`,
      );
    }
    const answer = await this.check(response, 'cgi-bin/token');
    if (typeof answer.access_token !== 'string') throw new Error('cgi-bin/token: the answer has no access_token');
    const seconds = typeof answer.expires_in === 'number' ? answer.expires_in : 7200;
    this.token = { value: answer.access_token, expiresAt: this.now() + seconds * 1000 };
    return answer.access_token;
  }
}

function hintFor(errcode: number): string {
  if (errcode === 40164 || errcode === 61004)
    return " (add this server's public IP to the IP whitelist: 公众号后台 → 设置与开发 → 基本配置 → IP白名单)";
  if (errcode === 40125 || errcode === 40013) return ' (check WECHAT_OA_APP_ID and WECHAT_OA_APP_SECRET)';
  if (errcode === 48001)
    return ' (the account lacks this API: the menu and customer-service APIs need a verified service account, 认证服务号)';
  return '';
}
