import { simplify } from './normalize.js';

/** The question(s) found inside a free-text message: the one to answer and any further ones. */
export type ExtractedQuestion = { main: string; others: string[] };

/** Whether a piece of text carries a word of our domain (贫困户, 低保, 报销…). */
export type DomainTest = (text: string) => boolean;

// Without the knowledge base's vocabulary, these roots stand for the domain (the knowledge base
// passes its own test built from topic titles, aliases and the lexicon).
const DOMAIN_ROOTS =
  /贫困|幼儿园|小学|初中|高中|大学|学校|扶贫|脱贫|帮扶|低保|特困|五保|救助|补助|补贴|资助|奖补|报销|医保|医疗|住院|看病|大病|慢病|养老|保险|贷款|信贷|贴息|危房|住房|房子|搬迁|就业|务工|打工|岗位|护林|产业|养殖|种植|合作社|上学|读书|学费|助学|营养餐|教育|残疾|监测|返贫|认定|识别|建档立卡|退出|摘帽|公示|政策|标准|申请|证明|干部|举报|反映|12317|饮水|光伏|卡/;

/** The built-in domain test used when no vocabulary is given. */
export const defaultDomainTest: DomainTest = (text) => DOMAIN_ROOTS.test(text);

// Interrogatives and question frames, including common dialect ones (么子, 几多, 冇), and a clause-final
// 不/没 ("有补助不"). An interrogative can also mean "any" or "a few": 什么也没赔到, 哪都不去,
// 交过几年, 这几年.
const QUESTION_CUE =
  /[?]|怎么|怎样|咋|如何|为什么|为啥|多少|几多|(?<![好十过了这那前近头])几[个天年月块岁次元钱号种类样项成]|能不能|可不可以|可以吗|有没有|是不是|要不要|会不会|算不算|够不够|行不行|能否|可否|是否|什么(?![也都])|啥(?![也都])|么子|哪(?!(?:里|儿)?[也都])|吗|[呢么嘛][!]*$|[不没](?:有|得)?$/;

// A request is a question too: 我想申请危房改造 asks how.
const REQUEST = /(?:想|要|准备|打算)(?:去)?(?:申请|办理?|贷款?|领取?|评上?|当|参加|享受|报名|开证明)/;
// Phrases that open a question ("请问…", "咨询一下…"); text before them is context.
const LEAD_IN =
  /(?:我|俺)?(?:想|要)?(?:请问|问一下|问一问|问问|问下|问个事|问个问题|咨询一下|咨询下|咨询|请教一下|请教|打听一下|打听|了解一下)|(?:我|俺)?想(?:问|知道|了解)/;
// Phrases that open a second question.
const NEXT_QUESTION = /另外|还想问|顺便问|再问一下|再问|还有一个问题|还有个问题|还有就是|其次/;

// Greetings at the start of a message; a bare form of address (领导, 老师) only when nothing follows it
// in the clause, so 领导干部 or 老师的工资 stay.
const GREETING =
  /^(?:您好|你好|大家好|老师好|领导好|各位好|早上好|上午好|中午好|下午好|晚上好|早安|晚安|在吗|在不在|有人吗|打扰了|打扰一下|打扰|哈喽|hello|hi|嗨|喂|(?:各位领导|各位|领导|老师|同志|工作人员|老乡)(?=$|您好|你好|好|问|请问|我))+[呀啊哈嘛吗了]*/;
const THANKS =
  /(?:(?:先|非常|十分|万分|真是|真的)?(?:谢谢|感谢|多谢|辛苦|麻烦|拜托)|(?:期待|盼望|希望|望|盼|请)(?:您的)?(?:回复|答复|解答))(?:您|你|了|啦|哈|领导|老师|各位|大家|政府|回复|答复|解答|帮忙|帮助|们)*$/;
