/** Globals Node libraries expect, for esbuild's `inject` (dashboard/src/bundle.ts). */
import { Buffer } from "buffer";

export { Buffer };
