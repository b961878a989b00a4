/**
 * Drag and drop onto the window: while files are dragged over it, a drop zone covers the window;
 * dropping them (folders included) starts an import with them.
 */
import { useEffect, useState } from 'react';
import type { InputFile } from '../../platform/platform.ts';
import { hasFiles, readDropped } from './droppedFiles.ts';

export function DropZone({
  onFiles,
  onRefused,
  disabled,
}: {
  onFiles(files: InputFile[]): void;
  onRefused(message: string): void;
  disabled: boolean;
}) {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    if (disabled) return;
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      void readDropped(e.dataTransfer).then(
        (files) => files.length > 0 && onFiles(files),
        (err: Error) => onRefused(`The dropped files could not be opened: ${err.message}`),
      );
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [onFiles, onRefused, disabled]);
  if (!dragging) return null;
  return (
    <div className="drop-zone" role="status" aria-live="assertive">
      <p>Drop files or folders to import them</p>
    </div>
  );
}
