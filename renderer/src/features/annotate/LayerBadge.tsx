/**
 * Whose annotations the annotate view shows: the layer switch (mine, a teammate's read-only, all)
 * and the badge that names an annotation's layer in its colour.
 */
import { useMemo } from 'react';
import type { Annotation } from '../../../core/model/types.ts';
import { ALL_LAYERS, isEditableLayer, layerColor, MY_LAYER, orderedLayers } from '../../../core/review/layerView.ts';
import type { Workspace } from '../../app/workspace.ts';
import { useWorkspaceSelector } from '../../app/liveReads.ts';

export function LayerBadge({ layer, annotator }: { layer: string; annotator: string }) {
  const mine = layer === annotator;
  return (
    <span className="layer-badge" style={{ ['--layer-color' as string]: layerColor(layer, annotator) }}>
      {mine ? `${layer} (you)` : isEditableLayer(layer, annotator) ? layer : `${layer} · read-only`}
    </span>
  );
}

/** The layers of the open document, mine first (blind mode's hidden layers are not offered). */
export function useLayers(annotations: readonly Annotation[], annotator: string): string[] {
  return useMemo(() => orderedLayers([annotator, ...annotations.map((a) => a.layer)], annotator), [annotations, annotator]);
}

export function LayerSwitch({ workspace, layers, annotator }: { workspace: Workspace; layers: readonly string[]; annotator: string }) {
  const view = useWorkspaceSelector(workspace, (s) => s.layerView);
  const others = layers.filter((l) => l !== annotator);
  if (others.length === 0 && view === ALL_LAYERS) return null;
  return (
    <div className="layer-switch">
      <label>
        Layers shown{' '}
        <select value={view} onChange={(e) => workspace.setLayerView(e.target.value)}>
          <option value={ALL_LAYERS}>All layers ({layers.length})</option>
          <option value={MY_LAYER}>Mine ({annotator})</option>
          {others.map((l) => (
            <option key={l} value={l}>
              {isEditableLayer(l, annotator) ? l : `${l} (read-only)`}
            </option>
          ))}
          {view !== ALL_LAYERS && view !== MY_LAYER && !others.includes(view) && <option value={view}>{view}</option>}
        </select>
      </label>
    </div>
  );
}
