export const CONTENT_SECURITY_POLICY: string;
export const CONTENT_SECURITY_POLICY_HEADER: string;
export function checkSyncOrigin(value: string): string;
export function policyWithSyncOrigin(origins: string | readonly string[] | undefined): string;
export function headerWithSyncOrigin(origins: string | readonly string[] | undefined): string;
