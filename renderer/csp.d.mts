export const CONTENT_SECURITY_POLICY: string;
export const CONTENT_SECURITY_POLICY_HEADER: string;
export function checkSyncOrigin(value: string): string;
export function policyWithSyncOrigin(origin: string | undefined): string;
export function headerWithSyncOrigin(origin: string | undefined): string;
