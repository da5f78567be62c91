export { DEFAULT_HF_ENDPOINT, resolveHubEndpoint } from './hub-endpoint.js';
export { HubDatasetClient, type HubCommitFile, type HubCommitResult, type HubDatasetClientOptions } from './hub-dataset-client.js';
export { HuggingFaceHubClientUploadError } from './hub-upload-error.js';
export { hubMetadata, pushDatasetToHub, type HubPushResult, type PushDatasetToHubOptions } from './push-dataset-to-hub.js';
export { DEFAULT_HUB_CARD_TAGS, hubSizeCategory, renderHubDatasetCard, type HubDatasetCardInput } from './render-hub-dataset-card.js';
export { hubTokenFilePath, resolveHubToken, type ResolvedHubToken } from './resolve-hub-token.js';
export { validateHubRepoId } from './validate-hub-repo-id.js';
