import type { AttributeValue } from './types.ts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Entity, EntityId, ProjectId } from './types.ts';
import {
  checkExternalId,
  displayAliases,
  findEntities,
  mentionCounts,
  mergedEntity,
  nameKey,
  repointMentions,
  suggestGroups,
} from './entities.ts';

function entity(id: string, name: string, aliases: string[] = [], externalId?: string): Entity {
  return {
    id: id as EntityId,
    projectId: 'p' as ProjectId,
    name,
    aliases,
    ...(externalId !== undefined && { externalId }),
    createdAt: '2026-11-29T00:00:00.000Z',
    updatedAt: '2026-11-29T00:00:00.000Z',
  };
}

describe('nameKey', () => {
  it('ignores case, accents, punctuation and spacing', () => {
    expect(nameKey('  Sergéi   LAVROV. ')).toBe('sergei lavrov');
    expect(nameKey('Al-Assad')).toBe(nameKey('al assad'));
  });
});

describe('findEntities', () => {
  const list = [entity('1', 'Sergei Lavrov', ['Lavrov']), entity('2', 'Hillary Clinton', ['Clinton']), entity('3', 'Reuters')];

  it('ranks an exact name, then an alias, then a word prefix', () => {
    expect(findEntities(list, 'reuters').map((m) => m.entity.name)).toEqual(['Reuters']);
    const lav = findEntities(list, 'Lavrov');
    expect(lav[0]!.entity.name).toBe('Sergei Lavrov');
    expect(lav[0]!.matched).toBe('Lavrov');
    expect(findEntities(list, 'hil').map((m) => m.entity.name)).toEqual(['Hillary Clinton']);
    expect(findEntities(list, 'ton').map((m) => m.entity.name)).toEqual(['Hillary Clinton']);
    expect(findEntities(list, 'xyz')).toEqual([]);
  });

  it('lists everything by name for an empty query', () => {
    expect(findEntities(list, '').map((m) => m.entity.name)).toEqual(['Hillary Clinton', 'Reuters', 'Sergei Lavrov']);
  });
});

describe('checkExternalId', () => {
  it('accepts QIDs and Wikidata links, storing the QID', () => {
    expect(checkExternalId('Q167963')).toEqual({ ok: true, value: 'Q167963' });
    expect(checkExternalId(' https://www.wikidata.org/wiki/Q6294 ')).toEqual({ ok: true, value: 'Q6294' });
  });

  it('rejects things that look like a QID but are not, saying how to write it', () => {
    expect(checkExternalId('q167963')).toEqual({ ok: false, message: 'A Wikidata id is written Q167963.' });
    expect(checkExternalId('Q12x')).toMatchObject({ ok: false });
    expect(checkExternalId('https://www.wikidata.org/wiki/Lavrov')).toMatchObject({ ok: false });
  });

  it('keeps other ids as typed and clears on empty', () => {
    expect(checkExternalId('viaf:12345')).toEqual({ ok: true, value: 'viaf:12345' });
    expect(checkExternalId('   ')).toEqual({ ok: true, value: undefined });
  });
});

describe('aliases and counts', () => {
  it('derives aliases from distinct mention texts, without the name', () => {
    const e = entity('1', 'Sergei Lavrov', ['Foreign Minister Lavrov']);
    expect(displayAliases(e, ['Lavrov', 'lavrov', 'Sergei  Lavrov', 'Mr Lavrov'])).toEqual([
      'Foreign Minister Lavrov',
      'Lavrov',
      'Mr Lavrov',
    ]);
  });

  it('counts mentions per entity', () => {
    const counts = mentionCounts([
      { attributes: { entity: 'a' } },
      { attributes: { entity: 'a' } },
      { attributes: { entity: 'b', kind: 'person' } },
      { attributes: { entity: null } },
      { attributes: {} },
    ]);
    expect([...counts]).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });
});

describe('merge and split helpers', () => {
  it('unites names and aliases of merged entities and keeps an external id', () => {
    const merged = mergedEntity(
      entity('1', 'Hillary Clinton', ['H. Clinton']),
      [entity('2', 'Clinton', ['Mrs Clinton'], 'Q6294'), entity('3', 'hillary clinton')],
      'T',
    );
    expect(merged).toMatchObject({
      id: '1',
      name: 'Hillary Clinton',
      aliases: ['H. Clinton', 'Clinton', 'Mrs Clinton'],
      externalId: 'Q6294',
      updatedAt: 'T',
    });
  });

  it('re-points only the mentions of the merged entities', () => {
    const mentions: { id: string; attributes: Record<string, AttributeValue> }[] = [
      { id: 'm1', attributes: { entity: 'a' } },
      { id: 'm2', attributes: { entity: 'b', kind: 'x' } },
      { id: 'm3', attributes: { entity: 'c' } },
    ];
    const out = repointMentions(mentions, new Set(['a', 'b']), 'z');
    expect(out).toEqual([
      { id: 'm1', attributes: { entity: 'z' } },
      { id: 'm2', attributes: { entity: 'z', kind: 'x' } },
    ]);
  });

  it('re-pointing conserves the number of mentions (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd')), fc.subarray(['a', 'b', 'c']), (ids, from) => {
        const mentions = ids.map((id) => ({ attributes: { entity: id } }));
        const moved = repointMentions(mentions, new Set(from), 'd');
        const before = mentionCounts(mentions);
        const expected = from.reduce((n, id) => n + (before.get(id) ?? 0), 0);
        expect(moved.length).toBe(expected);
        const after = mentionCounts([...mentions.filter((m) => !from.includes(m.attributes.entity)), ...moved]);
        expect(after.get('d') ?? 0).toBe((before.get('d') ?? 0) + expected);
      }),
    );
  });
});

describe('suggestGroups', () => {
  it('offers "Clinton" and "Hillary Clinton" as one entity, keeping the fuller name', () => {
    const list = [entity('1', 'Clinton'), entity('2', 'Hillary Clinton'), entity('3', 'Reuters')];
    expect(suggestGroups(list)).toEqual([{ keepId: '2', mergeIds: ['1'], reason: '"Clinton" is part of "Hillary Clinton"' }]);
  });

  it('chains containment to the fullest name and matches names that differ only in case', () => {
    const list = [
      entity('1', 'Clinton'),
      entity('2', 'Hillary Clinton'),
      entity('3', 'Hillary Rodham Clinton'),
      entity('4', 'REUTERS'),
      entity('5', 'Reuters'),
    ];
    const s = suggestGroups(list);
    expect(s).toHaveLength(2);
    expect(s[0]).toMatchObject({ keepId: '3', mergeIds: ['1', '2'] });
    expect(s[1]!.mergeIds.length + 1).toBe(2);
    expect(new Set([s[1]!.keepId, ...s[1]!.mergeIds])).toEqual(new Set(['4', '5']));
  });

  it('does not suggest an ambiguous short name', () => {
    expect(suggestGroups([entity('1', 'Clinton'), entity('2', 'Hillary Clinton'), entity('3', 'Bill Clinton')])).toEqual([]);
  });

  it('uses aliases too', () => {
    const s = suggestGroups([entity('1', 'Sergei Lavrov'), entity('2', 'Russia’s foreign minister', ['Lavrov'])]);
    expect(s).toEqual([{ keepId: '1', mergeIds: ['2'], reason: '"Russia’s foreign minister" is part of "Sergei Lavrov"' }]);
  });
});
