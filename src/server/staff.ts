import { randomBytes } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { hash, verify } from '@node-rs/argon2';
import { writeFileAtomic } from '../files/atomic.ts';
import type { Project } from '../index.ts';
import type { Records } from '../records/index.ts';

/** argon2id (the library's default) with its default cost: about 50 ms and 19 MB per sign-in on a small machine. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of no password: checked when the user is unknown, so a wrong name takes as long as a wrong password. */
const NOBODY = hash(randomBytes(16).toString('hex'));

/**
 * The staff member a name and password sign in, or null: users in the config
 * first, then those added to the records database with `handout staff add`.
 */
export async function signIn(project: Project, records: Records, name: string, password: string): Promise<string | null> {
  const configured = project.config.staff.find((user) => user.name === name);
  const stored = configured ?? (await records.staffNamed(name));
  const matches = await verify(stored?.passwordHash ?? (await NOBODY), password).catch(() => false);
  return stored && matches ? stored.name : null;
}

/** Whether a name can be a staff member's: what a trusted proxy header or a sign-in form may name. */
export const STAFF_NAME = /^[a-z0-9][a-z0-9._@-]{0,127}$/i;

/**
 * The key that signs the front desk's cookies, made on first start and kept
 * in var/ (readable by the server's user only), so forms stay valid across
 * restarts.
 */
export async function cookieSecret(varDir: string): Promise<string> {
  const file = path.join(varDir, 'cookie-secret');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing && existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(32).toString('hex');
  await writeFileAtomic(file, secret);
  await chmod(file, 0o600);
  return secret;
}