// A self-introduction up to its identity noun: 我是XX村的村民, 本人是一名退伍军人.
const SELF_INTRO =
  /^(?:我|本人|俺)(?:们)?(?:是|叫|系)[^,]{0,24}?(?:村民|居民|农民|群众|老百姓|百姓|村人|本地人|老人|家长|户主|党员|学生|老师|妇女|军人|残疾人|干部|贫困户|脱贫户|低保户|监测户|五保户|农户)(?:的|之一)?/;
const PLACE_UNIT = '(?:省|市|县|区|乡|镇|街道|村委会|村|组)';
const NOT_PLACE_NAME = '贫困|脱贫|示范|重点|这个|那个|我们|你们|他们|每个|各个|所在|本';
// Two or more administrative units in a row (江西省赣州市于都县, XX镇XX村); names have 2–6
// characters and contain no unit or function character, so 乡镇村委会 or 贫困村 are left alone.
const PLACES = new RegExp(
  `(?:(?!${NOT_PLACE_NAME})(?:(?![省市县区乡镇村组我你他她们的是在住想问请了和与及到去从找给对向这那哪个每各全该])[\\p{Script=Han}A-Za-z×*]){2,6}?${PLACE_UNIT}){2,}`,
  'gu',
);
// What is left of a clause that only said where the writer lives or who they are.
const RESIDUE = /^(?:我|我们|我家|俺|本人|家|住|住在|在|是|的|这里|这边|那里|这|那|村民|居民|人|现|现在|目前|一名|一个|今年|岁|\d+)*$/;

const EMOJI = /(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u{FE0F}|\u{200D}|\u{20E3})+|\[[\p{Script=Han}a-z]{1,4}\]/gu;
// Clause breaks; a question mark stays on its clause (it marks a question) and is split after.
const SEPARATORS = /[,.!;:~。、；：…]+|(?<=\?)/u;
// Quotes and brackets wrap words inside a clause ("什么是“两不愁三保障”"): dropped, not split on.
const WRAPPERS = /["'“”‘’()（）【】《》「」]/g;
// Space-separated pieces this short are words of one clause, not clauses.
const SHORT_WORD = 3;

/** A clause of a message; `ledIn` when only a lead-in ("我想问下…") marks it as a question. */
type Clause = { text: string; question: boolean; intro: boolean; ledIn: boolean };

/** NFKC, lower case, Traditional → Simplified, emoji and WeChat emoticons ([微笑]) turned into breaks. */
function prepare(text: string): string {
  return simplify(text.normalize('NFKC').toLowerCase()).replace(EMOJI, ',').replace(WRAPPERS, '');
}

/** Removes greetings at the start and thanks at the end, repeatedly ("您好老师…谢谢了！"). */
function trimCourtesy(text: string): string {
  let out = text;
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(GREETING, '').replace(THANKS, '');
  }
  return out;
}

/** Joins space-separated words that are too short to be clauses ("低保 怎么 申请"); keeps longer ones apart. */
function joinShortWords(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const isShort = (w: string | undefined): boolean => w !== undefined && Array.from(w).length <= SHORT_WORD;
  return words.reduce((out, word, i) => (i === 0 ? word : `${out}${isShort(word) || isShort(words[i - 1]) ? '' : ','}${word}`), '');
}

/** Breaks a message into clauses at punctuation, spaces, emoji, place names, lead-ins and self-introductions. */
function splitClauses(text: string): string[] {
  const marked = joinShortWords(text)
    .replace(PLACES, ',')
    .replace(new RegExp(LEAD_IN.source, 'g'), (m) => `,${m}`)
    .replace(new RegExp(NEXT_QUESTION.source, 'g'), (m) => `,${m}`);
  return marked.split(new RegExp(SEPARATORS.source, 'gu')).flatMap((raw) => {
    const piece = trimCourtesy(raw);
    const intro = SELF_INTRO.exec(piece);
    return intro && intro[0].length < piece.length ? [intro[0], piece.slice(intro[0].length)] : [piece];
  });
}

