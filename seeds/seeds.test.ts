import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA, parseSchema } from '../renderer/core/model/schema.ts';
import { parseArticle } from '../renderer/core/formats/article.ts';

const here = (name: string) => new URL(`./${name}`, import.meta.url);

describe('shipped seeds', () => {
  it('default-schema.json is a valid schema equal to the built-in default', () => {
    const parsed = parseSchema('default-schema.json', readFileSync(here('default-schema.json'), 'utf8'));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value).toEqual(DEFAULT_SCHEMA);
  });

  it('has Claim, Speaker and Source on keys 1, 2 and 3', () => {
    const labels = DEFAULT_SCHEMA.labels.map((l) => [l.name, l.hotkey]);
    expect(labels.slice(0, 3)).toEqual([
      ['Claim', '1'],
      ['Speaker', '2'],
      ['Source', '3'],
    ]);
  });

  it('the sample article parses with its headline as title', () => {
    const parsed = parseArticle('globalpost-russia-syria-arms.txt', readFileSync(here('globalpost-russia-syria-arms.txt'), 'utf8'));
    expect(parsed.ok && parsed.value.title).toBe('Russia defends arms sales to Syria, says US is arming rebels');
  });
});
