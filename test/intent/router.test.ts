import { beforeAll, describe, expect, it } from 'vitest';
import type { Routed } from '../../src/core/bot.js';
import type { TurnContext } from '../../src/core/form/types.js';
import type { Identity } from '../../src/core/types.js';
import type { IntentClassifier } from '../../src/intent/classifier.js';
import { loadIntents } from '../../src/intent/load.js';
import { createIntentRouter } from '../../src/intent/router.js';
import { type Reply, reply } from '../../src/model/reply.js';
import { contentDir } from '../knowledge/helpers.js';

let classifier: IntentClassifier;
beforeAll(async () => {
  classifier = await loadIntents(contentDir);
});

const asked: string[] = [];
const router = () =>
  createIntentRouter({
    classifier: () => classifier,
    answer: (text) => {
      asked.push(text);
      return [reply('【政策】回答')];
    },
  });

const IDENTITIES: Record<Identity['kind'], Identity> = {
  guest: { kind: 'guest' },
  household: { kind: 'household', householdId: 'H1' },
  cadre: { kind: 'cadre', cadreId: 'C1' },
};

function ctx(kind: Identity['kind']): TurnContext {
  const now = new Date('2026-11-27T02:00:00Z');
  return {
    incoming: { channel: 'test', userId: 'u1', kind: 'text', receivedAt: now },
    identity: IDENTITIES[kind],
    session: { id: 'test:u1', updatedAt: now.toISOString(), version: 0 },
    now,
  };
}

const repliesOf = (routed: Routed | undefined): Reply[] => {
  if (routed && 'beside' in routed) return [routed.beside];
  return routed && 'replies' in routed ? routed.replies : [];
};
const choiceIds = (routed: Routed | undefined) => repliesOf(routed).flatMap((r) => r.choices?.map((c) => c.id) ?? []);

describe('intent router: outside a form', () => {
  it('offers the hardship form, a human and a way out, on the last reply', async () => {
    const routed = router().understand('老汉住院了 屋里没得钱了', ctx('household'));
    expect(choiceIds(routed)).toEqual(['hardship.start', 'cmd:human', 'cmd:menu']);
    expect(
      repliesOf(routed)
        .at(-1)
        ?.choices?.map((c) => c.label),
    ).toEqual(['申请帮扶', '找人帮忙', '不用了']);
  });

  it('asks the plain Q&A verdict, not the mid-form one, whether an answer goes before the offer', () => {
    const sure = createIntentRouter({ classifier: () => classifier, answer: () => undefined, answers: () => true });
    const routed = sure.understand('老伴得了尿毒症 透析报得几多', ctx('guest'));
    expect(routed && 'beside' in routed).toBe(true);
  });

  it('puts the offer beside the usual answer when the story comes with a question', async () => {
    const routed = router().understand('屋里遭水淹了 能申请什么救助', ctx('guest'));
    expect(routed).toEqual({ beside: { text: expect.stringContaining('现在申请吗'), choices: expect.any(Array) } });
  });

  it('only offers when the message asks nothing', async () => {
    expect(router().understand('屋里遭水淹了', ctx('guest'))).toEqual({
      replies: [expect.objectContaining({ text: expect.stringContaining('现在申请吗') })],
    });
  });

  it('adds the other needs it heard as further choices', async () => {
    const routed = router().understand('老婆病了住院 家里的低保金也一直没发', ctx('household'));
    expect(choiceIds(routed)).toEqual(['hardship.start', 'complaint.start', 'cmd:human', 'cmd:menu']);
  });

  it('offers 反映问题 for a grievance', async () => {
    expect(choiceIds(router().understand('村里评低保优亲厚友', ctx('guest')))).toEqual(['complaint.start', 'cmd:human', 'cmd:menu']);
  });

  it("shows a bound household its status, and offers a guest verification; a cadre's own status is a policy question", async () => {
    expect(router().understand('我家的钱到了没', ctx('household'))).toEqual({ run: 'household.start' });
    expect(choiceIds(router().understand('我家的钱到了没', ctx('guest')))).toEqual(['household.start', 'cmd:menu']);
    expect(router().understand('我家是么子卡', ctx('cadre'))).toBeUndefined();
  });

  it('opens the visit form for a bound cadre only', async () => {
    expect(router().understand('今天去刘奶奶家走访了', ctx('cadre'))).toEqual({ run: 'visit.start' });
    expect(router().understand('今天去刘奶奶家走访了', ctx('household'))).toBeUndefined();
  });

  it('answers small talk with a line over the menu', async () => {
    expect(router().understand('谢谢你哈', ctx('guest'))).toEqual({ menu: expect.stringContaining('不客气') });
  });

  it('leaves policy questions to the policy Q&A', async () => {
    expect(router().understand('住院能报销多少', ctx('household'))).toBeUndefined();
  });

  it('answers a question about one’s own household with the offer alone, asking the policy Q&A nothing', async () => {
    asked.length = 0;
    expect(router().understand('我家是么子卡', ctx('guest'))).toHaveProperty('replies');
    expect(asked).toEqual([]);
  });

  it('offers alone when the policy Q&A has no confident answer to the question in the story', async () => {
    const unsure = createIntentRouter({ classifier: () => classifier, answer: () => undefined });
    expect(unsure.understand('屋里遭水淹了 能申请什么救助', ctx('guest'))).toHaveProperty('replies');
  });
});

describe('intent router: inside a form', () => {
  it.each([
    ['身份证不在身上咋办', 'before', { kind: 'step-help' }],
    ['谢谢', 'after', { kind: 'say', replies: [{ text: expect.stringContaining('不客气') }] }],
    ['谢谢', 'before', undefined],
    ['低保怎么申请', 'after', undefined],
    // Before the step reads it, a plain question is answered; the engine reads it as the answer if sent again.
    ['低保怎么申请', 'before', { kind: 'say', replies: [{ text: '【政策】回答' }] }],
    ['老伴住院了 能报多少', 'before', undefined],
    ['村里的路修好了', 'before', undefined],
  ] as const)('"%s" (%s) → %j', (text, phase, expected) => {
    expect(router().aside(text, ctx('guest'), phase)).toEqual(expected);
  });
});
