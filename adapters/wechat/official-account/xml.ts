import { XMLParser } from 'fast-xml-parser';

/** One callback message: the flat fields of its <xml> element, all as strings (MsgId overflows a JS number). */
export type OaMessage = Record<string, string>;

const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  trimValues: true,
  processEntities: true,
});

/** Parses a callback body; undefined when it is not a WeChat <xml> message. */
export function parseOaXml(body: string): OaMessage | undefined {
  const fields = xmlFields(body);
  return fields?.MsgType ? fields : undefined;
}

/** The <Encrypt> value of an encrypted callback body (兼容模式 and 安全模式), if it has one. */
export function encryptedPartOf(body: string): string | undefined {
  return xmlFields(body)?.Encrypt || undefined;
}

/** A passive text reply: sent back as the HTTP response to the user's message, from the account to the user. */
export function textReplyXml(message: { toUser: string; fromAccount: string; content: string; now: Date }): string {
  const seconds = Math.floor(message.now.getTime() / 1000);
  return (
    `<xml><ToUserName>${cdata(message.toUser)}</ToUserName><FromUserName>${cdata(message.fromAccount)}</FromUserName>` +
    `<CreateTime>${seconds}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>${cdata(message.content)}</Content></xml>`
  );
}

/** The envelope of an encrypted passive reply (安全模式): the sealed reply and the signature over it. */
export function encryptedReplyXml(reply: { encrypted: string; signature: string; timestamp: string; nonce: string }): string {
  return (
    `<xml><Encrypt>${cdata(reply.encrypted)}</Encrypt><MsgSignature>${cdata(reply.signature)}</MsgSignature>` +
    `<TimeStamp>${reply.timestamp}</TimeStamp><Nonce>${cdata(reply.nonce)}</Nonce></xml>`
  );
}

function xmlFields(body: string): OaMessage | undefined {
  let doc: unknown;
  try {
    doc = parser.parse(body);
  } catch {
    return undefined;
  }
  const xml = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).xml : undefined;
  if (typeof xml !== 'object' || xml === null) return undefined;
  const fields: OaMessage = {};
  for (const [key, value] of Object.entries(xml)) {
    if (typeof value === 'string' || typeof value === 'number') fields[key] = String(value);
  }
  return fields;
}

function cdata(text: string): string {
  // "]]>" would end the section early; split it across two sections.
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
