/**
 * One variant of a review candidate in its sentence: the words every variant shares in bold,
 * the words this variant has and another has not marked, the text around in grey.
 */
import type { Annotation, Span } from '../../../core/model/types.ts';
import type { Variant } from '../../../core/review/merge.ts';
import { variantInContext } from '../../../core/review/context.ts';

interface Props {
  text: string;
  span: Span;
  variant: Variant<Annotation>;
  variants: readonly Variant<Annotation>[];
}

export function CandidateInContext({ text, span, variant, variants }: Props) {
  const { pieces, cutBefore, cutAfter } = variantInContext(
    text,
    span,
    variant.ranges,
    variants.map((v) => v.ranges),
  );
  return (
    <p className="in-context" aria-label={`${variant.label} “${variant.members[0]!.quote}” in context`}>
      {cutBefore && '… '}
      {pieces.map((p, i) =>
        p.kind === 'context' ? (
          <span key={i} className="context">
            {p.text}
          </span>
        ) : p.kind === 'differs' ? (
          <mark key={i} className="differs" title="Only some layers include this">
            {p.text}
          </mark>
        ) : (
          <strong key={i} className="shared">
            {p.text}
          </strong>
        ),
      )}
      {cutAfter && ' …'}
    </p>
  );
}
