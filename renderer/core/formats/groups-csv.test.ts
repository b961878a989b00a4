import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { AnnotationId, ClaimGroupId, DocumentId } from '../model/types.ts';
import { selectDataset, writeExportNow } from './exports.ts';
import { groupDataset, testGroup } from './fixtures/claim-groups.ts';
import { GROUPS_CSV_FIELDS, lossNotes, serializeGroupsCsv } from './groups-csv.ts';

const rows = (csv: string) => Papa.parse<Record<string, string>>(csv.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true });

describe('the claim groups table', () => {
  it('writes one row per member claim, with the article, its date, speakers, source chain and the fact-check (checked by hand)', () => {
    const csv = serializeGroupsCsv(groupDataset());
    expect(csv).toBe(
      '\ufeffgroup_id,canonical,group_layer,fact_checks,group_note,claim_id,claim_text,claim_layer,document_id,document_title,document_date,document_url,speakers,source_chain\r\n' +
        'g-helicopters,Russia is sending attack helicopters to Syria,gold,Fact Check Desk: Misleading (2012-06-20) https://factcheck.example/helicopters,Reported first by Reuters.,d1-c,Russia is sending attack helicopters to Syria,gold,d1,Clinton accuses Russia,2012-06-12,https://news.example/clinton,Clinton,Reuters\r\n' +
        'g-helicopters,Russia is sending attack helicopters to Syria,gold,Fact Check Desk: Misleading (2012-06-20) https://factcheck.example/helicopters,Reported first by Reuters.,d2-c,Moscow is shipping attack helicopters to the Syrian government,gold,d2,Helicopters for Damascus,2012-06-13,,Nuland,Interfax > AP\r\n',
    );
    expect(rows(csv).meta.fields).toEqual([...GROUPS_CSV_FIELDS]);
  });

  it('keeps to the export: a member outside the chosen documents has no row, a group with none left has none', () => {
    const dataset = groupDataset();
    const onlyB = selectDataset(dataset, { documentIds: ['d2'] });
    expect(rows(writeExportNow('groups-csv', onlyB).data as string).data.map((r) => r.claim_id)).toEqual(['d2-c']);
    const onlyC = selectDataset(dataset, { documentIds: ['d3'] });
    expect(rows(writeExportNow('groups-csv', onlyC).data as string).data).toEqual([]);
    expect(lossNotes(onlyC)[0]).toMatch(/holds no groups: it will have a header only/);
    // Another layer's export leaves the gold grouping out.
    expect(selectDataset(dataset, { layers: ['alice'] }).claimGroups).toEqual([]);
  });

  it('guards formula-like wording and sorts groups by layer and wording', () => {
    const dataset = groupDataset();
    dataset.claimGroups!.push(
      testGroup({
        id: 'g-law' as ClaimGroupId,
        layer: 'alice',
        canonical: '=Russia breaks no law',
        members: [{ documentId: 'd3' as DocumentId, annotationId: 'd3-c' as AnnotationId }],
      }),
    );
    const data = rows(serializeGroupsCsv(dataset)).data;
    expect(data.map((r) => [r.group_layer, r.canonical, r.speakers])).toEqual([
      ['alice', "'=Russia breaks no law", 'Lavrov'],
      ['gold', 'Russia is sending attack helicopters to Syria', 'Clinton'],
      ['gold', 'Russia is sending attack helicopters to Syria', 'Nuland'],
    ]);
  });

  it('says what it leaves out: the claims in no group', () => {
    expect(lossNotes(groupDataset())[0]).toBe('1 claim in no group will be left out (the claims table lists every claim).');
  });
});
