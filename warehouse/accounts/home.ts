// A user's home territory: the place the dashboard opens on after login
// (a director's province, an office head's office). Written 'LEVEL:CODE' in
// the CLI and in ops.users.home, with the levels and code shapes of the
// territory dimensions the overview filters on, so a home is always a filter
// the overview accepts.
import { DIMENSIONS } from '../kpi/dimensions.ts';

export const HOME_LEVELS = ['region', 'province', 'comune', 'office'] as const;
export type HomeLevel = (typeof HOME_LEVELS)[number];

export interface Home {
  level: HomeLevel;
  code: string;
}

export class HomeError extends Error {
  readonly code = 'HOME_INVALID';
}

const isHomeLevel = (s: string): s is HomeLevel => (HOME_LEVELS as readonly string[]).includes(s);

/** Parses 'province:072' (CLI and ops.users.home); '' or null is no home. */
export function parseHome(input: string | null | undefined): Home | null {
  const text = (input ?? '').trim();
  if (!text) return null;
  const i = text.indexOf(':');
  const level = text.slice(0, i);
  const code = text.slice(i + 1);
  if (i <= 0 || !isHomeLevel(level)) {
    throw new HomeError(`Home "${text}" must be LEVEL:CODE with LEVEL one of ${HOME_LEVELS.join(', ')} (e.g. province:072).`);
  }
  if (!DIMENSIONS[level].pattern.test(code)) {
    throw new HomeError(`Home code "${code}" is not a ${level} code (e.g. region:16, province:072, comune:072006, office:BA-PFB).`);
  }
  return { level, code };
}

export function homeText(home: Home | null): string | null {
  return home ? `${home.level}:${home.code}` : null;
}
