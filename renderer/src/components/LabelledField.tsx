/**
 * A form field: the label of the control `id` above it, the control, and what is wrong with it
 * (if anything) below.
 */
import type { ReactNode } from 'react';

export function LabelledField(props: { id: string; label: ReactNode; className: string; problem?: ReactNode; children: ReactNode }) {
  return (
    <div className={props.className}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.problem}
    </div>
  );
}
