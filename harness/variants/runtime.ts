/**
 * How a measured child runs as a `--versions` variant: Node's `--import` of the preload that
 * resolves the variant's packages in its folder, and the variant in the environment.
 */
import { fileURLToPath } from 'node:url';

const PRELOAD = fileURLToPath(new URL('./preload.js', import.meta.url));

/** What a child needs of an installed variant. */
export interface VariantRuntime {
  /** The folder whose `node_modules` holds the variant's packages. */
  directory: string;
  /** The package names it swaps in. */
  packages: string[];
}

/** Node arguments for a child of `variant` (none without one). */
export function variantNodeArgs(variant: VariantRuntime | null | undefined): string[] {
  return variant ? ['--import', PRELOAD] : [];
}

/** Environment for a child of `variant` (empty without one). */
export function variantEnvironment(variant: VariantRuntime | null | undefined): Record<string, string> {
  return variant ? { ROWMETER_VARIANT: JSON.stringify({ directory: variant.directory, packages: variant.packages }) } : {};
}
