import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes of evaluation workflows, so runs can be listed and filtered in the UI and
 * with `temporal workflow list --query "VqaStatus='running'"`. Imported by the workflow bundle: keep
 * it free of Node imports.
 */

/** The run id (the workflow id carries it too, but a Keyword attribute filters exactly). */
export const VQA_RUN_ID = defineSearchAttributeKey('VqaRunId', SearchAttributeType.KEYWORD);
/** The model name of the run spec. */
export const VQA_MODEL = defineSearchAttributeKey('VqaModel', SearchAttributeType.KEYWORD);
/** The dataset content hash of the run spec. */
export const VQA_DATASET_HASH = defineSearchAttributeKey('VqaDatasetHash', SearchAttributeType.KEYWORD);
/** running | paused | aggregating | completed | failed | cancelled. */
export const VQA_STATUS = defineSearchAttributeKey('VqaStatus', SearchAttributeType.KEYWORD);

/** Every custom search attribute this project uses (all Keyword). */
export const VQA_SEARCH_ATTRIBUTES = [VQA_RUN_ID, VQA_MODEL, VQA_DATASET_HASH, VQA_STATUS] as const;

/** `--search-attribute NAME=Keyword` flags for `temporal server start-dev`. */
export function searchAttributeServerFlags(): string[] {
  return VQA_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]);
}
