export function seedProject(
  post: (path: string, body: unknown) => Promise<unknown>,
  database: string,
  shape: { documents: number; annotations: number },
): Promise<void>;
