// Password hashing: argon2id (memory-hard) from @node-rs/argon2 with OWASP's
// recommended minimum parameters, and a generator for one-time passwords.
// It lives with the accounts because the hash is what ops.users stores: the
// account repository writes and verifies it, for the server's login and the
// CLI's `users add | reset-password` alike.
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum, not importable under verbatimModuleSyntax) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;

export class PasswordPolicyError extends Error {
  readonly code = 'PASSWORD_POLICY';
}

export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new PasswordPolicyError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  if (password.length > 1024) throw new PasswordPolicyError('The password is longer than 1024 characters.');
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A hash of a random password: verifying unknown usernames against it costs
// the same time as a real check, so response times do not reveal which users exist.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}

/** 24 random characters from an unambiguous alphabet (~140 bits). */
export function generatePassword(length = 24): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    // Reject bytes that would bias the modulo.
    if (bytes[i] < 256 - (256 % alphabet.length)) out += alphabet[bytes[i] % alphabet.length];
  }
  return out.length === length ? out : generatePassword(length);
}
