/**
 * Gives components deep in the tree (attribute fields, the entity picker) the open workspace
 * without threading it through every panel. App provides it; `useWorkspace` reads it.
 */
import { createContext, useContext } from 'react';
import type { Workspace } from './workspace.ts';

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace() needs a <WorkspaceContext.Provider> above it.');
  return workspace;
}
