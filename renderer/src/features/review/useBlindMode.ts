/**
 * Blind mode for the annotate view: the setting (`blindMode`, per installation) and whether the
 * annotator has marked the open document done, read live from the database.
 */
import { useCallback, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Annotation } from '../../../core/model/types.ts';
import { hiddenSummary, isDoneStatus, visibleAnnotations, type BlindContext } from '../../../core/review/blind.ts';
import type { AppDb } from '../../db/db.ts';
import { setSetting } from '../../db/settings.ts';

export interface BlindMode {
  ctx: BlindContext;
  /** The annotations the annotator may see (the same array when nothing is hidden). */
  visible: readonly Annotation[];
  hidden: { annotations: number; layers: number };
  setBlind(on: boolean): void;
}

export function useBlindMode(db: AppDb, documentId: string | null, annotator: string, annotations: readonly Annotation[]): BlindMode {
  const stored = useLiveQuery(async () => (await db.settings.get('blindMode'))?.value === true, [db]) ?? false;
  // The switch answers at once; the stored setting catches up after its write commits.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const blind = chosen ?? stored;
  const status = useLiveQuery(
    async () => (documentId ? ((await db.documentStatus.get([documentId, annotator]))?.status ?? 'new') : 'new'),
    [db, documentId, annotator],
  );
  const ctx = useMemo<BlindContext>(() => ({ annotator, blind, done: isDoneStatus(status) }), [annotator, blind, status]);
  const visible = useMemo(() => visibleAnnotations(annotations, ctx), [annotations, ctx]);
  const hidden = useMemo(() => hiddenSummary(annotations, ctx), [annotations, ctx]);
  const setBlind = useCallback(
    (on: boolean) => {
      setChosen(on);
      void setSetting(db, 'blindMode', on);
    },
    [db],
  );
  return { ctx, visible, hidden, setBlind };
}
