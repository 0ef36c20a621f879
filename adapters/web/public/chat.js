import { greeting, history, messageId, poll, sendMessage, sendPhoto } from './api.js';
import { preparePhoto } from './photo.js';
import { addBubble, addChoices, addPhotoBubble, markFailed, retireChoices, reveal, showTyping } from './render.js';

const log = document.getElementById('log');
const form = document.getElementById('composer');
const input = document.getElementById('text');
const photoButton = document.getElementById('photo-button');
const photoInput = document.getElementById('photo');

const NOT_SENT = '网络好像不太好，消息没有发出去。点消息下面的"重发"再试一次。';

/** Shows replies (or notices), their buttons, and the photo button when the question asks for a photo. */
function showReplies(replies, kind = 'bot') {
  if (kind === 'bot' && replies.some((r) => r.choices?.length)) retireChoices(log);
  for (const reply of replies) {
    const row = addBubble(log, kind, reply.text);
    if (reply.choices?.length) addChoices(row, reply.choices, tapChoice);
  }
  if (kind === 'bot' && replies.length) photoButton.hidden = !replies.at(-1).accepts?.includes('image');
  // Only now, with the buttons in place, is the end of the log where they are.
  reveal(log);
}

/** Sends one message of a user bubble; a failure leaves the bubble marked "not sent" with a tap to try again. */
async function deliver(row, request) {
  const hideTyping = showTyping(log);
  reveal(log);
  try {
    const data = await request();
    hideTyping();
    showReplies(data.replies);
  } catch (error) {
    hideTyping();
    markFailed(row, () => deliver(row, request));
    addBubble(log, 'notice', error.notice ?? NOT_SENT);
    reveal(log);
  }
}

function sendText(text) {
  const id = messageId();
  const row = addBubble(log, 'user', text);
  return deliver(row, () => sendMessage({ text, messageId: id }));
}

function tapChoice(choice) {
  const id = messageId();
  const row = addBubble(log, 'user', choice.label);
  return deliver(row, () => sendMessage({ choice: choice.id, messageId: id }));
}

async function sendPicked(file) {
  const { blob, thumb } = await preparePhoto(file);
  const id = messageId();
  const row = addPhotoBubble(log, thumb);
  return deliver(row, () => sendPhoto(blob, id));
}

/** Shows what this browser's user saw before a reload; with nothing to show, asks for the greeting (no user text is sent). */
async function start() {
  try {
    const { messages } = await history();
    if (messages.length === 0) return showReplies((await greeting()).replies);
    for (const entry of messages) {
      if (entry.from === 'user') {
        if (entry.photo) addPhotoBubble(log);
        else addBubble(log, 'user', entry.text);
      } else showReplies([entry], entry.from);
    }
    reveal(log);
  } catch (error) {
    addBubble(log, 'notice', error.notice ?? '网络好像不太好，请稍后刷新页面再试。');
  }
}

async function checkMessages() {
  try {
    const { messages } = await poll();
    if (messages.length) showReplies(messages, 'notice');
  } catch {
    // Offline for now; the next poll tries again and nothing is lost (messages stay in the outbox).
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  sendText(text);
});
photoButton.addEventListener('click', () => photoInput.click());
photoInput.addEventListener('change', () => {
  const [file] = photoInput.files;
  photoInput.value = '';
  if (file) sendPicked(file);
});
// The on-screen keyboard shrinks the page: keep the newest buttons in sight above it.
window.visualViewport?.addEventListener('resize', () => reveal(log));

start();
setInterval(checkMessages, 5000);