/** Strips lead-ins and question marks; drops residue of places and introductions; says whether the clause asks something. */
function readClause(piece: string): Clause | undefined {
  const marked = /\?/.test(piece);
  let text = trimCourtesy(piece.replace(/\?/g, ''));
  const lead = LEAD_IN.exec(text);
  const ledIn = lead?.index === 0;
  if (ledIn && lead) text = text.slice(lead[0].length).replace(/^(?:一下|下|个事|个问题|一个问题)/, '');
  text = text.replace(new RegExp(`^(?:${NEXT_QUESTION.source})`), '');
  if (!text || RESIDUE.test(text)) return undefined;
  const intro = SELF_INTRO.test(text) && !QUESTION_CUE.test(text.replace(SELF_INTRO, ''));
  const asks = marked || QUESTION_CUE.test(text) || REQUEST.test(text);
  return { text, intro, question: !intro && (ledIn || asks), ledIn: ledIn && !asks };
}

// "我想问下我们县已经摘帽了，过渡期结束了吗？": the lead-in opens the story; the question is the next clause.
function readClauses(message: string): Clause[] {
  const clauses = splitClauses(prepare(message)).flatMap((piece) => readClause(piece) ?? []);
  return clauses.map((c, i) => (c.ledIn && clauses[i + 1]?.question && !clauses[i + 1]?.ledIn ? { ...c, question: false } : c));
}

/**
 * One question found in a message: its clause(s), the story clauses before it that carry domain words
 * (`context`, up to two) and all the story clauses before it (`story`).
 */
export type FoundQuestion = { question: string; context: string[]; story: string[] };

/**
 * Every question of a message in order, each with up to two domain-bearing story clauses told before
 * it. A follow-up without domain words right after a question ("最多多少钱？") is joined to it. A
 * message without a question yields its domain-bearing clauses (or all of them) as one question.
 */
export function findQuestions(text: string, isDomain: DomainTest = defaultDomainTest): FoundQuestion[] {
  const clauses = readClauses(text).filter((c) => !c.intro || isDomain(c.text));
  const found: FoundQuestion[] = [];
  let context: string[] = [];
  let story: string[] = [];
  let afterQuestion = false;
  for (const clause of clauses) {
    if (!clause.question) {
      if (isDomain(clause.text)) context.push(clause.text);
      story.push(clause.text);
      afterQuestion = false;
      continue;
    }
    const last = found[found.length - 1];
    if (last && afterQuestion && !isDomain(clause.text)) last.question = `${last.question}，${clause.text}`;
    else found.push({ question: clause.text, context: context.slice(-2), story });
    context = [];
    story = [];
    afterQuestion = true;
  }
  if (found.length > 0) return found;
  const domain = clauses.filter((c) => isDomain(c.text));
  const joined = (domain.length ? domain : clauses).map((c) => c.text).join('，');
  return joined ? [{ question: joined, context: [], story: [] }] : [];
}

/** A found question with the context it needs: the nearest story clause, or two when the question has no domain word ("怎么办"). */
export function withContext(found: FoundQuestion, isDomain: DomainTest = defaultDomainTest): string {
  const needed = isDomain(found.question) ? found.context.slice(-1) : found.context;
  return [...needed, found.question].join('，');
}

/**
 * Finds the question inside a message: drops greetings, self-introductions, thanks, place names and
 * story clauses, keeps the clause(s) asking something plus the context they need (a story clause
 * with a domain word when the question alone is "有什么补助吗"). With several questions, `main` is
 * the first about our domain and `others` the rest. Output is Simplified, half-width, without emoji;
 * `main` is '' when the message holds nothing but greetings or thanks.
 */
export function extractQuestion(text: string, isDomain: DomainTest = defaultDomainTest): ExtractedQuestion {
  const questions = findQuestions(text, isDomain).map((f) => withContext(f, isDomain));
  const mainIndex = Math.max(
    0,
    questions.findIndex((q) => isDomain(q)),
  );
  const main = questions[mainIndex] ?? '';
  return { main, others: questions.filter((q, i) => i !== mainIndex && q !== main && isDomain(q)) };
}
