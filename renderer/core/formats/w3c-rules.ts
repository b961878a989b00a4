/**
 * The Web Annotation Data Model's MUST rules, as a checker for what the W3C export writes (the
 * tests run every export through it). See `w3c.ts` for the format itself.
 */
import { isRecord, type JsonRecord } from './interchange.ts';
import { ANNO_CONTEXT, hasValue, listOf } from './w3c.ts';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/;

/**
 * Lists the violations of the Web Annotation Data Model's MUST rules in `json` (a parsed
 * Annotation, list, AnnotationPage or AnnotationCollection): `@context` present with the anno
 * context first; `id` (an IRI) and `type` on collections, pages and annotations; a target on every
 * annotation; not both `body` and `bodyValue`; `value` on TextualBodies; `source` on
 * SpecificResources; the fields each selector type requires (TextPositionSelector start/end
 * non-negative integers with start ≤ end; TextQuoteSelector exact); `items` on Choices and pages;
 * `created`/`modified` as xsd:dateTime. Empty when the document conforms.
 */
export function checkW3cMustRules(json: unknown): string[] {
  const problems: string[] = [];
  const checkContext = (node: JsonRecord, where: string, required: boolean) => {
    const context = node['@context'];
    if (context === undefined) {
      if (required) problems.push(`${where}: @context is missing.`);
      return;
    }
    const first = Array.isArray(context) ? context[0] : context;
    if (first !== ANNO_CONTEXT) problems.push(`${where}: the first @context must be ${ANNO_CONTEXT}.`);
  };
  const checkId = (node: JsonRecord, where: string) => {
    if (typeof node['id'] !== 'string' || !IRI.test(node['id'])) problems.push(`${where}: id must be exactly one IRI.`);
  };
  const checkPage = (page: unknown, where: string) => {
    if (typeof page === 'string') return;
    if (!isRecord(page)) return void problems.push(`${where}: must be an AnnotationPage object or IRI.`);
    checkId(page, where);
    if (!hasValue(page['type'], 'AnnotationPage')) problems.push(`${where}: type must include AnnotationPage.`);
    if (!Array.isArray(page['items']) || page['items'].length === 0) problems.push(`${where}: items must list one or more annotations.`);
    else page['items'].forEach((a, i) => checkAnnotation(a, `${where} item ${i + 1}`, false));
    if (page['next'] !== undefined) checkPage(page['next'], `${where} next page`);
  };
  const checkAnnotation = (a: unknown, where: string, standalone: boolean) => {
    if (!isRecord(a)) return void problems.push(`${where}: an annotation must be a JSON object.`);
    checkContext(a, where, standalone);
    checkId(a, where);
    if (!hasValue(a['type'], 'Annotation')) problems.push(`${where}: type must include Annotation.`);
    for (const key of ['created', 'modified', 'generated']) {
      if (a[key] !== undefined && (typeof a[key] !== 'string' || !DATE_TIME.test(a[key])))
        problems.push(`${where}: ${key} must be an xsd:dateTime.`);
    }
    if (a['body'] !== undefined && a['bodyValue'] !== undefined) problems.push(`${where}: must not have both body and bodyValue.`);
    if (a['bodyValue'] !== undefined && typeof a['bodyValue'] !== 'string') problems.push(`${where}: bodyValue must be a string.`);
    listOf(a['body']).forEach((b, i) => checkResource(b, `${where} body ${i + 1}`, true));
    const targets = listOf(a['target']);
    if (targets.length === 0) problems.push(`${where}: target is missing.`);
    targets.forEach((t, i) => checkResource(t, `${where} target ${i + 1}`, false));
  };
  const checkResource = (r: unknown, where: string, isBody: boolean) => {
    if (typeof r === 'string') {
      if (!IRI.test(r)) problems.push(`${where}: a resource given as a string must be an IRI.`);
      return;
    }
    if (!isRecord(r)) return void problems.push(`${where}: must be an IRI or an object.`);
    if (hasValue(r['type'], 'Choice')) {
      if (!Array.isArray(r['items']) || r['items'].length === 0) problems.push(`${where}: a Choice must have items.`);
      else r['items'].forEach((x, i) => checkResource(x, `${where} choice ${i + 1}`, isBody));
      return;
    }
    if (hasValue(r['type'], 'TextualBody') || r['value'] !== undefined) {
      if (!isBody) problems.push(`${where}: a target cannot be an embedded TextualBody.`);
      if (typeof r['value'] !== 'string') problems.push(`${where}: a TextualBody must have exactly one string value.`);
      return;
    }
    if (hasValue(r['type'], 'SpecificResource') || r['source'] !== undefined || r['selector'] !== undefined) {
      const source = r['source'];
      if (
        !(typeof source === 'string' && IRI.test(source)) &&
        !(isRecord(source) && typeof source['id'] === 'string' && IRI.test(source['id']))
      ) {
        problems.push(`${where}: a SpecificResource must have exactly one source with an IRI.`);
      }
      listOf(r['selector']).forEach((s, i) => checkSelector(s, `${where} selector ${i + 1}`));
      return;
    }
    if (typeof r['id'] !== 'string' || !IRI.test(r['id'])) problems.push(`${where}: an External Web Resource must have an IRI id.`);
  };
  const checkSelector = (s: unknown, where: string) => {
    if (typeof s === 'string') return;
    if (!isRecord(s)) return void problems.push(`${where}: must be an object.`);
    const type = s['type'];
    if (typeof type !== 'string') return void problems.push(`${where}: type is missing.`);
    if (type === 'TextPositionSelector') {
      const { start, end } = s;
      const whole = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
      if (!whole(start) || !whole(end)) problems.push(`${where}: TextPositionSelector start and end must be non-negative integers.`);
      else if ((start as number) > (end as number)) problems.push(`${where}: TextPositionSelector start must not be after end.`);
    } else if (type === 'TextQuoteSelector') {
      if (typeof s['exact'] !== 'string') problems.push(`${where}: TextQuoteSelector must have exact.`);
      for (const k of ['prefix', 'suffix'])
        if (s[k] !== undefined && typeof s[k] !== 'string') problems.push(`${where}: ${k} must be a string.`);
    } else if (type === 'DataPositionSelector') {
      if (!Number.isSafeInteger(s['start']) || !Number.isSafeInteger(s['end']))
        problems.push(`${where}: DataPositionSelector start and end must be integers.`);
    } else if (type === 'CssSelector' || type === 'XPathSelector' || type === 'FragmentSelector') {
      if (typeof s['value'] !== 'string') problems.push(`${where}: ${type} must have a value.`);
    } else if (type === 'RangeSelector') {
      if (!isRecord(s['startSelector']) || !isRecord(s['endSelector']))
        problems.push(`${where}: RangeSelector must have startSelector and endSelector.`);
    }
    if (s['refinedBy'] !== undefined) listOf(s['refinedBy']).forEach((x, i) => checkSelector(x, `${where} refinement ${i + 1}`));
  };

  if (Array.isArray(json)) {
    json.forEach((a, i) => checkAnnotation(a, `annotation ${i + 1}`, true));
  } else if (isRecord(json) && hasValue(json['type'], 'AnnotationCollection')) {
    checkContext(json, 'collection', true);
    checkId(json, 'collection');
    const total = json['total'];
    if (total !== undefined && !(typeof total === 'number' && Number.isSafeInteger(total) && total >= 0))
      problems.push('collection: total must be a non-negative integer.');
    if (json['first'] === undefined) {
      if (typeof total === 'number' && total > 0) problems.push('collection: first page is missing.');
    } else checkPage(json['first'], 'collection first page');
  } else if (isRecord(json) && hasValue(json['type'], 'AnnotationPage')) {
    checkContext(json, 'page', true);
    checkPage(json, 'page');
  } else {
    checkAnnotation(json, 'annotation', true);
  }
  return problems;
}
