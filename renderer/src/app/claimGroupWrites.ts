/**
 * The Workspace's claim-group writes: grouping claims, adding and removing them, merging,
 * splitting, the wording, note and fact-checks. Each goes through the Workspace's one write queue
 * as one transaction with its undo step (`db/claimGroups.ts` over the pure operations of
 * `core/model/claimGroups.ts`), so Ctrl+Z undoes it. The views read groups live
 * (`useClaimGroups` in liveReads.ts).
 *
 * Who may change a grouping: its layer's annotator, and for gold the reviewers (as for gold
 * annotations; a team server lets only reviewers write gold). A refused change says why in the
 * save status and writes nothing.
 */
import * as operations from '../../core/model/claimGroups.ts';
import type { GroupChange, GroupPatch, GroupStamp } from '../../core/model/claimGroups.ts';
import { plural } from '../../core/model/plural.ts';
import { GOLD_LAYER, type ClaimGroup, type ClaimGroupMember, type FactCheck } from '../../core/model/types.ts';
import { ValidationError } from '../../core/model/validation.ts';
import { commitGroupChange } from '../db/claimGroups.ts';
import type { Workspace } from './workspace.ts';

/** Whether `annotator` may change the groups of `layer`: their own, and gold. */
export function canEditGrouping(layer: string, annotator: string): boolean {
  return layer === annotator || layer === GOLD_LAYER;
}

export class ClaimGroupWrites {
  constructor(private readonly workspace: Workspace) {}

  /**
   * One undoable write of a change built from the project's current groups. `layer` is the
   * grouping changed; `documentId` where the undo step returns when no document is open.
   */
  private change<C extends GroupChange>(
    what: string,
    layer: string,
    documentId: string,
    build: (groups: ClaimGroup[], stamp: GroupStamp) => C,
  ): Promise<C | undefined> {
    const { project, doc, annotator } = this.workspace.getState();
    if (!project) return Promise.resolve(undefined);
    if (!canEditGrouping(layer, annotator)) {
      const reason = `the groups of ${layer} are ${layer}’s (read-only): only ${layer} can change them.`;
      return this.workspace.commit(what, () => Promise.reject(new ValidationError(reason)));
    }
    const ctx = { projectId: project.id, documentId: doc?.id ?? documentId, by: annotator };
    return this.workspace.commitUndoable(what, () => commitGroupChange(this.workspace.db, ctx, what, build));
  }

  /** Groups claims in `layer`, worded `canonical`; they leave the layer's other groups. */
  async group(layer: string, members: readonly ClaimGroupMember[], canonical: string): Promise<ClaimGroup | undefined> {
    const projectId = this.workspace.getState().project?.id;
    if (!projectId) return undefined;
    const made = await this.change(`Group ${plural(members.length, 'claim')}`, layer, members[0]?.documentId ?? '', (groups, stamp) =>
      operations.createGroup(groups, { projectId: projectId as ClaimGroup['projectId'], layer, canonical, members }, stamp),
    );
    return made?.group;
  }

  addTo(group: ClaimGroup, members: readonly ClaimGroupMember[]): Promise<GroupChange | undefined> {
    return this.change(`Add ${plural(members.length, 'claim')} to a group`, group.layer, firstDoc(group), (groups, stamp) =>
      operations.addMembers(groups, group.id, members, stamp),
    );
  }

  removeFrom(group: ClaimGroup, annotationIds: readonly string[]): Promise<GroupChange | undefined> {
    return this.change(`Take ${plural(annotationIds.length, 'claim')} out of a group`, group.layer, firstDoc(group), (groups, stamp) =>
      operations.removeMembers(groups, group.id, annotationIds, stamp),
    );
  }

  ungroup(group: ClaimGroup): Promise<GroupChange | undefined> {
    return this.change(group.members.length ? 'Ungroup' : 'Delete group', group.layer, firstDoc(group), (groups) =>
      operations.ungroup(groups, group.id),
    );
  }

  merge(into: ClaimGroup, others: readonly ClaimGroup[]): Promise<GroupChange | undefined> {
    return this.change(`Merge ${plural(others.length + 1, 'group')}`, into.layer, firstDoc(into), (groups, stamp) =>
      operations.mergeGroups(
        groups,
        into.id,
        others.map((g) => g.id),
        stamp,
      ),
    );
  }

  split(group: ClaimGroup, annotationIds: readonly string[], canonical: string): Promise<ClaimGroup | undefined> {
    return this.change('Split a group', group.layer, firstDoc(group), (groups, stamp) =>
      operations.splitGroup(groups, group.id, annotationIds, canonical, stamp),
    ).then((made) => made?.group);
  }

  edit(group: ClaimGroup, patch: GroupPatch): Promise<GroupChange | undefined> {
    const what = patch.canonical !== undefined ? 'Edit group wording' : 'Edit group note';
    return this.change(what, group.layer, firstDoc(group), (groups, stamp) => operations.editGroup(groups, group.id, patch, stamp));
  }

  addFactCheck(group: ClaimGroup, check: FactCheck): Promise<GroupChange | undefined> {
    return this.change('Add fact-check', group.layer, firstDoc(group), (groups, stamp) =>
      operations.addFactCheck(groups, group.id, check, stamp),
    );
  }

  updateFactCheck(group: ClaimGroup, index: number, check: FactCheck): Promise<GroupChange | undefined> {
    return this.change('Edit fact-check', group.layer, firstDoc(group), (groups, stamp) =>
      operations.updateFactCheck(groups, group.id, index, check, stamp),
    );
  }

  /** Drops a removed member's line (`index`) or all of them. */
  dropRemoved(group: ClaimGroup, index: number | 'all'): Promise<GroupChange | undefined> {
    const what = index === 'all' ? 'Drop removed claims' : 'Drop a removed claim';
    return this.change(what, group.layer, firstDoc(group), (groups, stamp) =>
      operations.dropRemovedMembers(groups, group.id, index, stamp),
    );
  }

  removeFactCheck(group: ClaimGroup, index: number): Promise<GroupChange | undefined> {
    return this.change('Remove fact-check', group.layer, firstDoc(group), (groups, stamp) =>
      operations.removeFactCheck(groups, group.id, index, stamp),
    );
  }
}

const firstDoc = (g: ClaimGroup) => g.members[0]?.documentId ?? g.removed?.[0]?.documentId ?? '';
