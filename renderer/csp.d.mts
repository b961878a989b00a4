export const CONTENT_SECURITY_POLICY: string;
export const CONTENT_SECURITY_POLICY_HEADER: string;
