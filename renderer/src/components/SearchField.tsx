/** A search box that reports the query as typed; Escape clears it. */
export function SearchField({
  label,
  placeholder,
  value,
  onChange,
}: {
  /** Its accessible name. */
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <input
      type="search"
      aria-label={label}
      placeholder={placeholder}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onChange('');
      }}
    />
  );
}
