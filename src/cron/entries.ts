/**
 * app.json `cron` entries in Dokku's format (`command`, `schedule`), with
 * cron syntax or `@daily`-style names checked by croner, not by hand.
 */
import { createHash } from 'node:crypto';
import { Cron } from 'croner';
import { StageError } from '../core/errors.js';

export interface CronEntry {
  /** Stable while command and schedule stay the same. */
  id: string;
  command: string;
  schedule: string;
}

/** A short id from schedule and command, as Dokku derives one. */
export function cronId(schedule: string, command: string): string {
  return createHash('sha256').update(`${schedule}\n${command}`).digest('hex').slice(0, 10);
}

/** Throws when croner cannot read the schedule; 5 fields or a nickname only. */
export function checkSchedule(schedule: string): void {
  const fields = schedule.trim().split(/\s+/);
  if (!schedule.startsWith('@') && fields.length !== 5) throw new Error('use five fields (minute hour day month weekday) or @hourly, @daily …');
  if (schedule === '@reboot') throw new Error('@reboot is not supported');
  new Cron(schedule, { paused: true }).stop();
}

export function parseCronEntries(value: unknown): CronEntry[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid('cron', 'a list of {command, schedule}');
  return value.map((raw: unknown, i) => {
    const e = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof e.command !== 'string' || !e.command.trim()) throw invalid(`cron[${i}].command`, 'a command');
    if (typeof e.schedule !== 'string') throw invalid(`cron[${i}].schedule`, 'a cron schedule');
    try {
      checkSchedule(e.schedule);
    } catch (err) {
      throw invalid(`cron[${i}].schedule`, `a cron schedule (${(err as Error).message})`);
    }
    return { id: cronId(e.schedule, e.command), command: e.command, schedule: e.schedule };
  });
}

function invalid(field: string, expected: string): StageError {
  return new StageError('release', `app.json: ${field} must be ${expected}`);
}
