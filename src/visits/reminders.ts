import dayjs from 'dayjs';
import { localDate, ZONE } from '../model/calendar.js';
import { reply } from '../model/reply.js';
import { asClusterJob } from '../store/cluster-job.js';
import type { Store, StoreTx } from '../store/store.js';
import { householdsDue } from './coverage.js';

const LAST_RUN = 'visit-reminders:last-run';

/** Reminder settings (from config). */
export type ReminderConfig = { VISIT_OVERDUE_DAYS: number; VISIT_REMINDER_TIME: string; VISIT_REMINDER_INTERVAL_DAYS: number };

/** Stages one reminder per bound chat account of every active cadre with overdue households; returns how many. */
async function stageReminders(store: Store, tx: StoreTx, now: Date, days: number): Promise<number> {
  let queued = 0;
  for (const cadre of await store.cadres.list({ status: 'active' })) {
    const overdue = (await householdsDue(store, cadre, now, days)).filter((r) => r.overdue);
    const first = overdue[0];
    if (!first) continue;
    const longest =
      first.daysSince === undefined ? `${first.household.headName}（还没走访过）` : `${first.household.headName}（${first.daysSince}天）`;
    const message = reply(`走访提醒：您有 ${overdue.length} 户超过 ${days} 天没有走访，最久的是 ${longest}。`, [
      { id: 'overdue.start', label: '待走访' },
      { id: 'visit.start', label: '走访登记' },
    ]);
    for (const binding of await store.bindings.byTarget('cadre', cadre.id)) {
      const split = binding.id.indexOf(':');
      tx.enqueue({ channel: binding.id.slice(0, split), userId: binding.id.slice(split + 1) }, message, now);
      queued += 1;
    }
  }
  return queued;
}

/** Whether today's reminder run is due: past the configured China time, and the interval since the last run has passed. */
export function remindersDue(lastRun: string | undefined, now: Date, config: ReminderConfig): boolean {
  const local = dayjs(now).tz(ZONE);
  if (local.format('HH:mm') < config.VISIT_REMINDER_TIME) return false;
  return !lastRun || dayjs(localDate(now)).diff(dayjs(lastRun), 'day') >= config.VISIT_REMINDER_INTERVAL_DAYS;
}

/**
 * Runs the reminder job if due, remembering the day it ran (so a restart does not send twice). The day's mark is
 * read and written in the same transaction as the reminders, so two instances never both send.
 */
export async function runRemindersIfDue(store: Store, now: Date, config: ReminderConfig): Promise<number | undefined> {
  if (!remindersDue(await store.meta.get(LAST_RUN), now, config)) return undefined;
  return store.transaction(async (tx) => {
    if (!remindersDue(await tx.getMeta(LAST_RUN), now, config)) return undefined;
    tx.setMeta(LAST_RUN, localDate(now));
    return stageReminders(store, tx, now, config.VISIT_OVERDUE_DAYS);
  });
}

/** Checks every minute whether reminders are due; returns a stop function. */
export function scheduleReminders(
  store: Store,
  config: ReminderConfig,
  log: (message: string, error?: unknown) => void,
  now = () => new Date(),
): () => void {
  const tick = () => {
    asClusterJob(store.coordination, 'visit-reminders', 60_000, now(), () => runRemindersIfDue(store, now(), config)).then(
      (count) => count !== undefined && log(`queued ${count} visit reminders`),
      (error: unknown) => log('visit reminders failed', error),
    );
  };
  tick();
  const timer = setInterval(tick, 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
