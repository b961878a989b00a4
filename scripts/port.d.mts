export const WEB_PORT: number;
export function portTakenMessage(port: number, get?: (url: string) => Promise<Response>): Promise<string>;
