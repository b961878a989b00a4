// The core code the suggest bench suite bundles for Node (see suggest.mjs).
export { suggest, suggestDataset } from '../../renderer/core/suggest/index.ts';
export { parseJsonl } from '../../renderer/core/formats/native-jsonl.ts';
export { datasetFromImported } from '../../renderer/core/formats/dataset.ts';
export { layerFromDataset, matchLayersByText, agreementSummary, formatSummary } from '../../renderer/core/review/agreementCli.ts';
