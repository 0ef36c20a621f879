import type { FormDef, TurnContext } from '../../core/form/types.js';
import { halfWidth } from '../../core/text.js';
import { type Reply, reply } from '../../model/reply.js';
import { normaliseName } from '../../privacy/keyed-hash.js';
import { redeemHouseholdCode } from './code-form.js';
import type { HouseholdFlowDeps } from './deps.js';
import { readHouseholdCode } from './household-code.js';
import { statusReplies } from './status.js';
import { tryAgainIn, type VerifyLimits } from './verify-limits.js';

const CODE_CHOICE = { id: 'household.code', label: '我有核对码' };

/** The reply while tries are held back; it never says which household, which name or which part was wrong. */
export function lockedReply(contact: string, waitMs: number): Reply {
  return reply(
    `为了保护大家的信息，核对没通过的次数太多了，${tryAgainIn(waitMs)}。\n帮扶干部可以给您一个核对码，用核对码马上就能查。\n${contact}`,
    [CODE_CHOICE, { id: 'cmd:menu', label: '回主菜单' }],
  );
}

/** The reply to a wrong name or tail: the same words for a registered and an unregistered name. */
function failedReply(waitMs: number): Reply {
  const wait = waitMs > 0 ? `为了防止别人乱试，${tryAgainIn(waitMs)}。` : '';
  return reply(`信息没有核对上。请检查姓名和身份证号后 6 位是否正确。${wait}\n也可以请帮扶干部给您一个核对码。`, [
    { id: 'household.start', label: '再试一次' },
    CODE_CHOICE,
    { id: 'cmd:human', label: '找人帮忙' },
    { id: 'cmd:menu', label: '回主菜单' },
  ]);
}

/** Milliseconds before this chat user may start a name + ID tail try; 0 = now. */
export function requesterWait(limits: VerifyLimits, ctx: TurnContext): Promise<number> {
  return limits.wait(limits.nameTry(ctx.incoming), ctx.now);
}

/**
 * 户主/成员 name + last 6 ID characters → a binding of this chat user to the household. The first answer may instead
 * be a household code from the cadre. Tries are limited per requester and per claimed name (see verify-limits.ts).
 */
export function verifyForm(deps: HouseholdFlowDeps, limits: VerifyLimits): FormDef {
  const { store, hasher } = deps;
  return {
    id: 'household-verify',
    title: '核对身份',
    confirm: false,
    fields: [
      {
        key: 'name',
        label: '姓名',
        prompt:
          '为了保护您家的信息，先核对一下身份。\n请输入户主（或登记在册的家庭成员）的姓名：\n（帮扶干部给过您 10 位核对码的，直接发核对码就行。）',
        parse: ({ text }) => {
          const code = readHouseholdCode(text);
          if (code) return { ok: true, value: { code }, shown: '核对码' };
          const name = normaliseName(text);
          return /^[\u4e00-\u9fa5·]{2,12}$/.test(name)
            ? { ok: true, value: name }
            : { ok: false, reason: '请输入中文姓名，比如：张大山。' };
        },
        example: '张大山',
        help: '写户主的名字就行；登记在册的其他家庭成员的名字也可以。',
      },
      {
        key: 'tail',
        label: '身份证号后6位',
        prompt: '请输入这个人身份证号的最后 6 位（最后一位是 X 的请打 X）：',
        // Skipped when the first answer was a household code (an object), asked otherwise (also before the name is in).
        when: (answers) => typeof answers.name !== 'object',
        parse: ({ text }) => {
          const tail = halfWidth(text).replace(/\s/g, '').toUpperCase();
          return /^\d{5}[\dX]$/.test(tail)
            ? { ok: true, value: tail, shown: '******' }
            : { ok: false, reason: '请输入 6 位，比如：123456 或 12345X。' };
        },
        example: '12345X',
        help: '就是身份证号码的最后 6 个字，户口本、社保卡上也有。身份证不在身上、记不清号码的话，也可以请帮扶干部或村委会帮您查。',
      },
    ],
    submit: async (answers, ctx) => {
      if (typeof answers.name !== 'string') return redeemHouseholdCode(deps, limits, String((answers.name as { code: string }).code), ctx);
      const contact = await deps.contact(ctx.identity);
      // The same work and the same words for every name, registered or not: the name's counter is a keyed hash of what
      // was typed, never a household, so neither a reply nor a lock-out tells who is in the registry.
      const counters = limits.nameTry(ctx.incoming, hasher.keyed('verify-name', answers.name));
      const wait = await limits.wait(counters, ctx.now);
      if (wait > 0) return [lockedReply(contact, wait)];
      const hash = await hasher.verifyHash(answers.name, String(answers.tail));
      const head = (await store.households.byVerifyHash(hash))[0];
      const person = head ? { householdId: head.id, idHash: head.idHash } : (await store.members.byVerifyHash(hash))[0];
      const match = person?.householdId;
      if (!match) {
        await limits.fail(counters, ctx.now);
        return [failedReply(await limits.wait(counters, ctx.now))];
      }
      const { channel, userId } = ctx.incoming;
      // Who verified is kept, so the binding ends when a re-import leaves them out of the household.
      await store.bindings.bind({
        id: `${channel}:${userId}`,
        kind: 'household',
        targetId: match,
        personIdHash: person.idHash,
        boundAt: ctx.now.toISOString(),
      });
      return statusReplies(deps, match, ctx.now, '核对成功！以后直接点"查询我家帮扶情况"就能看。\n\n');
    },
  };
}
