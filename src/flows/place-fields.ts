import type { Answers, Field, TurnContext } from '../core/form/types.js';
import type { Choice } from '../model/reply.js';
import type { Place } from '../store/queries.js';
import type { Store } from '../store/store.js';

const PLACE_NAME = /^[\u4e00-\u9fa5]{2,15}$/;

function options(values: string[], limit: number): Choice[] {
  return values.slice(0, limit).map((v) => ({ id: `place:${v}`, label: v }));
}

const collator = new Intl.Collator('zh');
/**
 * Sorted names per list of places. PostgreSQL hands out one cached list for a minute, so with a province's 30,000
 * villages each township's list is sorted once, not on every place question.
 */
const sortedNames = new WeakMap<readonly Place[], Map<string, string[]>>();
const ALL_TOWNSHIPS = '\u0000';

/** The registry's townships, or the villages of one, sorted in Chinese order. */
async function knownPlaces(store: Store, township?: string): Promise<string[]> {
  const places = await store.households.places();
  let byTownship = sortedNames.get(places);
  if (!byTownship) {
    byTownship = new Map();
    sortedNames.set(places, byTownship);
  }
  const key = township ?? ALL_TOWNSHIPS;
  let names = byTownship.get(key);
  if (!names) {
    const picked =
      township === undefined ? places.map((p) => p.township) : places.filter((p) => p.township === township).map((p) => p.village);
    names = [...new Set(picked)].sort(collator.compare);
    byTownship.set(key, names);
  }
  return names;
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
      choices: async () => options(await knownPlaces(store), 8),
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
      choices: async (a) => options(await knownPlaces(store, String(a.township)), 8),
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
export async function homePlacePrefill(store: Store, ctx: TurnContext): Promise<Answers> {
  if (ctx.identity.kind !== 'household') return {};
  const h = await store.households.get(ctx.identity.householdId);
  return h ? { homeTownship: h.township, homeVillage: h.village, householdId: h.id, homeName: h.headName } : {};
}
