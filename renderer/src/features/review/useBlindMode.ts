/**
 * Blind mode for the annotate view: the setting (in the Workspace state, stored per installation)
 * and whether the annotator has marked the open document done (read live).
 */
import { useCallback, useMemo } from 'react';
import type { Annotation } from '../../../core/model/types.ts';
import { hiddenSummary, isDoneStatus, visibleAnnotations, type BlindContext } from '../../../core/review/blind.ts';
import type { Workspace } from '../../app/workspace.ts';
import { useStatusRecord, useWorkspaceSelector } from '../../app/liveReads.ts';

export interface BlindMode {
  ctx: BlindContext;
  /** The annotations the annotator may see (the same array when nothing is hidden). */
  visible: readonly Annotation[];
  hidden: { annotations: number; layers: number };
  setBlind(on: boolean): void;
}

export function useBlindMode(
  workspace: Workspace,
  documentId: string | null,
  annotator: string,
  annotations: readonly Annotation[],
): BlindMode {
  const blind = useWorkspaceSelector(workspace, (s) => s.blindMode);
  const status = useStatusRecord(workspace.db, documentId, annotator)?.status ?? 'new';
  const ctx = useMemo<BlindContext>(() => ({ annotator, blind, done: isDoneStatus(status) }), [annotator, blind, status]);
  const visible = useMemo(() => visibleAnnotations(annotations, ctx), [annotations, ctx]);
  const hidden = useMemo(() => hiddenSummary(annotations, ctx), [annotations, ctx]);
  const setBlind = useCallback((on: boolean) => workspace.setBlindMode(on), [workspace]);
  return { ctx, visible, hidden, setBlind };
}
