import { pushDatasetToHub } from '@dd/engine';

/** Flags of `data-designer push-to-hub`. */
export interface PushToHubCommandOptions {
  datasetPath: string;
  repoId: string;
  description?: string;
  private?: boolean;
  tags: string[];
  license?: string;
  endpoint?: string;
  commitMessage?: string;
}

/**
 * `data-designer push-to-hub DATASET_DIR REPO_ID`: uploads a dataset folder to a Hugging Face
 * dataset repo (progress on stderr, the URL on stdout). The token comes from `HF_TOKEN`,
 * `HUGGING_FACE_HUB_TOKEN` or the `hf auth login` file, never from the command line.
 */
export async function runPushToHub(options: PushToHubCommandOptions): Promise<void> {
  const result = await pushDatasetToHub(options.datasetPath, options.repoId, {
    ...(options.description !== undefined ? { description: options.description } : {}),
    private: options.private === true,
    tags: options.tags,
    ...(options.license !== undefined ? { license: options.license } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.commitMessage !== undefined ? { commitMessage: options.commitMessage } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${result.url}\n`);
}
