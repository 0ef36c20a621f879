import { beforeAll, describe, expect, it } from 'vitest';
import type { Audience } from '../../src/core/flow.js';
import type { AsidePhase } from '../../src/core/form/types.js';
import type { IntentClassifier } from '../../src/intent/classifier.js';
import { loadIntents } from '../../src/intent/load.js';
import { type Route, routeOf } from '../../src/intent/router.js';
import { contentDir } from '../knowledge/helpers.js';

let classifier: IntentClassifier;
beforeAll(async () => {
  classifier = await loadIntents(contentDir);
});

const detected = (text: string) => classifier.read(text).intents.map((i) => i.id);
const route = (text: string, as: Audience, phase?: AsidePhase): Route => routeOf(classifier.read(text), as, phase);

describe('intent classifier: the example utterances in content/intents', () => {
  it('has examples for every intent', async () => {
    expect(
      classifier
        .specs()
        .map((s) => s.id)
        .sort(),
    ).toEqual(['cadre-work', 'grievance', 'hardship', 'own-status', 'step-help']);
    for (const spec of classifier.specs()) expect(spec.examples.length, spec.id).toBeGreaterThanOrEqual(5);
  });

  it('recognises every example as its intent, and no counter-example', async () => {
    const wrong = classifier
      .specs()
      .flatMap((spec) => [
        ...spec.examples.filter((q) => !detected(q).includes(spec.id)).map((q) => `${spec.id} missed: ${q}`),
        ...spec.not.filter((q) => detected(q).includes(spec.id)).map((q) => `${spec.id} wrongly found: ${q}`),
      ]);
    expect(wrong).toEqual([]);
  });
});

describe('intent routing outside a form', () => {
  it.each<[string, Audience, Route]>([
    // The failures the issue lists.
    ['老汉住院了 屋里没得钱了', 'household', 'hardship'],
    ['屋里遭水淹了', 'guest', 'hardship'],
    ['谢谢你哈', 'guest', 'smalltalk'],
    ['早上好啊', 'household', 'smalltalk'],
    ['在吗 老乡问个事', 'guest', 'smalltalk'],
    // Hardship.
    ['我爸前天出了车祸，现在还在医院', 'guest', 'hardship'],
    ['家里房子被大风吹塌了一间', 'household', 'hardship'],
    ['在外面打工的厂子关门了 没活干', 'guest', 'hardship'],
    ['孩子考上了高中 学费实在拿不出来', 'household', 'hardship'],
    ['屋裏著火了，什麼都燒光了', 'guest', 'hardship'],
    ['田里的稻子全被洪水冲了', 'cadre', 'hardship'],
    // Hardship beats grievance and own status when both are told.
    ['老婆病了住院 家里的低保金也一直没发', 'household', 'hardship'],
    ['我家钱到了没 老伴住院等着用钱', 'household', 'hardship'],
    // Grievance.
    ['产业奖补被村里扣了一半', 'guest', 'grievance'],
    ['我家的补贴一直没有发到手', 'household', 'grievance'],
    ['评贫困户优亲厚友，不公平', 'guest', 'grievance'],
    ['我要举报村支书', 'guest', 'grievance'],
    ['村会计要红包才给盖章', 'household', 'grievance'],
    // Own status: a household's own record; a guest is offered verification; a cadre has no household.
    ['我家的钱到了没', 'household', 'own-status'],
    ['我家是么子卡', 'guest', 'own-status'],
    ['我还是不是贫困户', 'household', 'own-status'],
    ['我们家今年的分红发了吗', 'guest', 'own-status'],
    ['我家是么子卡', 'cadre', 'policy'],
    // Cadre work, only for a bound cadre.
    ['今天入户看了王大娘家', 'cadre', 'cadre-work'],
    ['走访', 'cadre', 'cadre-work'],
    ['登记一下昨天的走访', 'cadre', 'cadre-work'],
    ['今天入户看了王大娘家', 'household', 'policy'],
    ['干部多久来走访一次', 'guest', 'policy'],
    // Small talk only when nothing else is said.
    ['你是谁', 'guest', 'smalltalk'],
    ['您好！', 'household', 'smalltalk'],
    ['好的 谢谢', 'guest', 'smalltalk'],
    ['👍', 'guest', 'smalltalk'],
    ['谢谢，低保一个月多少钱', 'guest', 'policy'],
    ['您好,我是XX镇XX村的村民,咨询一下贫困户的认定标准是什么?', 'guest', 'policy'],
    // Policy questions stay policy questions.
    ['住院能报销多少', 'household', 'policy'],
    ['大病救助怎么申请', 'guest', 'policy'],
    ['突发严重困难户是什么', 'guest', 'policy'],
    ['红卡是什么意思', 'household', 'policy'],
    ['怎么才能评上贫困户', 'guest', 'policy'],
    ['身份证不在身上咋办', 'guest', 'policy'],
    // Word groups carry over to wordings no example has.
    ['孩子爸在外面打工从架子上掉下来了', 'guest', 'hardship'],
    ['家里欠了十几万的医疗费', 'household', 'hardship'],
    ['今年收成不好 怕是要返贫了', 'guest', 'hardship'],
    ['低保名额被村干部卖了', 'guest', 'grievance'],
    ['那个组长天天喝酒不办事', 'household', 'grievance'],
    ['信用社贷款被村干部用我的名字贷走了', 'household', 'grievance'],
    ['我爸的高龄补贴这个月有吗', 'household', 'own-status'],
    ['我们家是不是已经被取消了', 'guest', 'own-status'],
    ['我家啥时候能脱贫', 'household', 'own-status'],
    ['去村里转了一圈 看了几家', 'cadre', 'cadre-work'],
    ['新年好 给您拜年了', 'guest', 'smalltalk'],
    ['你是哪个单位的', 'household', 'smalltalk'],
    ['家里两个老人都有病 全靠我一个人', 'household', 'hardship'],
    ['女儿读大学的学费还没着落', 'guest', 'hardship'],
    ['我们家条件这么差为什么评不上低保', 'household', 'grievance'],
    ['谢谢你们 帮了我大忙', 'guest', 'smalltalk'],
    // The same words in a policy question, with nothing that happened: the policy answer.
    ['生病住院能报销多少', 'household', 'policy'],
    ['火灾后房屋重建有补助吗', 'guest', 'policy'],
    ['失业了可以领失业金吗', 'guest', 'policy'],
    ['挪用扶贫款判几年', 'guest', 'policy'],
    ['我家孩子上高中有补助吗', 'household', 'policy'],
    ['登记贫困户需要哪些材料', 'cadre', 'policy'],
    ['重病的人医保要自己交钱不', 'household', 'policy'],
    ['五保户看病住院要押金不', 'guest', 'policy'],
    ['母牛难产了怎么弄', 'guest', 'policy'],
    // A long story that asks about one's household is answered by the policy Q&A, not with the status card.
    ['您好，我是村里的脱贫户，听说今年的政策有变化，想问一下我家的低保和医保代缴今年还有没有', 'household', 'policy'],
    ['监测户多久走访一次', 'cadre', 'policy'],
  ])('"%s" as %s → %s', (text, as, expected) => {
    expect(route(text, as)).toBe(expected);
  });
});

