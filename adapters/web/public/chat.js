const log = document.getElementById('log');
const form = document.getElementById('composer');
const input = document.getElementById('text');

function userId() {
  let id = localStorage.getItem('bangfu-user');
  if (!id) {
    id = `web-${crypto.randomUUID()}`;
    localStorage.setItem('bangfu-user', id);
  }
  return id;
}

function bubble(kind, text) {
  const row = document.createElement('div');
  row.className = `msg ${kind}`;
  const box = document.createElement('div');
  box.className = 'bubble';
  box.textContent = text;
  row.append(box);
  log.append(row);
  log.scrollTop = log.scrollHeight;
  return box;
}

function showReplies(replies, kind = 'bot') {
  for (const reply of replies) {
    const box = bubble(kind, reply.text);
    if (!reply.choices || reply.choices.length === 0) continue;
    const choices = document.createElement('div');
    choices.className = 'choices';
    reply.choices.forEach((choice, i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${i + 1}. ${choice.label}`;
      button.addEventListener('click', () => send({ choice: choice.id }, choice.label));
      choices.append(button);
    });
    box.append(choices);
  }
}

async function send(body, shown) {
  bubble('user', shown);
  try {
    const response = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: userId(), ...body }),
    });
    const data = await response.json();
    // 429 (too many messages) carries a kind Chinese line to show as it is.
    if (response.status === 429 && data.message) return bubble('notice', data.message);
    if (!response.ok) throw new Error(data.error);
    showReplies(data.replies);
  } catch {
    bubble('notice', '网络好像不太好，消息没有发出去，请稍后再试。');
  }
}

async function poll() {
  try {
    const response = await fetch(`/api/chat/messages?userId=${encodeURIComponent(userId())}`);
    if (response.ok) showReplies((await response.json()).messages, 'notice');
  } catch {
    // Offline for now; the next poll tries again and nothing is lost (messages stay in the outbox).
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  send({ text }, text);
});

send({ text: '' }, '你好');
setInterval(poll, 5000);
