import { HuggingFaceHubClientUploadError } from './hub-upload-error.js';

const NAME_PART = /^[A-Za-z0-9_.-]{1,96}$/;

/**
 * Checks a dataset repo id the way the Hub does: `<owner>/<name>`, each part letters, digits, `-`,
 * `_` or `.` (at most 96), not starting or ending with `-` or `.`, without `--` or `..`, and the
 * name not ending in `.git`. Throws a `HuggingFaceHubClientUploadError` naming the rule broken.
 */
export function validateHubRepoId(repoId: string): void {
  const fail = (why: string): never => {
    throw new HuggingFaceHubClientUploadError(`Invalid Hugging Face repo id '${repoId}': ${why}.`, {
      fix: "Write '<user or organization>/<dataset name>', e.g. 'my-org/support-tickets'.",
    });
  };
  if (!repoId?.trim()) fail('it is empty');
  const parts = repoId.split('/');
  if (parts.length !== 2) fail("expected exactly one '/' between owner and dataset name");
  for (const part of parts) {
    if (!NAME_PART.test(part)) fail(`'${part}' must be 1 to 96 letters, digits, '-', '_' or '.'`);
    if (/^[-.]|[-.]$/.test(part)) fail(`'${part}' must not start or end with '-' or '.'`);
    if (part.includes('--') || part.includes('..')) fail(`'${part}' must not contain '--' or '..'`);
  }
  if (parts[1]?.endsWith('.git')) fail("the name must not end with '.git'");
}
