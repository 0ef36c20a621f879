// The web chat API as the page uses it. Every call resolves to the JSON body, or throws an Error whose `notice`
// (when set) is a kind Chinese line from the server to show as it is.

/** This browser's chat user id, made once and kept in localStorage. */
export function userId() {
  let id = localStorage.getItem('bangfu-user');
  if (!id) {
    id = `web-${crypto.randomUUID()}`;
    localStorage.setItem('bangfu-user', id);
  }
  return id;
}

/** A new id for one message: a retried send carries the same one, so the server answers it once. */
export function messageId() {
  return crypto.randomUUID();
}

async function call(url, init) {
  const response = await fetch(url, init);
  const data = await response.json().catch(() => ({}));
  if (response.ok) return data;
  const error = new Error(data.error ?? `HTTP ${response.status}`);
  error.notice = data.message;
  throw error;
}

const json = (url, body) =>
  call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: userId(), ...body }) });
const query = () => `userId=${encodeURIComponent(userId())}`;

/** Sends a typed text or a tapped choice; resolves to `{ replies }`. */
export const sendMessage = (body) => json('/api/chat', body);

/** Asks for the welcome and the menu (or the way back into an open form) without sending any user text. */
export const greeting = () => json('/api/chat/greeting', {});

/** The conversation this browser's user had lately: `{ messages }`. */
export const history = () => call(`/api/chat/history?${query()}`);

/** Proactive messages waiting for this user (complaint updates, reminders): `{ messages }`. */
export const poll = () => call(`/api/chat/messages?${query()}`);

/** Sends a photo (a JPEG, PNG or WebP blob) as the request body; resolves to `{ replies }`. */
export const sendPhoto = (blob, id) =>
  call(`/api/chat/photo?${query()}&messageId=${encodeURIComponent(id)}`, {
    method: 'POST',
    headers: { 'content-type': blob.type },
    body: blob,
  });
