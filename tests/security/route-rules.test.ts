// The route table's rules as the guard reads them: first match wins, a page's
// __data.json has the page's rule, funder pages carry their scope, and the
// internal routes spelled out in the table get exactly what an unknown path
// gets (fail closed), so listing them changed nobody's access.
import { describe, expect, it } from 'vitest';
import { FUNDER_AND_INTERNAL, INTERNAL, ruleFor } from '../../server/auth/guard.ts';
import { ROUTE_RULES } from '../../server/routes.ts';

const accessOf = (path: string) => ruleFor(ROUTE_RULES, path).access;

describe('ROUTE_RULES', () => {
  it('fails closed: a path no rule names needs an internal role', () => {
    for (const path of ['/nowhere', '/api/nowhere', '/api/kpis/extra', '/open-data-x', '/a/b.css'])
      expect(accessOf(path), path).toEqual(INTERNAL);
    expect(ruleFor([], '/anything').access).toEqual(INTERNAL);
  });

  it('spells out the internal pages and APIs with the fallback access', () => {
    for (const path of [
      '/',
      '/explore',
      '/mismatch/',
      '/placements',
      '/api/dimensions/territorio',
      '/api/ops/runtime',
    ])
      expect(accessOf(path), path).toEqual(ruleFor([], path).access);
  });

  it("gives a page's __data.json the page's rule", () => {
    expect(accessOf('/__data.json')).toEqual(accessOf('/'));
    expect(accessOf('/methodology/__data.json')).toBe('public');
    expect(accessOf('/spend/__data.json')).toEqual(FUNDER_AND_INTERNAL);
    const scoped = ruleFor(ROUTE_RULES, '/programmes/PR-1/__data.json');
    expect(scoped.scoped).toBe('programme');
    expect(scoped.pattern.exec('/programmes/PR-1')?.[1]).toBe('PR-1');
    expect(ruleFor(ROUTE_RULES, '/projects/J12B/').scoped).toBe('project');
  });

  it('opens only the public allow-list to everyone', () => {
    for (const path of [
      '/login',
      '/auth/me',
      '/healthz',
      '/readyz',
      '/open-data/dictionary.csv',
      '/api/open-data/x',
      '/api/kpis',
      '/methodology',
      '/_app/x.js',
      '/favicon.svg',
      '/geo/italia.json',
    ])
      expect(accessOf(path), path).toBe('public');
    expect(accessOf('/api/kpi/X')).toEqual(FUNDER_AND_INTERNAL);
    expect(accessOf('/api/jobs/history')).toEqual(['admin']);
    expect(accessOf('/api/sql')).toEqual(['analyst', 'admin']);
    expect(accessOf('/operations')).toEqual(['director', 'admin']);
    expect(accessOf('/alerts')).toEqual(['director', 'admin', 'funder']);
    expect(accessOf('/alerts/rules/1/mute')).toEqual(['director', 'admin', 'funder']);
  });
});
