import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineErrorClass, type EnvironmentVariables } from '@dd/config';

/** A secret (an API key reference) could not be resolved, or a secrets file is unusable. */
export class SecretResolutionError extends defineErrorClass('SecretResolutionError') {}

/** Turns a secret reference (e.g. `NVIDIA_API_KEY`) into its value; throws `SecretResolutionError` when it cannot. */
export interface SecretResolver {
  /** The value of `secret`; throws `SecretResolutionError` when this resolver does not know it. */
  resolve(secret: string): string;
}

/** Reads secrets from the environment (`process.env` unless another is given). */
export class EnvironmentResolver implements SecretResolver {
  constructor(private readonly env: EnvironmentVariables = process.env) {}

  resolve(secret: string): string {
    const value = this.env[secret];
    if (value === undefined || value === '') {
      throw new SecretResolutionError(`Environment variable '${secret}' is required but not set.`, { fix: `Export ${secret} and try again.` });
    }
    return value;
  }
}

/** Uses the reference itself as the value (a literal key written in the provider config). */
export class PlaintextResolver implements SecretResolver {
  resolve(secret: string): string {
    return secret;
  }
}

/**
 * Reads secrets from a JSON file mapping names to values (`{"NVIDIA_API_KEY": "nvapi-…"}`), as the
 * original's `SecretsFileResolver`. A missing file holds no secrets; a file that is not a JSON object
 * of strings is an error naming the file (never its values).
 */
export class SecretsFileResolver implements SecretResolver {
  /** Absolute path of the secrets file. */
  readonly filePath: string;
  private readonly secrets: Record<string, string>;

  constructor(filePath: string) {
    this.filePath = path.resolve(filePath);
    this.secrets = readSecretsFile(this.filePath);
  }

  resolve(secret: string): string {
    const value = Object.hasOwn(this.secrets, secret) ? this.secrets[secret] : undefined;
    if (value === undefined) {
      throw new SecretResolutionError(`No secret '${secret}' in secrets file ${this.filePath}.`, { fix: `Add "${secret}" to ${this.filePath}.` });
    }
    return value;
  }
}

function readSecretsFile(filePath: string): Record<string, string> {
  if (!existsSync(filePath)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (error) {
    throw new SecretResolutionError(`Secrets file ${filePath} is not valid JSON: ${(error as Error).message.split('\n')[0]}.`, {
      fix: 'Write it as a JSON object of name → value strings, e.g. {"NVIDIA_API_KEY": "…"}.',
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SecretResolutionError(
      `Secrets file ${filePath} must hold a JSON object of name → value strings, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}.`,
      {
        fix: 'Write it as {"NVIDIA_API_KEY": "…"}.',
      },
    );
  }
  const bad = Object.entries(parsed)
    .filter(([, value]) => typeof value !== 'string')
    .map(([key]) => key);
  if (bad.length > 0) {
    throw new SecretResolutionError(`Secrets file ${filePath}: the value of ${bad.map((key) => `'${key}'`).join(', ')} is not a string.`, {
      fix: 'Every value must be a string.',
    });
  }
  return parsed as Record<string, string>;
}

/** Tries resolvers in order; the first that knows the secret wins. */
export class CompositeResolver implements SecretResolver {
  /** The resolvers, in the order they are asked. */
  readonly resolvers: readonly SecretResolver[];

  constructor(resolvers: readonly SecretResolver[]) {
    if (resolvers.length === 0) throw new SecretResolutionError('CompositeResolver needs at least one resolver.');
    this.resolvers = [...resolvers];
  }

  resolve(secret: string): string {
    const errors: string[] = [];
    for (const resolver of this.resolvers) {
      try {
        return resolver.resolve(secret);
      } catch (error) {
        if (!SecretResolutionError.isInstance(error)) throw error;
        errors.push(error.message);
      }
    }
    throw new SecretResolutionError(`No resolver could resolve the secret '${secret}': ${errors.join(' ')}`);
  }
}

/** The original's default: the environment, then the reference as a literal key. */
export function defaultSecretResolver(): SecretResolver {
  return new CompositeResolver([new EnvironmentResolver(), new PlaintextResolver()]);
}

/**
 * An environment view backed by a resolver (what the engine reads API key references from): a
 * reference the resolver cannot resolve reads as unset, so the engine treats it as a literal key.
 */
export function secretEnvironment(resolver: SecretResolver): EnvironmentVariables {
  const empty: EnvironmentVariables = {};
  return new Proxy(empty, {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      try {
        const value = resolver.resolve(key);
        // A reference resolved to itself (plaintext) is a literal key, not a variable.
        return value === key ? undefined : value;
      } catch (error) {
        if (SecretResolutionError.isInstance(error)) return undefined;
        throw error;
      }
    },
  });
}
