/**
 * The top bar's "Team" menu. Exchange without a server: "Share my annotations" saves this annotator's layer as a bundle and
 * says where; "Add teammates' annotations" reads bundles, previews what each would add (see
 * BundlePreview) and adds the accepted ones, each as its own layer. Outcomes are notifications
 * that stay until dismissed.
 */
import { useState } from 'react';
import { version as APP_VERSION } from '../../../../package.json';
import type { Workspace } from '../../app/workspace.ts';
import type { Platform } from '../../platform/platform.ts';
// Review bundles (their archive code) load when one is first shared or added.
const review = () => import('../../db/review.ts');
import { useNotify } from '../../components/Notifications.tsx';
import { plural } from '../../../core/model/plural.ts';
import { BundlePreview, type PreviewedBundle } from './BundlePreview.tsx';
import { MenuButton } from '../../components/MenuButton.tsx';

interface Props {
  workspace: Workspace;
  platform: Platform;
  projectId: string;
  annotator: string;
  /** Opens the team server dialog, the menu's last item. */
  onTeamServer(): void;
  onTeamPanel(): void;
}

const FILTERS = [{ name: 'Claimscope annotator bundle', extensions: ['zip'] }];

export function TeamActions({ workspace, platform, projectId, annotator, onTeamServer, onTeamPanel }: Props) {
  const [busy, setBusy] = useState(false);
  const [previews, setPreviews] = useState<PreviewedBundle[] | null>(null);
  const notify = useNotify();

  const share = async () => {
    setBusy(true);
    try {
      const bundle = await (await review()).shareBundle(workspace.db, projectId, annotator, { appVersion: APP_VERSION });
      if (bundle.annotations === 0) {
        notify({
          title: 'Nothing to share',
          text: `There are no annotations by ${annotator} in this project yet, so there is nothing to share.`,
        });
        return;
      }
      const saved = await platform.saveFile(bundle.fileName, bundle.bytes, FILTERS);
      if (!saved.saved) {
        notify({ title: 'Sharing cancelled', text: 'Sharing cancelled: no file was saved.' });
        return;
      }
      notify({
        kind: 'success',
        title: 'Annotations shared',
        text: `Shared ${plural(bundle.annotations, 'annotation')} on ${plural(bundle.documents, 'document')} by ${annotator}. Saved to ${saved.where ?? bundle.fileName}. Send this file to your reviewer.`,
      });
    } catch (err) {
      notify({ kind: 'error', title: 'Sharing failed', text: `Sharing failed: ${(err as Error).message}` });
    } finally {
      setBusy(false);
    }
  };

  const choose = async () => {
    const files = await platform.openFiles(FILTERS, true);
    if (files.length === 0) return;
    setBusy(true);
    try {
      const previewed: PreviewedBundle[] = [];
      for (const f of files)
        previewed.push({ file: f, result: await (await review()).previewBundle(workspace.db, projectId, annotator, f) });
      setPreviews(previewed);
    } catch (err) {
      notify({ kind: 'error', title: 'Could not read the bundles', text: `Could not read the bundles: ${(err as Error).message}` });
    } finally {
      setBusy(false);
    }
  };

  const add = async (chosen: readonly PreviewedBundle[]) => {
    setPreviews(null);
    setBusy(true);
    try {
      for (const { file } of chosen) {
        const result = await workspace.writeProject(`Add ${file.name}`, async () =>
          (await review()).addBundle(workspace.db, projectId, annotator, file),
        );
        if (!result) continue;
        notify(
          result.ok
            ? { kind: 'success', title: 'Layer added', text: `${result.message} From ${file.name}.` }
            : { kind: 'error', title: `Not added: ${file.name}`, text: `${file.name}: ${result.message}` },
        );
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <MenuButton
        label="Team"
        items={[
          {
            label: 'Share my annotations',
            onSelect: () => void share(),
            disabled: busy,
            title: 'Save your layer as a bundle to send to the reviewer',
          },
          {
            label: 'Add teammates’ annotations',
            onSelect: () => void choose(),
            disabled: busy,
            title: "Add teammates' bundles as separate layers",
          },
          { label: 'Team server', onSelect: onTeamServer, title: 'Connect this project to a team server and sync' },
          { label: 'Team progress', onSelect: onTeamPanel, title: 'Members, their last activity and each annotator’s status per document' },
        ]}
      />
      {previews && <BundlePreview previews={previews} onCancel={() => setPreviews(null)} onAdd={(chosen) => void add(chosen)} />}
    </>
  );
}
