/** (d) Every Electron security checklist item names tests that exist; the open ones say why. */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKLIST } from './electron-checklist.ts';
import { reportFigures } from './settings.ts';

afterAll(() => reportFigures('electron-checklist', CHECKLIST));

describe('Electron security checklist', () => {
  it('has the twenty items of the checklist, in order', () => {
    expect(CHECKLIST.map((c) => Number(c.item.split('.')[0]))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  for (const c of CHECKLIST) {
    it(`${c.item}: ${c.tests.length ? 'covered by tests that exist' : 'open, with the reason'}`, () => {
      if (c.tests.length === 0) expect(c.open).toMatch(/\w/);
      for (const test of c.tests) {
        const source = readFileSync(new URL(`../${test.file}`, import.meta.url), 'utf8');
        expect(source, `${test.file} has no test "${test.name}"`).toContain(`'${test.name}'`);
      }
    });
  }
});
