// The release calendar: a cron expression in Europe/Rome (default quarterly:
// 04:00 on the 15th of January, April, July and October). A release is due
// when none was ever published, or when a calendar date has passed since the
// latest one. The nightly open-data job publishes it then.
import { CronExpressionParser } from 'cron-parser';

export const DEFAULT_RELEASE_CALENDAR = '0 4 15 1,4,7,10 *';

export function releaseDue(latestPublishedAt: string | null, calendar: string, now: Date): boolean {
  if (latestPublishedAt === null) return true;
  const since = new Date(latestPublishedAt);
  if (since.getTime() >= now.getTime()) return false;
  const it = CronExpressionParser.parse(calendar, { currentDate: since, tz: 'Europe/Rome' });
  return it.next().toDate().getTime() <= now.getTime();
}
