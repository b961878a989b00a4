import { useState } from 'react';
import { NO_FILTER, isFiltered, type CorpusFilter, type Facets } from '../../../core/corpus/browse.ts';

interface Props {
  filter: CorpusFilter;
  onChange(filter: CorpusFilter): void;
  facets: Facets;
  statuses: readonly string[];
  annotator: string;
}

/** Filters offered from the data: status (this annotator's), label, layer, metadata, dates. */
export function CorpusFilters({ filter, onChange, facets, statuses, annotator }: Props) {
  const [expanded, setExpanded] = useState(false);
  const active =
    (filter.status ? 1 : 0) +
    (filter.label ? 1 : 0) +
    (filter.layer ? 1 : 0) +
    Object.keys(filter.meta).length +
    (filter.dateFrom || filter.dateTo ? 1 : 0);
  const set = (patch: Partial<CorpusFilter>) => onChange({ ...filter, ...patch });
  const setMeta = (key: string, value: string) => {
    const meta = { ...filter.meta };
    if (value) meta[key] = value;
    else delete meta[key];
    set({ meta });
  };
  return (
    <div className="corpus-filters">
      <div className="filters-bar">
        <button type="button" aria-expanded={expanded} aria-controls="corpus-filter-fields" onClick={() => setExpanded(!expanded)}>
          Filters{active ? ` (${active})` : ''}
        </button>
        {isFiltered(filter) && (
          <button type="button" className="link" onClick={() => onChange(NO_FILTER)}>
            Clear filters
          </button>
        )}
      </div>
      <div id="corpus-filter-fields" className="filter-fields" hidden={!expanded}>
        <label className="field">
          Status ({annotator})
          <select aria-label="Filter by status" value={filter.status ?? ''} onChange={(e) => set({ status: e.target.value || null })}>
            <option value="">Any status</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Label present
          <select aria-label="Filter by label" value={filter.label ?? ''} onChange={(e) => set({ label: e.target.value || null })}>
            <option value="">Any label</option>
            {facets.labels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Layer
          <select aria-label="Filter by layer" value={filter.layer ?? ''} onChange={(e) => set({ layer: e.target.value || null })}>
            <option value="">Any layer</option>
            {facets.layers.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        {facets.meta.map((f) => (
          <label className="field" key={f.key}>
            {f.key}
            <select aria-label={`Filter by ${f.key}`} value={filter.meta[f.key] ?? ''} onChange={(e) => setMeta(f.key, e.target.value)}>
              <option value="">Any {f.key}</option>
              {f.values.map((v) => (
                <option key={v.value} value={v.value}>
                  {v.value} ({v.count.toLocaleString('en')})
                </option>
              ))}
            </select>
          </label>
        ))}
        {facets.dateKey && (
          <fieldset className="date-range">
            <legend>{facets.dateKey}</legend>
            <label>
              From
              <input type="date" value={filter.dateFrom ?? ''} onChange={(e) => set({ dateFrom: e.target.value || null })} />
            </label>
            <label>
              To
              <input type="date" value={filter.dateTo ?? ''} onChange={(e) => set({ dateTo: e.target.value || null })} />
            </label>
          </fieldset>
        )}
      </div>
    </div>
  );
}
