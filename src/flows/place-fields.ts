import type { Answers, Field, TurnContext } from '../core/form/types.js';
import type { Choice } from '../model/reply.js';
import type { Store } from '../store/legacy-store.js';

const PLACE_NAME = /^[\u4e00-\u9fa5]{2,15}$/;

function options(values: string[], limit: number): Choice[] {
  return values.slice(0, limit).map((v) => ({ id: `place:${v}`, label: v }));
}

/**
 * 乡镇 and 村 questions. A bound household is offered its own place to confirm; others pick a known
 * place from the registry by number or type any name.
 */
export function placeFields(store: Store, confirmPrompt = (t: string, v: string) => `事情是在您家所在的 ${t}${v} 吗？`): Field[] {
  const known = (answers: Record<string, unknown>) => typeof answers.homeTownship === 'string';
  const useHome = (answers: Record<string, unknown>) => known(answers) && answers.placeConfirmed === 'yes';
  return [
    {
      key: 'placeConfirmed',
      label: '地点',
      when: known,
      prompt: (a) => confirmPrompt(String(a.homeTownship), String(a.homeVillage)),
      choices: [
        { id: 'yes', label: '是的' },
        { id: 'no', label: '不是，换个地方' },
      ],
      example: '回复 1 表示"是的"',
    },
    {
      key: 'township',
      label: '乡镇',
      when: (a) => !useHome(a),
      prompt: '事情发生在哪个乡镇？可以点选项，也可以直接打字：',
      choices: () => options(store.households.townships(), 8),
      parse: ({ text, choice }) => {
        const value = choice ? choice.label : text;
        return PLACE_NAME.test(value) ? { ok: true, value } : { ok: false, reason: '请写乡镇的名字，比如：青山乡。' };
      },
      example: '青山乡',
    },
    {
      key: 'village',
      label: '村',
      when: (a) => !useHome(a),
      prompt: '哪个村（社区）？',
      choices: (a) => options(store.households.villages(String(a.township)), 8),
      parse: ({ text, choice }) => {
        const value = choice ? choice.label : text;
        return PLACE_NAME.test(value) ? { ok: true, value } : { ok: false, reason: '请写村的名字，比如：石桥村。' };
      },
      example: '石桥村',
    },
  ];
}

/** The township and village the answers settled on. */
export function placeOf(answers: Record<string, unknown>): { township: string; village: string } {
  if (answers.placeConfirmed === 'yes') return { township: String(answers.homeTownship), village: String(answers.homeVillage) };
  return { township: String(answers.township), village: String(answers.village) };
}

/** Prefilled answers for a bound household: its place (confirmed by placeFields), id and head's name. */
export function homePlacePrefill(store: Store, ctx: TurnContext): Answers {
  if (ctx.identity.kind !== 'household') return {};
  const h = store.households.get(ctx.identity.householdId);
  return h ? { homeTownship: h.township, homeVillage: h.village, householdId: h.id, homeName: h.headName } : {};
}
