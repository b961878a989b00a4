/**
 * The `<option>`s of a `<select>`, one per item: a string is its own value and text, a record its
 * `id` and `name`; `value` and `text` say otherwise.
 */
import type { ReactNode } from 'react';

interface Named {
  id: string;
  name: string;
}

export function Options<T extends string | Named>(props: { of: readonly T[]; text?(item: T): ReactNode }): ReactNode;
export function Options<T>(props: { of: readonly T[]; value(item: T): string; text?(item: T): ReactNode }): ReactNode;
export function Options<T>({ of, value, text }: { of: readonly T[]; value?(item: T): string; text?(item: T): ReactNode }): ReactNode {
  const valueOf = (item: T) => value?.(item) ?? (typeof item === 'string' ? item : (item as Named).id);
  const textOf = (item: T) => (text ? text(item) : typeof item === 'string' ? item : (item as Named).name);
  return of.map((item) => (
    <option key={valueOf(item)} value={valueOf(item)}>
      {textOf(item)}
    </option>
  ));
}
