// Building the conversation: bubbles, reply buttons, folded long answers, tap-to-call numbers.

const FOLD_CHARS = 140;
const FOLD_LINES = 6;

// Mobile numbers, landlines with an area code, 400 numbers and 123xx hotlines (12317), never inside a longer number,
// a masked number (138****5678) or an amount (12300元).
const PHONE = /(?<![\d*])(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4}|123\d{2})(?![\d*元块万%.年月日号])/g;

/** Plain text as nodes, with every phone number a `tel:` link. */
export function withPhoneLinks(text) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(PHONE)) {
    fragment.append(text.slice(last, match.index));
    const link = document.createElement('a');
    link.href = `tel:${match[0].replace(/-/g, '')}`;
    link.className = 'tel';
    link.textContent = match[0];
    fragment.append(link);
    last = match.index + match[0].length;
  }
  fragment.append(text.slice(last));
  return fragment;
}

function foldable(text) {
  return text.length > FOLD_CHARS || text.split('\n').length > FOLD_LINES;
}

/** A bubble row appended to the log: `kind` is user, bot or notice. */
export function addBubble(log, kind, text) {
  const row = document.createElement('div');
  row.className = `msg ${kind}`;
  const box = document.createElement('div');
  box.className = 'bubble';
  const body = document.createElement('div');
  body.className = 'text';
  body.append(kind === 'user' ? text : withPhoneLinks(text));
  box.append(body);
  // Long answers show their first lines, so the reply buttons under them stay on the screen.
  if (kind !== 'user' && foldable(text)) {
    body.classList.add('folded');
    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'more';
    more.textContent = '看详细';
    more.addEventListener('click', () => {
      const folded = body.classList.toggle('folded');
      more.textContent = folded ? '看详细' : '收起';
    });
    box.append(more);
  }
  row.append(box);
  log.append(row);
  return row;
}

/** A photo the user sent, shown as its small preview (or a word when there is none, as in a reloaded history). */
export function addPhotoBubble(log, thumb) {
  const row = addBubble(log, 'user', thumb ? '' : '［照片］');
  if (thumb) {
    const image = document.createElement('img');
    image.src = thumb;
    image.alt = '您发的照片';
    image.className = 'thumb';
    row.querySelector('.text').append(image);
  }
  return row;
}

/** Reply buttons under a bubble; `onChoice` is called with the choice tapped. */
export function addChoices(row, choices, onChoice) {
  const group = document.createElement('div');
  group.className = 'choices';
  choices.forEach((choice, i) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `${i + 1}. ${choice.label}`;
    button.addEventListener('click', () => onChoice(choice));
    group.append(button);
  });
  row.querySelector('.bubble').append(group);
}

/** Turns off the buttons of earlier replies (they belong to questions already passed); notices keep theirs. */
export function retireChoices(log) {
  for (const button of log.querySelectorAll('.msg.bot .choices button')) button.disabled = true;
}

/** Marks a user bubble as not sent, with a button that tries again; `retry` is called on tap. */
export function markFailed(row, retry) {
  row.classList.add('failed');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'retry';
  button.textContent = '没发出去，点这里重发';
  button.addEventListener('click', () => {
    row.classList.remove('failed');
    button.remove();
    retry();
  });
  row.querySelector('.bubble').after(button);
}

/** Shows "正在输入…" at the end of the log until the returned function is called. */
export function showTyping(log) {
  const row = addBubble(log, 'bot typing', '正在输入…');
  return () => row.remove();
}

/** Scrolls the log to its end, once the newest bubble and its buttons are in place, so the buttons are on screen. */
export function reveal(log) {
  log.scrollTop = log.scrollHeight;
}
