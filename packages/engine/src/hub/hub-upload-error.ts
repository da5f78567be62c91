import { defineErrorClass } from '@dd/config';

/** Pushing a dataset to the Hugging Face Hub failed (bad repo id or folder, refused token, Hub error); names the step and the repo, never the token. */
export class HuggingFaceHubClientUploadError extends defineErrorClass('HuggingFaceHubClientUploadError') {}