describe('intent routing inside a form', () => {
  it.each<[string, AsidePhase, Route]>([
    ['身份证不在身上咋办', 'before', 'step-help'],
    ['不知道身份证号', 'before', 'step-help'],
    ['我不会打字', 'before', 'step-help'],
    ['记不清日期了', 'before', 'step-help'],
    ['不知道', 'before', 'step-help'],
    ['张大山', 'before', 'policy'],
    ['今年3月的产业奖补1000元，到现在还没有发到我家', 'before', 'policy'],
    // A long answer that happens to say 不知道 is read as an answer first; only if refused is it step help.
    ['村里的低保评定不公开，也不知道是按什么名单和号码评的', 'before', 'policy'],
    ['村里的低保评定不公开，也不知道是按什么名单和号码评的', 'after', 'step-help'],
    ['谢谢', 'after', 'smalltalk'],
    ['谢谢', 'before', 'policy'],
    ['好的', 'after', 'policy'],
    ['低保怎么申请', 'after', 'policy'],
    // Questions about how to do the step, in words no example has; plain answers stay answers.
    ['身份证被我老婆带走了', 'before', 'step-help'],
    ['名字要写全名吗', 'before', 'step-help'],
    ['能不能发照片', 'before', 'step-help'],
    ['说了会不会被报复', 'before', 'step-help'],
    ['农历的日子行不行', 'before', 'step-help'],
    ['账单在医院', 'before', 'step-help'],
    ['我手机欠费了', 'before', 'step-help'],
    ['大概是去年冬天', 'before', 'policy'],
    ['村里的会计王二', 'before', 'policy'],
    ['上个月15号', 'before', 'policy'],
    ['临时救助最多给多少', 'before', 'policy'],
  ])('"%s" (%s reading) → %s', (text, phase, expected) => {
    expect(route(text, 'guest', phase)).toBe(expected);
  });
});

describe('what else a reading tells', () => {
  it.each([
    ['住院能报销多少', true],
    ['屋里遭水淹了怎么办', true],
    ['低保有吗', true],
    ['屋里遭水淹了', false],
    ['村里路灯坏了好几个月', false],
  ])('"%s" asks something: %s', (text, asks) => {
    expect(classifier.read(text).asks).toBe(asks);
  });

  it.each([
    ['谢谢你哈', 'thanks'],
    ['在吗 老乡问个事', 'ask'],
    ['你好 你是机器人吗', 'who'],
    ['早上好啊', 'greeting'],
    ['嗯嗯 知道了', 'bye'],
  ])('"%s" is small talk of kind %s (the first group in the file wins)', (text, group) => {
    expect(classifier.read(text).smalltalk?.id).toBe(group);
  });
});
