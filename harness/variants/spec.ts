/**
 * `--versions`: the library versions to run side by side, as tachometer takes them. A list of
 * variants separated by commas; a variant is `[label=]package@version`, several packages joined
 * by `+` (`old=pg@8.11.3+pg-cursor@2.10.0`). Pure parsing: a bad spec is one line naming the part.
 */
import { UsageError } from '../errors.js';

/** One package at one version (a version, a range or a dist-tag, as npm takes it). */
export interface PackageSpec {
  name: string;
  version: string;
}

/** One side of a comparison: its label and the packages it swaps in. */
export interface VariantSpec {
  /** Letters, digits, `.`, `_`, `-`: the label goes into cell ids (`backfill/pg/iterator{old}`). */
  label: string;
  packages: PackageSpec[];
}

/** npm's rule for a package name: lower case, URL-safe, optionally scoped. */
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/** What a version, range or tag may hold (no spaces, no shell characters). */
const VERSION = /^[A-Za-z0-9.^~<>=*|+_-]+$/;
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `pg@8.11.3` → `pg-8.11.3`: a default label made only of the characters a label may hold. */
export function defaultLabel(packages: readonly PackageSpec[]): string {
  return packages.map((entry) => `${entry.name.replace(/^@/, '').replace(/\//g, '-')}-${entry.version}`.replace(/[^A-Za-z0-9._-]/g, '_')).join('+').replace(/\+/g, '_');
}

function parsePackage(text: string, flag: string): PackageSpec {
  const at = text.lastIndexOf('@');
  if (at <= 0) throw new UsageError(`${flag}: expected package@version, got ${JSON.stringify(text)}`);
  const name = text.slice(0, at);
  const version = text.slice(at + 1);
  if (!PACKAGE_NAME.test(name)) throw new UsageError(`${flag}: ${JSON.stringify(name)} is not a package name`);
  if (!VERSION.test(version)) throw new UsageError(`${flag}: ${JSON.stringify(version)} is not a version of ${name}`);
  return { name, version };
}

/** One variant: `[label=]pkg@version(+pkg@version)*`. */
export function parseVariant(text: string, flag = '--versions'): VariantSpec {
  const trimmed = text.trim();
  const equals = trimmed.indexOf('=');
  const label = equals >= 0 ? trimmed.slice(0, equals) : null;
  const body = equals >= 0 ? trimmed.slice(equals + 1) : trimmed;
  if (body === '') throw new UsageError(`${flag}: expected package@version after ${JSON.stringify(`${label}=`)}`);
  const packages = body.split('+').map((part) => parsePackage(part.trim(), flag));
  const names = packages.map((entry) => entry.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) throw new UsageError(`${flag}: ${twice} appears twice in ${JSON.stringify(trimmed)}`);
  if (label !== null && !LABEL.test(label)) throw new UsageError(`${flag}: label ${JSON.stringify(label)} must be letters, digits, '.', '_' or '-'`);
  return { label: label ?? defaultLabel(packages), packages };
}

/**
 * The whole `--versions` value: at least two variants (a comparison needs two sides), labels
 * unique. The packages need not be the same on every side: a side may swap in a package the
 * other leaves as the project has it.
 */
export function parseVersions(value: string, flag = '--versions'): VariantSpec[] {
  const parts = value.split(',');
  if (parts.some((part) => part.trim() === '')) throw new UsageError(`${flag}: expected variants separated by commas (pg@8.11.3,pg@8.23.1), got ${JSON.stringify(value)}`);
  const variants = parts.map((part) => parseVariant(part, flag));
  if (variants.length < 2) throw new UsageError(`${flag}: expected at least two variants to compare, got ${JSON.stringify(value)}`);
  const labels = variants.map((variant) => variant.label);
  const twice = labels.find((label, index) => labels.indexOf(label) !== index);
  if (twice !== undefined) throw new UsageError(`${flag}: two variants are labelled ${JSON.stringify(twice)}; name them (old=…,new=…)`);
  return variants;
}
