export function fingerprint(): string;
export function isUpToDate(url: string): Promise<boolean>;
export function markUpToDate(url: string): Promise<void>;
