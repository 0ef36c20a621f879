/** What kind of fact a question asks for, which decides the passage that answers it. */
export type AnswerType = 'amount' | 'time' | 'criteria' | 'how' | 'where' | 'which' | 'what' | 'other';

/** The kind of fact asked and, for "几天/几成/几档" questions, the unit the figure must carry. */
export type AnswerShape = { type: AnswerType; unit?: RegExp };

// Question frames, checked in this order on canonical text (Simplified, dialect folded): 贷几年 asks a time, not an amount.
const FRAMES: Array<[AnswerType, RegExp]> = [
  ['time', /几年|几个月|几天|几个工作日|多少天|多少年|多少个月|多久|多长时间|什么时候|几时|哪年|哪一年|几月|期限|到什么时候|截止|几号/],
  [
    'amount',
    /多少|几多|好多钱|几[块元百千万成岁倍档]|多大年纪|多高|多大|多宽|比例|百分之|标准是|补几|给几|发几|拿几|领几|贷几|多大额度|额度|利息|利率/,
  ],
  ['criteria', /标准|条件|要求|资格|够不够|算不算|符不符合|够格|才算|才能算|哪些人|什么人|谁能|谁可以/],
  ['where', /去哪|在哪|哪里|找谁|问谁|谁管|哪个管|哪个部门|电话|热线|找哪/],
  [
    'how',
    /怎么申请|如何申请|怎么办理|怎么办|怎么弄|怎么搞|怎么报|怎么开|怎么当|怎么贷|怎么评|怎么查|怎么领|流程|手续|程序|步骤|要带|带什么|材料|证件|需要什么|要什么/,
  ],
  ['which', /哪些|哪几|哪[两三四五六七八九十]|几[类种样个项条道大]|包括什么|有什么/],
  ['what', /是什么|什么是|什么叫|啥叫|叫什么|什么意思|是啥|指的是|指什么|怎么回事|怎么理解/],
];

// What a passage that answers each kind of question contains.
const EVIDENCE: Record<AnswerType, RegExp | undefined> = {
  amount: /\d[\d.,]*\s*(?:元|块|万|千|%|％|成|倍|分|岁|周岁|档|平方米)|百分之|[一二三四五六七八九十百千万]+元/,
  time: /\d{4}\s*年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:起|底|初|以后|以前|前|后|开始|到|—|-)|(?<![\d.])\d{1,3}\s*(?:个)?(?:工作日|年|个月|天|日)(?:内|以内|之内|左右)?|年底|年初|期限|当月|次月|多久/,
  criteria: /标准|条件|低于|高于|超过|不超过|以上|以下|符合|达到|要求|同时满足|对象/,
  where: /村委会|乡镇|乡里|镇里|县|部门|电话|热线|\d{5}|窗口|医院|学校|银行|民政|人社|残联/,
  how: /申请|提出|带上|带好|携带|材料|证件|身份证|户口|审核|办理|流程|程序|先|再|然后|找|填/,
  which: /[：:].*[、，,；;]|一是|二是|[一二三四五六七八九十两]+(?:个|类|种|样|项|条|道)/,
  what: undefined,
  other: undefined,
};

// "几天 / 多少天 / 几多钱 / 几成 / 几档": the unit asked for, and how a figure in that unit is written.
const UNIT_ASKED = /(?:几|多少|几多|好多)(?:个)?(工作日|天|日|年|个月|月|岁|成|倍|档|平方|平米|万)/;
const UNIT_WRITTEN: Record<string, string> = {
  工作日: '(?:个)?(?:工作日|天|日)',
  天: '(?:个)?(?:工作日|天|日)',
  日: '(?:个)?(?:工作日|天|日)',
  年: '年',
  个月: '个?月',
  月: '个?月',
  岁: '周?岁',
  成: '(?:%|％|成)',
  倍: '倍',
  档: '档',
  平方: '平方米',
  平米: '平方米',
  万: '万',
};

/** The kind of fact a canonical question asks for ('other' for yes/no or unclear). */
export function answerType(question: string): AnswerType {
  return FRAMES.find(([, frame]) => frame.test(question))?.[0] ?? 'other';
}

// "哪三档 / 哪四道 / 哪几类": a list of that many, written with its count and measure ("分三档", "四道保障线").
const LIST_ASKED = /哪([一二两三四五六七八九十\d]+)(?:个)?(类|种|样|项|条|道|档|级|个)/;
const DIGIT = '一二三四五六七八九';

/** The kind of fact asked and the unit its figure is in, if the question names one. */
export function answerShape(question: string): AnswerShape {
  const type = answerType(question);
  const list = LIST_ASKED.exec(question);
  if (list?.[1] && list[2]) {
    const count = list[1];
    const digit = DIGIT.indexOf(count) + 1;
    const written = digit > 0 ? `(?:${count}|${digit})` : count;
    return { type, unit: new RegExp(`(?<!第)${written}\\s*(?:个)?${list[2]}`) };
  }
  const unit = UNIT_ASKED.exec(question)?.[1];
  const written = unit ? UNIT_WRITTEN[unit] : undefined;
  return written ? { type, unit: new RegExp(`[\\d一二三四五六七八九十两百千万.]+\\s*${written}`) } : { type };
}

/** Whether a passage holds the kind of fact the question asks for. */
export function fitsAnswerType(type: AnswerType, passage: string): boolean {
  return EVIDENCE[type]?.test(passage) ?? false;
}

/** How well a passage fits the shape asked: 0 not at all, 1 the kind of fact, 2 a figure in the very unit asked. */
export function shapeFit(shape: AnswerShape, passage: string): number {
  if (shape.unit?.test(passage)) return 2;
  return fitsAnswerType(shape.type, passage) ? 1 : 0;
}
