// Types of docgen.mjs for the TypeScript that imports it (the `?bench=1` hook in the page).
export interface GeneratedArticle {
  title: string;
  text: string;
  metadata: { source: string; date: string; category: string };
}

export function prng(seed: number): () => number;
export function createArticleGenerator(seed?: number): () => GeneratedArticle;
