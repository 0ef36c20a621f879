/** What kind of fact a question asks for, which decides the passage that answers it. */
export type AnswerType = 'amount' | 'time' | 'criteria' | 'how' | 'where' | 'which' | 'what' | 'other';

// Question frames, checked in this order on canonical text (Simplified, dialect folded).
const FRAMES: Array<[AnswerType, RegExp]> = [
  ['amount', /多少|几多|几[块元百千万成岁]|多大年纪|多高|比例|百分之|标准是|补几|给几|多大额度|额度|利息|利率/],
  ['time', /几年|几个月|几天|多久|多长时间|什么时候|哪年|哪一年|几月|期限|到什么时候|截止|几号/],
  ['criteria', /标准|条件|要求|资格|够不够|算不算|符不符合|够格/],
  ['where', /去哪|在哪|哪里|找谁|问谁|谁管|哪个部门|电话|热线|找哪/],
  [
    'how',
    /怎么申请|如何申请|怎么办理|怎么办|怎么弄|怎么搞|怎么报|怎么开|怎么当|怎么贷|怎么评|流程|手续|步骤|要带|带什么|材料|证件|需要什么|要什么/,
  ],
  ['which', /哪些|哪几|哪[两三四五六七八九十]|几[类种样个项条道]|包括什么|有什么/],
  ['what', /是什么|什么是|什么叫|啥叫|叫什么|什么意思|是啥|指的是|怎么回事|怎么理解/],
];

// What a passage that answers each kind of question contains.
const EVIDENCE: Record<AnswerType, RegExp | undefined> = {
  amount: /\d[\d.,]*\s*(?:元|块|万|千|%|％|成|倍|分|岁|周岁)|百分之|[一二三四五六七八九十百千万]+元/,
  time: /\d{4}\s*年|\d+\s*(?:年|个月|月|天|日)|年底|年初|以前|以后|之前|之后|期间|期限/,
  criteria: /标准|条件|低于|高于|超过|不超过|以上|以下|符合|达到|要求/,
  where: /村委会|乡镇|乡里|镇里|县|部门|电话|热线|\d{5}|窗口|医院|学校|银行|民政|人社/,
  how: /申请|提出|带上|带好|携带|材料|证件|身份证|户口|审核|办理|流程|先|再|然后|找|填/,
  which: /[：:].*[、，,；;]|一是|二是|[一二三四五六七八九十两]+(?:个|类|种|样|项|条|道)/,
  what: undefined,
  other: undefined,
};

/** The kind of fact a canonical question asks for ('other' for yes/no or unclear). */
export function answerType(question: string): AnswerType {
  return FRAMES.find(([, frame]) => frame.test(question))?.[0] ?? 'other';
}

/** Whether a passage holds the kind of fact the question asks for. */
export function fitsAnswerType(type: AnswerType, passage: string): boolean {
  return EVIDENCE[type]?.test(passage) ?? false;
}
