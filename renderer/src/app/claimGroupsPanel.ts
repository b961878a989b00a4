/**
 * What the Claims view (features/review) hands the claim-groups panel (features/groups), which
 * App composes into it: features do not import each other, so the contract between the two lives
 * here. The table owns the grouping layer shown, the ticked claims and the chosen group; the panel
 * lists the layer's groups and shows the chosen one.
 */
import type { ClaimGroup, ClaimGroupMember } from '../../core/model/types.ts';
import type { ClaimRow } from '../../core/review/claims.ts';
import type { DocumentFacts } from '../../core/review/claimGroupView.ts';
import type { Workspace } from './workspace.ts';

export interface ClaimGroupsPanelProps {
  workspace: Workspace;
  annotator: string;
  /** The grouping shown: an annotator's layer or gold. */
  layer: string;
  /** Whether the annotator may change this grouping. */
  editable: boolean;
  /** The layer's groups, oldest first. */
  groups: readonly ClaimGroup[];
  /** Every claim of the project, by annotation id. */
  claims: ReadonlyMap<string, ClaimRow>;
  /** The project's documents' titles and metadata, by id. */
  documents: ReadonlyMap<string, DocumentFacts>;
  /** The claims ticked in the table, in table order. */
  ticked: readonly ClaimGroupMember[];
  chosenGroupId: string | null;
  onChooseGroup(id: string | null): void;
  /** Opens a member's document at the claim (the Claims view's Open). */
  onOpen(member: ClaimGroupMember): void;
}

/** The drag-and-drop type of claim rows dragged onto a group: JSON of their members. */
export const CLAIMS_DRAG_TYPE = 'application/x-claimscope-claims';
