import { z } from "zod";

/**
 * The one pattern for an exercise slug (and other URL-safe names such as the queue's): lowercase
 * letters, digits and dashes, 1 to 80 characters. Shared by the web app, the worker and the catalog.
 */
export const SLUG_PATTERN = /^[a-z0-9-]{1,80}$/;

export const slugSchema = (message?: string) => z.string().regex(SLUG_PATTERN, message);
