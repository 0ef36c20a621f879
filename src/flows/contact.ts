import type { Identity } from '../core/types.js';
import type { FlowDeps } from './deps.js';

/** The supervision hotline of the national rural-revitalisation (poverty-alleviation) system. */
export const HOTLINE = '12317';

/** The human contact line for a user: their household's cadre when bound, else the county office, always 12317. */
export async function contactLine({ store, config }: FlowDeps, identity: Identity): Promise<string> {
  const office = config.OFFICE_PHONE ? `${config.OFFICE_NAME}：${config.OFFICE_PHONE}` : `所在村委会或乡镇政府，或${config.OFFICE_NAME}`;
  if (identity.kind === 'household') {
    const household = await store.households.get(identity.householdId);
    if (household?.cadreName) {
      const phone = household.cadrePhone ? `，电话 ${household.cadrePhone}` : '';
      return `您家的帮扶责任人是 ${household.cadreName}${phone}，有事可以直接找他（她）。\n也可以联系${office}；监督举报电话 ${HOTLINE}。`;
    }
  }
  return `需要人帮忙的话，请联系${office}；监督举报电话 ${HOTLINE}（工作日上班时间）。`;
}
