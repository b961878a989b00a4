import { serializeJsonl } from '../../../core/formats/native-jsonl.ts';
import type { AppDb } from '../../db/db.ts';
import type { Platform } from '../../platform/platform.ts';
import { fileStem, loadDataset } from './loadDataset.ts';

/** Writes the whole project as Claimscope JSONL through a save dialog (desktop) or a download (web). */
export async function exportProjectJsonl(db: AppDb, platform: Platform, projectId: string) {
  const dataset = await loadDataset(db, projectId);
  const content = serializeJsonl(dataset);
  const result = await platform.saveFile(`${fileStem(dataset.project.name)}.jsonl`, content, [
    { name: 'Claimscope JSONL', extensions: ['jsonl'] },
  ]);
  return { ...result, documents: dataset.documents.length, annotations: dataset.annotations.length };
}
