// The core code the groups bench suite bundles (see groups.mjs): for Node (quality) and for the
// page in Chromium (ranking with a prepared index).
export { claimsFingerprint, indexClaims } from '../../renderer/core/sameClaim/corpus.ts';
export { rankSameClaims } from '../../renderer/core/sameClaim/rank.ts';
export { suggestGroups } from '../../renderer/core/sameClaim/groups.ts';
