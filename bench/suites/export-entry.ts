// The core export code the export bench suite bundles for Node (see export.mjs).
export { writeExportNow, streamExport, countLoss, EXPORT_FORMATS } from '../../renderer/core/formats/exports.ts';
export { writeArchive } from '../../renderer/core/formats/archive.ts';
export { streamArchive, streamVerifiedArchive } from '../../renderer/core/formats/archive-stream.ts';
export { ArchiveStreamCheck } from '../../renderer/core/formats/archive-check.ts';
export { DEFAULT_SCHEMA } from '../../renderer/core/model/schema.ts';
