/**
 * Passwords never leave rowmeter: the password of every database URL it is given (and of the
 * embedded server it starts) is registered here, and every line it prints and every file it
 * writes goes through {@link scrub}, so a driver or a scenario that puts a connection string in
 * its error message cannot carry the password into a log, results.json or a report.
 */
const secrets = new Set<string>();

/** Registers a secret (ignored when too short to be told from ordinary text). */
export function registerSecret(secret: string | null | undefined): void {
  if (secret && secret.length >= 4) secrets.add(secret);
}

/** Registers the password of a database URL, as written and URL-decoded. */
export function registerUrlSecret(value: string | null | undefined): void {
  if (!value) return;
  try {
    const url = new URL(value);
    registerSecret(url.password);
    registerSecret(decodeURIComponent(url.password));
  } catch {
    // Not a URL: parseDatabaseUrl says so to the user.
  }
}

/** `text` with every registered secret replaced by `***`. */
export function scrub(text: string): string {
  let clean = text;
  for (const secret of secrets) if (clean.includes(secret)) clean = clean.split(secret).join('***');
  return clean;
}

/** Makes every later write to stdout and stderr go through {@link scrub}. */
export function scrubStandardStreams(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? scrub(chunk) : Buffer.isBuffer(chunk) ? scrub(chunk.toString()) : chunk, ...rest)) as typeof stream.write;
  }
}
