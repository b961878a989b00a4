/**
 * What the annotate view's panels share besides the workspace: the article view (to reveal,
 * select and focus), the user's text selection, and the notice line. Provided by App.
 */
import { createContext, useContext, type RefObject } from 'react';
import type { Span } from '../../../core/model/types.ts';
import { allowedRelationTypes, checkRelation } from '../../../core/model/validation.ts';
import { snapToWords } from '../../../core/model/words.ts';
import type { Workspace } from '../../app/workspace.ts';
import type { ArticleView } from '../../editor/ArticleEditor.tsx';
import { linkGroups } from './linkTargets.ts';
import { readOnlyReason } from '../../../core/review/layerView.ts';

export interface AnnotateUi {
  view: RefObject<ArticleView | null>;
  /** The text span selected in the article, or null. */
  readSelection(): Span | null;
  notice(message: string): void;
}

export const AnnotateUiContext = createContext<AnnotateUi | null>(null);

export function useAnnotateUi(): AnnotateUi {
  const ui = useContext(AnnotateUiContext);
  if (!ui) throw new Error('useAnnotateUi() needs an <AnnotateUiContext.Provider> above it.');
  return ui;
}

/** Adds the article's selected text to the selected annotation as a further range ("+"). */
export async function addSelectionToSelected(workspace: Workspace, ui: AnnotateUi): Promise<void> {
  const state = workspace.getState();
  const doc = state.doc;
  if (!doc || !state.selectedId) {
    ui.notice('Select an annotation first (click it, or J/K), then select more text and press +.');
    return;
  }
  let span = ui.readSelection();
  if (span && state.snapToWords) span = snapToWords(doc.text, span);
  if (!span) {
    ui.notice('Select the text to add in the article, then press + (or “Add selected text”).');
    return;
  }
  document.getSelection()?.collapseToEnd();
  if (await workspace.addRange(state.selectedId, span)) ui.notice('');
}

/**
 * Alt+click on a highlight while an annotation is selected: links them with the one relation type
 * the schema allows, asks (the link picker, narrowed to that target) when several do, and says
 * why not when none does.
 */
export function linkByAltClick(workspace: Workspace, ui: AnnotateUi, targetId: string): void {
  const state = workspace.getState();
  const from = state.annotations.find((a) => a.id === state.selectedId);
  const to = state.annotations.find((a) => a.id === targetId);
  if (!from || !to || !state.project) return;
  const reason = readOnlyReason(from.layer, state.annotator) ?? readOnlyReason(to.layer, state.annotator);
  if (reason) return ui.notice(`Not linked: ${reason}`);
  const types = allowedRelationTypes(state.project.schema, from.label, to.label);
  if (types.length === 1) {
    void workspace.link(from.id, to.id, types[0]!);
  } else if (types.length > 1) {
    workspace.startLinking(from.id, to.id);
  } else {
    const reasons = state.project.schema.relationTypes
      .filter((t) => t.from.length === 0 || t.from.includes(from.label))
      .map((t) => checkRelation(state.project!.schema, from.label, to.label, t.name))
      .filter(Boolean);
    const reverse = allowedRelationTypes(state.project.schema, to.label, from.label);
    ui.notice(
      reasons[0] ??
        (reverse.length > 0
          ? `No link can start at a ${from.label}; to link them, select the ${to.label} and Alt+click the ${from.label} (“${reverse.join('” or “')}”).`
          : `No relation type in this schema links a ${from.label} and a ${to.label}.`),
    );
  }
}

const short = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

/**
 * S, C, R … on a selected annotation, outside the link picker: links it to the nearest target
 * of the relation type with that key (as the picker would), or says in the notice line why not.
 */
export function linkNearest(workspace: Workspace, ui: AnnotateUi, key: string): void {
  const state = workspace.getState();
  const from = state.annotations.find((a) => a.id === state.selectedId);
  if (!from || !state.project || !state.doc) return;
  const reason = readOnlyReason(from.layer, state.annotator);
  if (reason) return ui.notice(`Not linked: ${reason}`);
  const groups = linkGroups(state.project.schema, state.doc.blocks, state.annotations, state.relations, from);
  const group = groups.find((g) => g.key === key);
  const KEY = key.toUpperCase();
  if (!group) {
    ui.notice(
      groups.length === 0
        ? `A ${from.label} cannot start a link in this project’s schema: select a claim, then press ${KEY}.`
        : `${KEY} links nothing from a ${from.label}; its links are ${groups.map((g) => `${g.key.toUpperCase()} ${g.type}`).join(', ')}.`,
    );
    return;
  }
  const targets = group.toLabels.join(' or ') || 'annotation';
  const target = group.targets[0];
  if (!target) {
    ui.notice(
      group.alreadyLinked > 0
        ? `This ${from.label} is already linked “${group.type}” to every ${targets} in this document (${group.alreadyLinked}).`
        : `No ${targets} in reach to link as “${group.type}”: tag one in this document first.`,
    );
    return;
  }
  const to = target.annotation;
  void workspace.link(from.id, to.id, group.type).then((relation) => {
    if (relation)
      ui.notice(`Linked ${from.label} “${short(from.quote)}” ${group.type} ${to.label} “${short(to.quote)}” (¶${target.paragraph}).`);
  });
}
