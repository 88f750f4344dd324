/**
 * The ES module resolve hook of harness/variants/preload.ts, for Node versions without
 * `module.registerHooks` (it then runs on Node's hooks thread): a variant's packages resolve as if
 * imported from the variant's folder.
 */
interface HookData {
  parentURL: string;
  packages: string[];
}

let data: HookData = { parentURL: '', packages: [] };

export function initialize(given: HookData): void {
  data = given;
}

export async function resolve(specifier: string, context: { parentURL?: string }, next: (specifier: string, context: object) => Promise<unknown>): Promise<unknown> {
  const ours = data.packages.some((name) => specifier === name || specifier.startsWith(`${name}/`));
  return next(specifier, ours ? { ...context, parentURL: data.parentURL } : context);
}
