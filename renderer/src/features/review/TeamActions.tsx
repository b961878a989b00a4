/**
 * Exchange without a server: "Share my annotations" saves this annotator's layer as a bundle;
 * "Add teammates' annotations" reads bundles and adds each as its own layer.
 */
import { useState } from 'react';
import { version as APP_VERSION } from '../../../../package.json';
import type { Workspace } from '../../app/workspace.ts';
import type { Platform } from '../../platform/platform.ts';
import { addBundle, shareBundle } from '../../db/review.ts';

interface Props {
  workspace: Workspace;
  platform: Platform;
  projectId: string;
  annotator: string;
  onNotice(text: string): void;
}

const FILTERS = [{ name: 'Claimscope annotator bundle', extensions: ['zip'] }];

export function TeamActions({ workspace, platform, projectId, annotator, onNotice }: Props) {
  const [busy, setBusy] = useState(false);

  const share = async () => {
    setBusy(true);
    try {
      const bundle = await shareBundle(workspace.db, projectId, annotator, { appVersion: APP_VERSION });
      if (bundle.annotations === 0) {
        onNotice(`There are no annotations by ${annotator} in this project yet, so there is nothing to share.`);
        return;
      }
      const saved = await platform.saveFile(bundle.fileName, bundle.bytes, FILTERS);
      onNotice(
        saved.saved
          ? `Shared ${bundle.annotations} annotations on ${bundle.documents} documents by ${annotator}${saved.where ? ` to ${saved.where}` : ''}.`
          : 'Sharing cancelled.',
      );
    } catch (err) {
      onNotice(`Sharing failed: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const add = async () => {
    const files = await platform.openFiles(FILTERS, true);
    if (files.length === 0) return;
    setBusy(true);
    try {
      const messages: string[] = [];
      for (const f of files) {
        const result = await workspace.writeProject(`Add ${f.name}`, () => addBundle(workspace.db, projectId, annotator, f.name, f.data));
        if (result) messages.push(result.ok ? result.message : `${f.name}: ${result.message}`);
      }
      onNotice(messages.join(' '));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="team-actions" role="group" aria-label="Team">
      <button type="button" onClick={() => void share()} disabled={busy} title="Save your layer as a bundle to send to the reviewer">
        Share my annotations
      </button>
      <button type="button" onClick={() => void add()} disabled={busy} title="Add teammates' bundles as separate layers">
        Add teammates’ annotations
      </button>
    </div>
  );
}
