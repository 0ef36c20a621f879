/**
 * The bodies of local government a complaint can be about, as data: the words that name each one (a post in it
 * or the body itself) and the kind of place it belongs to. A complaint whose 涉及的人 names one of them must not
 * be assigned to that same body of the same place (a complaint about 村会计 does not go to that 村委会).
 */
export type ConflictUnit = { name: string; place: 'village' | 'township'; words: readonly string[] };

/** The units the conflict rule knows; add words here, not branches in the rule. */
export const CONFLICT_UNITS: readonly ConflictUnit[] = [
  {
    name: '村两委',
    place: 'village',
    words: [
      '村民委员会',
      '村委会',
      '村两委',
      '村委',
      '村党总支',
      '村党支部',
      '村支部',
      '村务监督委员会',
      '村监委会',
      '村支书',
      '村书记',
      '村主任',
      '村长',
      '村会计',
      '村出纳',
      '村文书',
      '村妇女主任',
      '村干部',
      '村民小组长',
    ],
  },
  { name: '驻村工作队', place: 'village', words: ['驻村工作队', '驻村干部', '驻村队员', '第一书记', '工作队'] },
  {
    name: '乡镇党委政府',
    place: 'township',
    words: [
      '乡人民政府',
      '镇人民政府',
      '乡镇政府',
      '乡政府',
      '镇政府',
      '乡镇党委',
      '乡党委',
      '镇党委',
      '乡党委书记',
      '镇党委书记',
      '乡长',
      '镇长',
      '乡镇干部',
      '乡干部',
      '镇干部',
    ],
  },
];

/** Words that point at the complaint's own place without naming it; they count as naming no other place. */
export const OWN_PLACE_WORDS: readonly string[] = ['本村', '该村', '我村', '本乡', '本镇', '该乡', '该镇', '所在村', '所在乡镇'];

/** Suffixes dropped to get the short form of a place name (红星村 → 红星), which assignees often use. */
export const PLACE_SUFFIXES: readonly string[] = ['社区', '街道', '村', '乡', '镇'];
