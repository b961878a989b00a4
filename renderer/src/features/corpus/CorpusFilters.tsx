import { useState } from 'react';
import { NO_FILTER, isFiltered, type CorpusFilter, type Facets } from '../../../core/corpus/browse.ts';
import { Options } from '../../components/Options.tsx';

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
  const plain = (values: readonly string[]) => values.map((value) => ({ value }));
  const fields: FilterFieldProps[] = [
    {
      title: `Status (${annotator})`,
      name: 'status',
      value: filter.status,
      any: 'Any status',
      options: plain(statuses),
      onChange: (status) => set({ status }),
    },
    {
      title: 'Label present',
      name: 'label',
      value: filter.label,
      any: 'Any label',
      options: plain(facets.labels),
      onChange: (label) => set({ label }),
    },
    {
      title: 'Layer',
      name: 'layer',
      value: filter.layer,
      any: 'Any layer',
      options: plain(facets.layers),
      onChange: (layer) => set({ layer }),
    },
    ...facets.meta.map((f) => ({
      title: f.key,
      name: f.key,
      value: filter.meta[f.key],
      any: `Any ${f.key}`,
      options: f.values.map((v) => ({ value: v.value, text: `${v.value} (${v.count.toLocaleString('en')})` })),
      onChange: (value: string | null) => setMeta(f.key, value ?? ''),
    })),
  ];
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
        {fields.map((f) => (
          <FilterField key={f.name} {...f} />
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

/** One filter: a labelled select of the values found in the data, "Any …" first (no filter). */
interface FilterFieldProps {
  /** The visible label, which is also the select's accessible name. */
  title: string;
  name: string;
  value: string | null | undefined;
  any: string;
  options: { value: string; text?: string }[];
  onChange(value: string | null): void;
}

function FilterField(props: FilterFieldProps) {
  return (
    <label className="field">
      {props.title}
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || null)}>
        <option value="">{props.any}</option>
        <Options of={props.options} value={(o) => o.value} text={(o) => o.text ?? o.value} />
      </select>
    </label>
  );
}
