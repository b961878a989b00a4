/** pdf.js's worker module, loaded inside the import worker as `globalThis.pdfjsWorker`. */
declare module 'pdfjs-dist/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
